import { randomBytes } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { sha256Hex } from '../auth/sha256.js';

/** How long a printed setup link works. */
export const SETUP_TOKEN_TTL_MS = 24 * 3_600_000;

/**
 * One-time links that let the first person create the admin account when the environment
 * names none. Stored as SHA-256 in `_id`, like sessions.
 */
const setupTokenSchema = new Schema({
  _id: { type: String, required: true },
  expiresAt: { type: Date, required: true },
});

interface SetupTokenDoc {
  _id: string;
  expiresAt: Date;
}

const cache = new WeakMap<Connection, Model<SetupTokenDoc>>();

function setupTokenModel(connection: Connection): Model<SetupTokenDoc> {
  let model = cache.get(connection);
  if (!model) {
    model = connection.model<SetupTokenDoc>('SetupToken', setupTokenSchema, 'setupTokens');
    cache.set(connection, model);
  }
  return model;
}

export async function createSetupToken(connection: Connection): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await setupTokenModel(connection).create({
    _id: sha256Hex(token),
    expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS),
  });
  return token;
}

/** Uses a token up: true once for a valid, unexpired token, false ever after. */
export async function claimSetupToken(connection: Connection, token: string): Promise<boolean> {
  const Token = setupTokenModel(connection);
  const claimed = await Token.findById(sha256Hex(token)).lean();
  if (!claimed) return false;
  const { deletedCount } = await Token.deleteOne({ _id: claimed._id });
  return deletedCount === 1 && claimed.expiresAt.getTime() > Date.now();
}

/** Puts a claimed token back when creating the admin failed after claiming it. */
export async function restoreSetupToken(connection: Connection, token: string): Promise<void> {
  await setupTokenModel(connection).create({
    _id: sha256Hex(token),
    expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS),
  });
}

export async function deleteAllSetupTokens(connection: Connection): Promise<void> {
  await setupTokenModel(connection).deleteMany({});
}
