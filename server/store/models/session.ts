import { Schema, Types, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * A logged-in browser. `_id` is the SHA-256 of the cookie's token, so a stolen database
 * does not hold usable cookies and every lookup uses the `_id` index (the only index
 * FerretDB uses). Neither MongoDB's TTL index nor FerretDB is relied on for expiry:
 * `expiresAt` is checked on read and expired sessions are deleted lazily.
 */
export const sessionSchema = new Schema({
  _id: { type: String, required: true },
  userId: { type: Types.ObjectId, ref: 'User', required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});

export type SessionDoc = InferSchemaType<typeof sessionSchema>;

const cache = new WeakMap<Connection, Model<SessionDoc>>();

export function sessionModel(connection: Connection): Model<SessionDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model('Session', sessionSchema, 'sessions');
    cache.set(connection, model);
  }
  return model;
}
