import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A drone under test. The ground-link knows it only by MAVLink system id on a range, so
 * (rangeId, sysId) finds it during ingest, and one vehicle at a time holds each pair (the
 * vehicle routes refuse a second with 409). A vehicle heard but not registered is created with
 * `makerId: null` and serial `auto:<rangeId>:<sysId>`; registering the real vehicle for that pair
 * takes this automatic record over, with its flights.
 */
export const vehicleSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120 },
    /** Maker's serial number; unique. */
    serial: { type: String, required: true, trim: true, maxlength: 120, unique: true },
    model: { type: String, trim: true, maxlength: 120, default: null },
    makerId: { type: Types.ObjectId, ref: 'Maker', default: null },
    rangeId: { type: Types.ObjectId, ref: 'Range', default: null },
    /** MAVLink system id the vehicle flies with on its range. */
    sysId: { type: Number, min: 1, max: 255, default: null },
    /** MAV_TYPE and MAV_AUTOPILOT, learnt from its heartbeats. */
    mavType: { type: Number, default: null },
    autopilot: { type: Number, default: null },
    /** Test plan applied to its flights unless a flight names another. */
    defaultTestPlanId: { type: Types.ObjectId, ref: 'TestPlan', default: null },
  },
  { timestamps: true },
);
vehicleSchema.index({ rangeId: 1, sysId: 1 });
vehicleSchema.index({ makerId: 1 });

export type VehicleDoc = InferSchemaType<typeof vehicleSchema>;
