import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import { LinkCompactor, type BatchData } from '../../../server/ingest/linkCompactor.js';
import type { AnySample } from '../../../telemetry/model/sample.js';
import { openTestDatabase, silentLogger } from '../../support/testDatabase.js';
import { TEST_SETTINGS } from './ingestHarness.js';

const T0_US = 1_782_000_000_000_000;

function batch(seq: number): BatchData {
  const heartbeat: AnySample = {
    kind: 'heartbeat',
    tUs: T0_US + seq * 1e6,
    bootMs: null,
    sysId: 7,
    compId: 1,
    values: { armed: 0, baseMode: 1, customMode: 0, systemStatus: 3, mavType: 2, autopilot: 12 },
  };
  return { seq, samples: [heartbeat], events: [], linkStats: [], rawTlog: new Uint8Array(0) };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: not in ${ms} ms`)), ms),
    ),
  ]);
}

describe('link compactor', () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase('compactorIdle');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('folds a batch that arrives while a pass is winding up, and then goes idle', async () => {
    // The batch is enqueued a few microtasks after a pass stored its work: at one of these
    // depths it lands after the pass loop looked at the queue but before the pass ended.
    for (let depth = 0; depth < 8; depth++) {
      let enqueueLate = true;
      const compactor: LinkCompactor = new LinkCompactor({
        connection: database.connection,
        linkId: `late-${depth}`,
        apiKeyId: 'key',
        rangeId: null,
        settings: TEST_SETTINGS,
        logger: silentLogger,
        instanceId: 'idle-test',
        onPassStored: () => {
          if (!enqueueLate) return;
          enqueueLate = false;
          let hop = (): void => compactor.enqueue(batch(1), []);
          for (let d = 0; d < depth; d++) {
            const next = hop;
            hop = () => queueMicrotask(next);
          }
          queueMicrotask(hop);
        },
      });
      await compactor.start();
      compactor.enqueue(batch(0), []);
      await within(compactor.idle(), 10_000, `idle at depth ${depth}`);
      // By the next macrotask the late batch is enqueued, whenever its microtask ran.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await within(compactor.idle(), 10_000, `idle after the late batch at depth ${depth}`);
      expect(compactor.appliedSeq, `depth ${depth}`).toBe(1);
      await within(compactor.stop(), 10_000, `stop at depth ${depth}`);
    }
  });
});
