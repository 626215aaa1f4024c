import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A test plan as a lineage of versions. `testPlans` holds one document per plan (what flights and
 * vehicles refer to); `testPlanVersions` one per version. A version is frozen the moment an
 * evaluation uses it (`usedAt`); editing a frozen version makes version n+1.
 */
export const testPlanSchema = new Schema(
  {
    /** The plan's own id inside its definition (`"default"`, `"kiast-basic"`); unique. */
    key: { type: String, required: true, trim: true, maxlength: 100, unique: true },
    name: { type: String, required: true, maxlength: 200 },
    latestVersion: { type: Number, required: true, min: 1 },
  },
  { timestamps: true },
);

/**
 * The validated definition is stored as canonical JSON text, not as nested documents: the text
 * is what the signature covers, it round-trips byte for byte, and FerretDB refuses arrays
 * directly inside arrays, which a criterion's params may one day hold.
 */
export const testPlanVersionSchema = new Schema(
  {
    planId: { type: Types.ObjectId, ref: 'TestPlan', required: true },
    version: { type: Number, required: true, min: 1 },
    name: { type: String, required: true, maxlength: 200 },
    definitionJson: { type: String, required: true },
    definitionSha256: { type: String, required: true },
    /** Set by the first evaluation that used it; from then on the version never changes. */
    usedAt: { type: Date, default: null },
    createdBy: { type: Types.ObjectId, ref: 'User', default: null },
  },
  { timestamps: true },
);
// Two concurrent edits of a frozen version cannot both become n+1.
testPlanVersionSchema.index({ planId: 1, version: 1 }, { unique: true });

export type TestPlanDoc = InferSchemaType<typeof testPlanSchema>;
export type TestPlanVersionDoc = InferSchemaType<typeof testPlanVersionSchema>;
