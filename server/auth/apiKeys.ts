import { randomBytes } from 'node:crypto';
import { type Connection } from 'mongoose';
import { EntityId } from '../store/ids.js';
import { getModels } from '../store/models/models.js';
import { announceCredentialChange } from './credentialChanges.js';
import { digestsEqual, sha256Hex } from './sha256.js';

/** `sortie_<12 hex prefix>_<43 base64url characters = 256 random bits>` */
const API_KEY_PATTERN = /^sortie_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** What a caller may know about a key: never the key itself nor its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  rangeId: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

/** The identity a valid key grants a ground-link. */
export interface ApiKeyIdentity {
  apiKeyId: string;
  name: string;
  rangeId: string | null;
  /** Changes with every new secret, so a socket of the old one can be told apart. */
  prefix: string;
}

interface StoredApiKey {
  _id: EntityId;
  name: string;
  prefix: string;
  rangeId?: EntityId | null;
  revokedAt?: Date | null;
  lastUsedAt?: Date | null;
  createdAt?: Date;
}

export function toApiKeyInfo(stored: StoredApiKey): ApiKeyInfo {
  return {
    id: stored._id.toHexString(),
    name: stored.name,
    prefix: stored.prefix,
    rangeId: stored.rangeId ? stored.rangeId.toHexString() : null,
    revokedAt: stored.revokedAt ?? null,
    lastUsedAt: stored.lastUsedAt ?? null,
    createdAt: stored.createdAt ?? new Date(0),
  };
}

/** A fresh key (matching API_KEY_PATTERN) and the prefix that finds its record. */
function newKeySecret(): { prefix: string; key: string } {
  const prefix = randomBytes(6).toString('hex');
  return { prefix, key: `sortie_${prefix}_${randomBytes(32).toString('base64url')}` };
}

/**
 * Makes a new ground-link key. The returned `key` is the only copy: only its SHA-256 is
 * stored (256 random bits need no slow hash), so it must be shown to the admin once.
 */
export async function createApiKey(
  connection: Connection,
  { name, rangeId }: { name: string; rangeId: string | null },
): Promise<{ key: string; apiKey: ApiKeyInfo }> {
  const { ApiKey } = getModels(connection);
  const { prefix, key } = newKeySecret();
  const created = await ApiKey.create({
    name,
    prefix,
    keySha256: sha256Hex(key),
    rangeId: rangeId === null ? null : new EntityId(rangeId),
  });
  return { key, apiKey: toApiKeyInfo(created.toObject()) };
}

/**
 * Gives the key of this name a fresh secret (creating it if need be), revoking the old one: for
 * the ground-link the server starts itself, whose key lives only in that child's environment.
 */
export async function rotateApiKey(
  connection: Connection,
  { name, rangeId }: { name: string; rangeId: string | null },
): Promise<{ key: string; apiKey: ApiKeyInfo }> {
  const { ApiKey } = getModels(connection);
  const { prefix, key } = newKeySecret();
  // updateOne, then findOne: FerretDB refuses findAndModify with the projection `select: false` adds.
  await ApiKey.updateOne(
    { name },
    {
      $set: {
        prefix,
        keySha256: sha256Hex(key),
        rangeId: rangeId === null ? null : new EntityId(rangeId),
        revokedAt: null,
      },
    },
    { upsert: true },
  );
  // Sockets of the old secret close.
  await announceCredentialChange(connection);
  const stored = await ApiKey.findOne({ name }).lean<StoredApiKey>();
  return { key, apiKey: toApiKeyInfo(stored as StoredApiKey) };
}

/**
 * Checks a key a ground-link presents: found by its prefix, compared by SHA-256 in constant
 * time. Unknown, malformed or revoked keys give null; a valid one records when it was used.
 */
export async function authenticateApiKey(
  connection: Connection,
  key: string,
): Promise<ApiKeyIdentity | null> {
  const match = API_KEY_PATTERN.exec(key);
  if (!match) return null;
  const { ApiKey } = getModels(connection);
  const stored = await ApiKey.findOne({ prefix: match[1] })
    .select('+keySha256')
    .lean<StoredApiKey & { keySha256: string }>();
  if (!stored || !digestsEqual(stored.keySha256, sha256Hex(key)) || stored.revokedAt) return null;
  await ApiKey.updateOne({ _id: stored._id }, { $set: { lastUsedAt: new Date() } });
  return {
    apiKeyId: stored._id.toHexString(),
    name: stored.name,
    rangeId: stored.rangeId ? stored.rangeId.toHexString() : null,
    prefix: stored.prefix,
  };
}

export async function listApiKeys(connection: Connection): Promise<ApiKeyInfo[]> {
  const { ApiKey } = getModels(connection);
  const stored = await ApiKey.find().sort({ createdAt: -1 }).lean<StoredApiKey[]>();
  return stored.map(toApiKeyInfo);
}

/**
 * Revokes a key by id, name or prefix; revoking twice keeps the first time. Null when no key
 * matches. Keys are revoked rather than deleted so the audit trail keeps their name.
 */
export async function revokeApiKey(
  connection: Connection,
  idNameOrPrefix: string,
): Promise<ApiKeyInfo | null> {
  const { ApiKey } = getModels(connection);
  // isValid() would also accept any 12-character string, such as a prefix.
  const which = /^[0-9a-f]{24}$/.test(idNameOrPrefix)
    ? { _id: new EntityId(idNameOrPrefix) }
    : { $or: [{ name: idNameOrPrefix }, { prefix: idNameOrPrefix }] };
  const { modifiedCount } = await ApiKey.updateOne(
    { ...which, revokedAt: null },
    { $set: { revokedAt: new Date() } },
  );
  // Sockets of the key close.
  if (modifiedCount > 0) await announceCredentialChange(connection);
  const stored = await ApiKey.findOne(which).lean<StoredApiKey>();
  return stored ? toApiKeyInfo(stored) : null;
}
