import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connectSocket } from 'socket.io-client';
import { INGEST_NAMESPACE } from '../../../telemetry/contract/ingest.js';
import { createApiKey } from '../../../server/auth/apiKeys.js';
import { LinkLeases } from '../../../server/store/ingest/linkLeases.js';
import { attachSocketHubs, type SocketHubs } from '../../../server/live/attachSocketHubs.js';
import { getModels } from '../../../server/store/models/models.js';
import { silentLogger } from '../../support/testDatabase.js';
import { IngestHarness, TEST_SETTINGS, type IngestClient } from './ingestHarness.js';
import { framesOver, ScriptedLink, ScriptedVehicle } from './scriptedVehicle.js';

const T0_US = 1_780_000_000_000_000;
const ground = { armed: false, latDeg: 37.5, lonDeg: 127.0, altRelM: 0 };

/** A second Sortie server on the same database: another instance, or the first restarted. */
async function startSecondServer(
  harness: IngestHarness,
): Promise<{ url: string; hubs: SocketHubs; close(): Promise<void> }> {
  const httpServer: HttpServer = createServer();
  const hubs = await attachSocketHubs(httpServer, {
    connection: harness.database.connection,
    logger: silentLogger,
    settings: TEST_SETTINGS,
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    hubs,
    async close() {
      await hubs.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

function connectTo(url: string, apiKey: string, linkId: string): Promise<IngestClient> {
  const socket: IngestClient = connectSocket(`${url}${INGEST_NAMESPACE}`, {
    auth: { apiKey, linkId },
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('welcome', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

describe('/ingest link ownership', () => {
  let harness: IngestHarness;
  /** A valid key of another range: a ground-link that must not touch links it did not start. */
  let otherKey: string;

  beforeAll(async () => {
    harness = await IngestHarness.start('linkOwnership');
    const range = await getModels(harness.database.connection).Range.create({
      name: 'Other range',
      origin: { latDeg: 35, lonDeg: 128 },
    });
    otherKey = (
      await createApiKey(harness.database.connection, {
        name: 'other-range-link',
        rangeId: range._id.toHexString(),
      })
    ).key;
  });
  afterAll(async () => {
    await harness?.stop();
  });

  function batches(linkId: string, sysId: number, count: number, fromSeq = 0) {
    const link = new ScriptedLink(linkId);
    const vehicle = new ScriptedVehicle(sysId);
    return Array.from({ length: fromSeq + count }, (_, i) =>
      link.batch(
        framesOver([vehicle], T0_US + i * 1e6, T0_US + (i + 1) * 1e6, 200_000, () => ground),
      ),
    ).slice(fromSeq);
  }

  it('refuses another key that presents a link id in use, and keeps storing the link’s own batches', async () => {
    const own = batches('victim-link', 51, 4);
    const { socket } = await harness.connectLink('victim-link');
    for (const batch of own.slice(0, 3)) expect((await harness.send(socket, batch)).ok).toBe(true);

    await expect(harness.connectLink('victim-link', otherKey)).rejects.toThrow(
      'Link id "victim-link" belongs to another API key; give this ground-link its own --link-id.',
    );
    expect(await harness.send(socket, own[3]!)).toEqual({ ok: true, seq: 3, duplicate: false });
    socket.disconnect();
  });

  it('keeps a link id bound to its key on a restarted server, before the link ever reconnects', async () => {
    const { socket } = await harness.connectLink('bound-link');
    socket.disconnect();
    const second = await startSecondServer(harness);
    try {
      await expect(connectTo(second.url, otherKey, 'bound-link')).rejects.toThrow(
        /belongs to another API key/,
      );
    } finally {
      await second.close();
    }
  });

  it('refuses the link on a second server while the first serves it, and lets the second take it once the first lets go', async () => {
    const sent = batches('leased-link', 52, 2);
    const { socket } = await harness.connectLink('leased-link');
    expect((await harness.send(socket, sent[0]!)).ok).toBe(true);
    const second = await startSecondServer(harness);
    try {
      await expect(connectTo(second.url, harness.apiKey, 'leased-link')).rejects.toThrow(
        'Link "leased-link" is served by another Sortie server; retry once it lets go.',
      );

      socket.disconnect();
      await harness.settle();
      let taken: IngestClient | null = null;
      for (let attempt = 0; attempt < 50 && !taken; attempt++) {
        taken = await connectTo(second.url, harness.apiKey, 'leased-link').catch(() => null);
        if (!taken) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(taken).not.toBeNull();
      const ack = await taken!.timeout(10_000).emitWithAck('batch', sent[1]!);
      expect(ack).toEqual({ ok: true, seq: 1, duplicate: false });
      taken!.disconnect();
    } finally {
      await second.close();
    }
  });

  it('takes over the link of a server that died holding it once its lease lapses', async () => {
    // A server that took the lease and then died: nobody renews or releases it.
    const crashed = new LinkLeases(() => harness.db, 'crashed-server', {
      ttlMs: 500,
      renewIntervalMs: 600_000,
    });
    await crashed.take('orphaned-link');
    await expect(harness.connectLink('orphaned-link')).rejects.toThrow(
      /served by another Sortie server/,
    );

    let connected: IngestClient | null = null;
    const deadline = Date.now() + 5_000;
    while (!connected && Date.now() < deadline) {
      connected = await harness
        .connectLink('orphaned-link')
        .then(({ socket }) => socket)
        .catch(() => null);
    }
    expect(connected).not.toBeNull();
    connected!.disconnect();
  });

  it('gives the link to the newer socket of its key and closes the older one', async () => {
    const sent = batches('twice-link', 53, 2);
    const first = await harness.connectLink('twice-link');
    expect((await harness.send(first.socket, sent[0]!)).ok).toBe(true);
    const closed = new Promise<string>((resolve) => first.socket.once('disconnect', resolve));

    const second = await harness.connectLink('twice-link');

    expect(second.lastStoredSeq).toBe(0);
    expect(await closed).toBe('io server disconnect');
    expect(await harness.send(second.socket, sent[1]!)).toEqual({
      ok: true,
      seq: 1,
      duplicate: false,
    });
    second.socket.disconnect();
  });
});
