import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/apiKeys.js';
import { hashPassword } from '../auth/passwords.js';
import { getModels } from '../store/models/models.js';
import type { Role } from '../store/models/user.js';

/** An operator-facing failure: printed as one sentence, exit code 1. */
export class AdminCommandError extends Error {
  override readonly name = 'AdminCommandError';
}

/** Resolves a maker or range given by id or exact name. */
async function findId(
  connection: Connection,
  kind: 'maker' | 'range',
  idOrName: string,
): Promise<string> {
  const { Maker, Range } = getModels(connection);
  const filter = /^[0-9a-f]{24}$/.test(idOrName) ? { _id: idOrName } : { name: idOrName };
  const found =
    kind === 'maker' ? await Maker.findOne(filter).lean() : await Range.findOne(filter).lean();
  if (!found) throw new AdminCommandError(`No ${kind} "${idOrName}" (give its id or exact name).`);
  return found._id.toHexString();
}

export async function createKeyCommand(
  connection: Connection,
  { name, range }: { name: string; range?: string },
): Promise<string[]> {
  const rangeId = range ? await findId(connection, 'range', range) : null;
  const { ApiKey } = getModels(connection);
  if (await ApiKey.exists({ name })) throw new AdminCommandError(`A key named "${name}" exists.`);
  const { key, apiKey } = await createApiKey(connection, { name, rangeId });
  return [
    `Created ground-link key "${apiKey.name}" (prefix ${apiKey.prefix}${rangeId ? `, range ${rangeId}` : ''}).`,
    'The key is shown this once; store it in the ground-link configuration:',
    key,
  ];
}

export async function listKeysCommand(connection: Connection): Promise<string[]> {
  const keys = await listApiKeys(connection);
  if (keys.length === 0) return ['No API keys.'];
  return keys.map(
    (k) =>
      `${k.id}  ${k.prefix}  ${k.name}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}  last used ${k.lastUsedAt?.toISOString() ?? 'never'}`,
  );
}

export async function revokeKeyCommand(connection: Connection, which: string): Promise<string[]> {
  const revoked = await revokeApiKey(connection, which);
  if (!revoked) throw new AdminCommandError(`No API key with id, name or prefix "${which}".`);
  return [`Revoked key "${revoked.name}" (prefix ${revoked.prefix}).`];
}

export async function createUserCommand(
  connection: Connection,
  options: { email: string; name?: string; role: Role; maker?: string },
): Promise<string[]> {
  const email = options.email.trim().toLowerCase();
  if (options.role === 'maker' && !options.maker) {
    throw new AdminCommandError('A maker user needs --maker (the maker id or name).');
  }
  if (options.role !== 'maker' && options.maker) {
    throw new AdminCommandError(`A ${options.role} belongs to no maker; leave out --maker.`);
  }
  const makerId = options.maker ? await findId(connection, 'maker', options.maker) : null;
  const { User } = getModels(connection);
  if (await User.exists({ email })) throw new AdminCommandError(`User ${email} already exists.`);
  const password = randomBytes(12).toString('base64url');
  await User.create({
    email,
    name: options.name ?? email.split('@')[0] ?? email,
    role: options.role,
    makerId,
    passwordHash: await hashPassword(password),
  });
  return [
    `Created ${options.role} ${email}.`,
    'Their password, shown this once (an admin can set another in the user settings):',
    password,
  ];
}
