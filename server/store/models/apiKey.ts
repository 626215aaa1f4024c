import { Schema, Types, type InferSchemaType } from 'mongoose';

/**
 * A ground-link's credential for /ingest. The key itself is shown once at creation; only its
 * SHA-256 is stored (keys are 256-bit random, so a fast hash is safe where a password would
 * need a KDF). `prefix` (the first characters) finds the record and appears in logs.
 */
export const apiKeySchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120, unique: true },
    prefix: { type: String, required: true, unique: true },
    keySha256: { type: String, required: true, select: false },
    /** The range this ground-link serves; flights it uploads belong to that range. */
    rangeId: { type: Types.ObjectId, ref: 'Range', default: null },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { timestamps: true },
);

export type ApiKeyDoc = InferSchemaType<typeof apiKeySchema>;
