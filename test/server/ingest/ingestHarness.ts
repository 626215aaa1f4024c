import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectSocket, type Socket } from 'socket.io-client';
import {
  INGEST_NAMESPACE,
  type IngestAck,
  type IngestBatch,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
} from '../../../telemetry/contract/ingest.js';
import { createApiKey } from '../../../server/auth/apiKeys.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { batchLogDb } from '../../../server/store/ingest/ingestCollections.js';
import type { IngestSettings } from '../../../server/ingest/ingestSettings.js';
import { attachSocketHubs, type SocketHubs } from '../../../server/live/attachSocketHubs.js';
import { syncModelIndexes } from '../../../server/store/models/models.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';

export type IngestClient = Socket<IngestServerToClientEvents, IngestClientToServerEvents>;

/** Polls `check` until it holds; throws after `timeoutMs` (no fixed sleeps in tests). */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Short time-outs so lifecycle tests run in seconds. */
export const TEST_SETTINGS: IngestSettings = {
  armGraceS: 2,
  linkSilentTimeoutS: 3,
  linkLostAfterS: 1.5,
  summaryIntervalS: 0,
  liveStateHz: 10,
  foldIntervalS: 0,
};

/** A real server (HTTP + Socket.IO hubs) on loopback over a fresh real database. */
export class IngestHarness {
  database!: Database;
  hubs!: SocketHubs;
  httpServer!: HttpServer;
  url = '';
  apiKey = '';
  private clients: IngestClient[] = [];

  static async start(
    label: string,
    settings: IngestSettings = TEST_SETTINGS,
  ): Promise<IngestHarness> {
    const harness = new IngestHarness();
    harness.database = await openTestDatabase(label);
    await syncModelIndexes(harness.database.connection);
    harness.httpServer = createServer();
    harness.hubs = await attachSocketHubs(harness.httpServer, {
      connection: harness.database.connection,
      logger: silentLogger,
      settings,
      silentCheckIntervalMs: 200,
    });
    await new Promise<void>((resolve) => harness.httpServer.listen(0, '127.0.0.1', resolve));
    harness.url = `http://127.0.0.1:${(harness.httpServer.address() as AddressInfo).port}`;
    harness.apiKey = (
      await createApiKey(harness.database.connection, { name: `key-${label}`, rangeId: null })
    ).key;
    return harness;
  }

  get db() {
    return this.database.connection.db!;
  }

  /** Connects as a ground-link and waits for `welcome`. */
  async connectLink(
    linkId: string,
    apiKey = this.apiKey,
  ): Promise<{ socket: IngestClient; lastStoredSeq: number | null }> {
    const socket: IngestClient = connectSocket(`${this.url}${INGEST_NAMESPACE}`, {
      auth: { apiKey, linkId },
      transports: ['websocket'],
      reconnection: false,
    });
    this.clients.push(socket);
    const lastStoredSeq = await new Promise<number | null>((resolve, reject) => {
      socket.once('welcome', (info) => resolve(info.lastStoredSeq));
      socket.once('connect_error', reject);
    });
    return { socket, lastStoredSeq };
  }

  send(socket: IngestClient, batch: IngestBatch): Promise<IngestAck> {
    return socket.timeout(10_000).emitWithAck('batch', batch);
  }

  /** Waits until the server has let a disconnected link go (its next connection starts afresh). */
  async linkReleased(linkId: string): Promise<void> {
    await waitUntil(() => !this.hubs.registry.has(linkId));
  }

  /** Waits until every queued batch is folded into flights. */
  async settle(): Promise<void> {
    await Promise.all(this.hubs.registry.compactors().map((compactor) => compactor.idle()));
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await this.hubs?.close();
    await new Promise<void>((resolve) => this.httpServer?.close(() => resolve()));
    if (this.database) await batchLogDb(this.db).dropDatabase();
    await this.database?.close();
  }
}
