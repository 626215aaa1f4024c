import { Schema, Types, type InferSchemaType } from 'mongoose';

export const EVALUATION_TRIGGERS = ['request', 'flight-end'] as const;
export type EvaluationTrigger = (typeof EVALUATION_TRIGGERS)[number];

/**
 * One signed evaluation of one flight against one plan version. Never changed once written:
 * re-evaluating writes version n+1 for the flight. Results and the fences used are stored as the
 * canonical JSON text the signature was computed over (see evaluationSignature.ts).
 */
export const evaluationSchema = new Schema(
  {
    flightId: { type: Types.ObjectId, ref: 'Flight', required: true },
    /** 1 for the flight's first evaluation, n+1 for each one after. */
    version: { type: Number, required: true, min: 1 },
    planId: { type: Types.ObjectId, ref: 'TestPlan', required: true },
    planVersionId: { type: Types.ObjectId, ref: 'TestPlanVersion', required: true },
    planVersion: { type: Number, required: true },
    planName: { type: String, required: true },
    planSha256: { type: String, required: true },
    rangeId: { type: Types.ObjectId, ref: 'Range', default: null },
    fencesVersion: { type: Number, default: null },
    /** The range's fences at evaluation time, so later fence edits do not change the report. */
    fencesJson: { type: String, default: null },
    rawFramesSha256: { type: String, required: true },
    resultsJson: { type: String, required: true },
    /** Canonical JSON of the evaluation's warnings (messages: code and parameters). */
    warningsJson: { type: String, default: '[]' },
    overallVerdict: { type: String, enum: ['pass', 'fail', 'incomplete'], required: true },
    /** Content address: SHA-256 over the raw record, plan and results (evaluationSignature.ts). */
    signatureSha256: { type: String, required: true },
    /**
     * The range's Ed25519 signature over the evaluation's evidence, as the canonical JSON of a
     * SignedEvaluation (telemetry/evidence): what reports embed and anyone verifies offline.
     */
    signedJson: { type: String, default: null },
    signingKeyId: { type: String, default: null },
    trigger: { type: String, enum: EVALUATION_TRIGGERS, required: true },
    createdBy: { type: Types.ObjectId, ref: 'User', default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false } },
);
evaluationSchema.index({ flightId: 1, version: 1 }, { unique: true });

/** Immutability at the model: any update through mongoose is refused. */
for (const operation of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'replaceOne',
] as const) {
  evaluationSchema.pre(operation, function refuseUpdate() {
    throw new Error('Evaluations are immutable: re-evaluate to make a new version.');
  });
}
evaluationSchema.pre('save', function refuseResave() {
  if (!this.isNew) throw new Error('Evaluations are immutable: re-evaluate to make a new version.');
});

export type EvaluationDoc = InferSchemaType<typeof evaluationSchema>;
