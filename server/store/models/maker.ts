import { Schema, type InferSchemaType } from 'mongoose';

/** A drone manufacturer: its users see only its own vehicles' flights. */
export const makerSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 120, unique: true },
    contactEmail: { type: String, trim: true, lowercase: true, maxlength: 254, default: null },
  },
  { timestamps: true },
);

export type MakerDoc = InferSchemaType<typeof makerSchema>;
