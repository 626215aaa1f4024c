import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A public key the range signs (or signed) evaluations with. The private key never enters the
 * database; the public keys stay after rotation, so old reports keep verifying.
 */
export const signingKeySchema = new Schema({
  /** The key id: first 16 bytes (hex) of the SHA-256 of the public key's SPKI DER. */
  _id: { type: String, required: true },
  algorithm: { type: String, required: true, enum: ['Ed25519'] },
  publicKeyPem: { type: String, required: true },
  validFrom: { type: Date, required: true },
  /** Set when another key took over; evaluations signed until then still verify with it. */
  validUntil: { type: Date, default: null },
});

export type SigningKeyDoc = InferSchemaType<typeof signingKeySchema>;

const cache = new WeakMap<Connection, Model<SigningKeyDoc>>();

export function signingKeyModel(connection: Connection): Model<SigningKeyDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model('SigningKey', signingKeySchema, 'signingKeys');
    cache.set(connection, model);
  }
  return model;
}
