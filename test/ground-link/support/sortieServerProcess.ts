/**
 * The Sortie server as a process for the ground-link tests: the same configuration, database,
 * Express app and Socket.IO hubs (/ingest, /live) as `npm start`, stopped cleanly on SIGTERM.
 * server/main.ts does not attach the Socket.IO hubs yet; once it does, the tests can start it
 * instead of this file.
 */
import { createServer } from 'node:http';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { connectDatabase } from '../../../server/db/connectDatabase.js';
import { DEFAULT_INGEST_SETTINGS } from '../../../server/ingest/ingestSettings.js';
import { attachSocketHubs } from '../../../server/live/attachSocketHubs.js';
import { createLogger } from '../../../server/logger.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = await connectDatabase({ ...config.database }, logger);
const httpServer = createServer(createApp({ config, database, logger }));
const hubs = await attachSocketHubs(httpServer, {
  connection: database.connection,
  logger,
  settings: DEFAULT_INGEST_SETTINGS,
});
await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
console.log(`Sortie is running at http://${config.host}:${config.port}/`);

process.once('SIGTERM', () => {
  void (async () => {
    await hubs.close();
    httpServer.closeAllConnections();
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    await database.close();
    process.exit(0);
  })();
});
