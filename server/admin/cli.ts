import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { Connection } from 'mongoose';
import { ConfigError, loadConfig } from '../config.js';
import { connectDatabase } from '../db/connectDatabase.js';
import { DatabaseUnavailableError } from '../db/databaseServer.js';
import { createLogger } from '../logger.js';
import { runningOwner } from './embeddedDatabaseOwner.js';
import { rotateSigningKeyCommand, showSigningKeysCommand } from './signingKeyCommands.js';
import { ROLES, type Role } from '../store/models/user.js';
import {
  AdminCommandError,
  createKeyCommand,
  createUserCommand,
  listKeysCommand,
  revokeKeyCommand,
} from './adminCommands.js';

/**
 * `npm run admin -- <command>`: keys and users from the console. It opens the database the
 * same way the server does: MONGODB_URI when set (use the running server's), else the
 * embedded database in SORTIE_DATA_DIR, which it refuses while a server runs on it.
 */
async function withDatabase(run: (connection: Connection) => Promise<string[]>): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(
    config.logLevel === 'info' ? 'warn' : config.logLevel,
    'sortie-admin',
  );
  if (!config.database.mongodbUri) refuseIfServerOwns(config.database.dataDir);
  const database = await connectDatabase({ ...config.database }, logger);
  try {
    for (const line of await run(database.connection)) console.log(line);
  } finally {
    await database.close();
  }
}

/**
 * The embedded database of a running server belongs to that server: opening its folder here
 * would not reach the data the server serves. Say so, and give the ways that work.
 */
function refuseIfServerOwns(dataDir: string): void {
  const owner = runningOwner(dataDir);
  if (!owner) return;
  const api = new URL('/api/', owner.url).toString();
  throw new AdminCommandError(
    `a Sortie server (pid ${owner.pid}, ${owner.url}) is running on the embedded database in ${dataDir} and owns it, so this command cannot reach its data. ` +
      `Stop the server first, or do it through the running server as an admin: the Admin page, or the REST API (${api}api-keys for keys, ${api}users for users; see ${api}docs).`,
  );
}

async function main(): Promise<void> {
  await yargs(hideBin(process.argv))
    .scriptName('npm run admin --')
    .command(
      'create-key',
      'create a ground-link API key and print it once',
      (y) =>
        y
          .option('name', {
            type: 'string',
            demandOption: true,
            describe: 'unique name of the ground-link',
          })
          .option('range', { type: 'string', describe: 'range id or name the link serves' }),
      (argv) => withDatabase((c) => createKeyCommand(c, { name: argv.name, range: argv.range })),
    )
    .command('list-keys', 'list API keys (never their secrets)', {}, () =>
      withDatabase(listKeysCommand),
    )
    .command(
      'revoke-key <key>',
      'revoke an API key by id, name or prefix',
      (y) => y.positional('key', { type: 'string', demandOption: true }),
      (argv) => withDatabase((c) => revokeKeyCommand(c, argv.key)),
    )
    .command(
      'create-user',
      'create a user with a random password, printed once',
      (y) =>
        y
          .option('email', { type: 'string', demandOption: true })
          .option('name', { type: 'string' })
          .option('role', { choices: ROLES, demandOption: true })
          .option('maker', { type: 'string', describe: 'maker id or name (role maker only)' }),
      (argv) =>
        withDatabase((c) =>
          createUserCommand(c, {
            email: argv.email,
            name: argv.name,
            role: argv.role as Role,
            maker: argv.maker,
          }),
        ),
    )
    .command(
      'signing-key <action>',
      "the range's evaluation signing key: show its public keys, or rotate it",
      (y) => y.positional('action', { choices: ['show', 'rotate'] as const, demandOption: true }),
      (argv) =>
        withDatabase((c) =>
          argv.action === 'show'
            ? showSigningKeysCommand(c)
            : rotateSigningKeyCommand(c, loadConfig().signing.keyFile),
        ),
    )
    .demandCommand(
      1,
      'Name a command: create-key, list-keys, revoke-key, create-user or signing-key.',
    )
    .strict()
    .fail((message, error, parser) => {
      // Our own errors go to main's handler; yargs's usage errors get the help text.
      if (error) throw error;
      parser.showHelp();
      console.error(`\n${message}`);
      process.exit(1);
    })
    .help()
    .parseAsync();
}

main().catch((error: unknown) => {
  if (
    error instanceof AdminCommandError ||
    error instanceof ConfigError ||
    error instanceof DatabaseUnavailableError
  ) {
    console.error(`sortie admin: ${error.message}`);
  } else {
    console.error('sortie admin: failed:', error);
  }
  process.exit(1);
});
