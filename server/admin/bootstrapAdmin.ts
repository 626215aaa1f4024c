import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { hashPassword } from '../auth/passwords.js';
import type { Config } from '../config.js';
import { getModels } from '../store/models/models.js';
import { createSetupToken } from './setupTokens.js';

export type BootstrapOutcome =
  | { kind: 'admin-exists' }
  | { kind: 'admin-created'; email: string }
  | { kind: 'setup-link'; url: string };

/**
 * First start: without any admin, creates one from SORTIE_ADMIN_EMAIL and
 * SORTIE_ADMIN_PASSWORD, or makes a one-time setup link (valid 24 h) for the person at the
 * console. Later starts change nothing, so the variables may stay set.
 */
export async function bootstrapAdmin(
  connection: Connection,
  auth: Config['auth'],
  baseUrl: string,
  logger: Logger,
): Promise<BootstrapOutcome> {
  const { User } = getModels(connection);
  if (await User.exists({ role: 'admin' })) return { kind: 'admin-exists' };
  if (auth.adminEmail && auth.adminPassword) {
    await User.create({
      email: auth.adminEmail,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(auth.adminPassword),
    });
    logger.info({ email: auth.adminEmail }, 'first admin created from SORTIE_ADMIN_EMAIL');
    return { kind: 'admin-created', email: auth.adminEmail };
  }
  const token = await createSetupToken(connection);
  const url = `${(auth.publicUrl ?? baseUrl).replace(/\/+$/, '')}/api/auth/setup?token=${token}`;
  // The link is a credential: printed to the console only, never to the structured log.
  logger.warn('no admin yet: a one-time setup link was printed to the console');
  return { kind: 'setup-link', url };
}
