import { createServer } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { connectDatabase } from './db/connectDatabase.js';
import { DatabaseUnavailableError } from './db/databaseServer.js';
import { attachSocketHubs } from './live/attachSocketHubs.js';
import { createLogger, logFormatFor } from './logger.js';
import { bootstrapAdmin } from './admin/bootstrapAdmin.js';
import { claimEmbeddedDatabase } from './admin/embeddedDatabaseOwner.js';
import { startLocalGroundLink, type LocalGroundLink } from './groundLink/localGroundLink.js';
import { syncModelIndexes } from './store/models/models.js';
import { demoBanner } from './demo/demoBanner.js';
import { DEMO_GROUND_LINK_ARGS, DEMO_RANGE_NAME } from './demo/demoRange.js';
import { seedDemo } from './demo/seedDemo.js';
import { openRangeSigner } from './signing/rangeSigner.js';
import { seedDefaultTestPlans } from './certification/evaluations/testPlanService.js';

/** Starts the Sortie server: configuration, database, HTTP; stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logFormat = logFormatFor(config.logFormat, process.stdout.isTTY === true);
  const logger = createLogger(config.logLevel, 'sortie', logFormat);
  const database = await connectDatabase({ ...config.database }, logger);
  // autoIndex is off: the unique e-mail, serial and name indexes are built here, once.
  await syncModelIndexes(database.connection);
  const signer = await openRangeSigner(database.connection, config.signing.keyFile);
  logger.info({ keyId: signer.keyId }, 'evaluations are signed with the range key');
  await seedDefaultTestPlans(database.connection, logger);
  const demoLogins = config.demo ? await seedDemo(database.connection) : null;
  const groundLinkConfig =
    config.groundLink ??
    (config.demo ? { args: DEMO_GROUND_LINK_ARGS, rangeName: DEMO_RANGE_NAME } : null);

  const app = createApp({ config, database, logger });
  const httpServer = createServer(app);
  // Socket.IO on the same port: /ingest for ground-links, /live for browsers.
  const hubs = await attachSocketHubs(httpServer, {
    connection: database.connection,
    logger,
    settings: config.ingest,
    allowedOrigins: config.auth.corsOrigins,
    redisUrl: config.redisUrl,
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`;
  const releaseEmbeddedDatabase = config.database.mongodbUri
    ? () => {}
    : claimEmbeddedDatabase(config.database.dataDir, { pid: process.pid, url });
  const bootstrap = await bootstrapAdmin(database.connection, config.auth, url, logger);
  if (bootstrap.kind === 'setup-link') {
    console.log(`No administrator yet. Create one within 24 hours at:\n  ${bootstrap.url}`);
  }
  logger.info(
    { url, engine: database.engine, engineVersion: database.engineVersion },
    'Sortie is up',
  );
  console.log(
    `Sortie is running at ${url} (database: ${database.engine} ${database.engineVersion})`,
  );
  if (demoLogins) console.log(demoBanner(url, demoLogins));
  let groundLink: LocalGroundLink | null = null;
  if (groundLinkConfig) {
    groundLink = await startLocalGroundLink({
      connection: database.connection,
      logger,
      linkLogger: createLogger(config.logLevel, 'sortie-link', logFormat),
      serverUrl: url.replace(/\/$/, ''),
      args: groundLinkConfig.args,
      rangeName: groundLinkConfig.rangeName,
      spoolDirectory: join(config.database.dataDir, 'link-spool'),
    });
    console.log(`Ground-link: sortie-link ${groundLinkConfig.args.join(' ')}`);
  }

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    // The ground-link first, while the server can still take what it has spooled.
    await groundLink?.stop();
    await hubs.close();
    httpServer.closeIdleConnections();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await database.close();
    releaseEmbeddedDatabase();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    console.error(`sortie: ${error.message}`);
  } else {
    console.error('sortie: failed to start:', error);
  }
  process.exit(1);
});
