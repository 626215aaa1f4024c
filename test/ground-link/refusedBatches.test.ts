import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_NAMESPACE, type IngestAck } from '../../telemetry/contract/ingest.js';
import { IngestHarness } from '../server/ingest/ingestHarness.js';
import { runCli } from './support/runCli.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('refused');
const TLOG = join(import.meta.dirname, '../../fixtures/tlog/clean-1vehicle.tlog');
const REFUSED_SEQS = [1, 3];

describe('a replay whose batches the server refuses', () => {
  let harness: IngestHarness;

  beforeAll(async () => {
    harness = await IngestHarness.start('refusedBatches');
    // The real server, except that it refuses two batches for good, as it refuses a batch
    // that fails its schema.
    harness.hubs.io.of(INGEST_NAMESPACE).on('connection', (socket) => {
      socket.use((packet, next) => {
        const batch = packet[1] as { seq?: number } | undefined;
        const ack = packet[2];
        if (
          packet[0] === 'batch' &&
          typeof ack === 'function' &&
          REFUSED_SEQS.includes(batch?.seq ?? -1)
        ) {
          (ack as (answer: IngestAck) => void)({
            ok: false,
            seq: batch?.seq ?? null,
            error: { code: 'invalid-batch', message: 'samples[0].tUs is after 2099' },
          });
          return;
        }
        next();
      });
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('exits non-zero and says how many batches were refused and where they are kept', async () => {
    const spool = join(dir, 'spool');
    const replay = await runCli([
      'replay',
      TLOG,
      '--speed',
      'max',
      '--server',
      harness.url,
      '--key',
      harness.apiKey,
      '--spool',
      spool,
      '--link-id',
      'refused-link',
      '--status',
      'off',
    ]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toMatch(/; 2 refused/);
    expect(replay.stderr).toContain(
      `sortie-link: the server refused 2 batches (latest: samples[0].tUs is after 2099); ` +
        `they are kept in ${join(spool, 'rejected')} and were not stored.`,
    );
    expect(readdirSync(join(spool, 'rejected'))).toHaveLength(2);
  });
});
