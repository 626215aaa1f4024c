import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A flight-test range: where flights happen, its local time zone and its geofences.
 *
 * `fences` holds the range's fences in Sortie's fence model (server/certification/fences).
 * FerretDB v1 refuses arrays directly inside arrays, so polygons are stored as arrays of
 * `{ latDeg, lonDeg }` objects, never as GeoJSON coordinate arrays.
 */
export const rangeSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120, unique: true },
    /** IANA time zone the range's times are shown in. */
    timeZone: { type: String, required: true, default: 'Asia/Seoul' },
    origin: {
      latDeg: { type: Number, required: true, min: -90, max: 90 },
      lonDeg: { type: Number, required: true, min: -180, max: 180 },
      altMslM: { type: Number, default: 0 },
    },
    fences: { type: Schema.Types.Mixed, default: null },
    /** Bumped on every fence change, so a flight records which fences it was checked against. */
    fencesVersion: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export type RangeDoc = InferSchemaType<typeof rangeSchema>;
