import { Schema, Types, type InferSchemaType } from 'mongoose';

export const FLIGHT_STATUSES = ['live', 'landed', 'evaluated'] as const;
export type FlightStatus = (typeof FLIGHT_STATUSES)[number];

export const FLIGHT_END_REASONS = ['disarm', 'link-silent', 'import'] as const;

const boundingBoxSchema = new Schema(
  {
    minLatDeg: Number,
    minLonDeg: Number,
    maxLatDeg: Number,
    maxLonDeg: Number,
  },
  { _id: false },
);

/** Kept up to date while the flight flies. Units in the names. */
const flightSummarySchema = new Schema(
  {
    durationS: { type: Number, default: 0 },
    distanceM: { type: Number, default: 0 },
    maxAltRelM: { type: Number, default: null },
    maxGroundSpeedMps: { type: Number, default: null },
    boundingBox: { type: boundingBoxSchema, default: null },
    /** Samples stored per kind, e.g. { position: 3000, attitude: 4500 }. */
    sampleCounts: { type: Schema.Types.Mixed, default: {} },
    eventCount: { type: Number, default: 0 },
    rawFrameCount: { type: Number, default: 0 },
    linkLossPct: { type: Number, default: null },
    /** The ground-link's sequence-number counters over the flight; null on older flights. */
    framesReceived: { type: Number, default: null },
    /** Lost as the sequence numbers show, and whole wraps silences hid (an estimate). */
    framesLostBySeq: { type: Number, default: null },
    framesLostEstimated: { type: Number, default: null },
  },
  { _id: false },
);

/**
 * One sortie of one vehicle, from arm to disarm. What came before arming is kept as the
 * pre-flight part (`startedAt` ≤ `armedAt`). Denormalised maker and vehicle names let the list
 * filter and search without joins; `makerId` is what maker scoping checks.
 */
export const flightSchema = new Schema(
  {
    vehicleId: { type: Types.ObjectId, ref: 'Vehicle', required: true },
    makerId: { type: Types.ObjectId, ref: 'Maker', default: null },
    rangeId: { type: Types.ObjectId, ref: 'Range', default: null },
    testPlanId: { type: Types.ObjectId, ref: 'TestPlan', default: null },
    vehicleName: { type: String, default: '' },
    makerName: { type: String, default: '' },
    /** Where it came from: the ground-link's id and the vehicle's MAVLink ids on it. */
    linkId: { type: String, required: true },
    sysId: { type: Number, required: true },
    compId: { type: Number, required: true },
    status: { type: String, enum: FLIGHT_STATUSES, required: true, default: 'live' },
    source: { type: String, enum: ['live', 'import'], required: true, default: 'live' },
    /** First sample kept (the pre-flight part starts here). */
    startedAt: { type: Date, required: true },
    armedAt: { type: Date, default: null },
    disarmedAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    endReason: { type: String, enum: FLIGHT_END_REASONS, default: null },
    lastHeardAt: { type: Date, required: true },
    summary: { type: flightSummarySchema, default: () => ({}) },
    /** Overall verdict of the latest evaluation, for filtering the list. */
    verdict: { type: String, enum: ['pass', 'fail', 'incomplete', null], default: null },
  },
  { timestamps: true },
);
flightSchema.index({ startedAt: -1 });
flightSchema.index({ makerId: 1, startedAt: -1 });
flightSchema.index({ vehicleId: 1, startedAt: -1 });
flightSchema.index({ linkId: 1, sysId: 1, status: 1 });

export type FlightDoc = InferSchemaType<typeof flightSchema>;
