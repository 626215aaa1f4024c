import { Schema, Types, type InferSchemaType } from 'mongoose';

export const ROLES = ['admin', 'operator', 'engineer', 'maker'] as const;
export type Role = (typeof ROLES)[number];

/** A person who logs in. A maker user belongs to exactly one maker organisation. */
export const userSchema = new Schema(
  {
    email: {
      type: String,
      required: true,
      trim: true,
      lowercase: true,
      maxlength: 254,
      unique: true,
    },
    name: { type: String, required: true, trim: true, maxlength: 120 },
    role: { type: String, required: true, enum: ROLES },
    /** Set exactly when role is 'maker'. */
    makerId: { type: Types.ObjectId, ref: 'Maker', default: null },
    /** argon2id hash (PHC string); never returned by the API. */
    passwordHash: { type: String, required: true, select: false },
    disabled: { type: Boolean, default: false },
    lastLoginAt: { type: Date, default: null },
    /** Preferred UI language. */
    locale: { type: String, enum: ['ko', 'en'], default: null },
  },
  { timestamps: true },
);
userSchema.index({ makerId: 1 });

export type UserDoc = InferSchemaType<typeof userSchema>;
