import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { UplinkEndpoint } from '../../ground-link/endpoints/uplinkEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { Spool } from '../../ground-link/uplink/spool.js';
import { HandSource } from './support/testEndpoints.js';
import { simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { freePort } from './support/sortieServer.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('uplink');

/** A pino logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

describe('UplinkEndpoint without a server', () => {
  it('spools batches in seq order up to the cap, then drops further batches loudly', async () => {
    const frames = simulatedFrames(testSeed('uplink-cap'), 60);
    const { logger, lines } = capturingLogger();
    const spoolDirectory = join(dir, 'capped');
    const capBytes = 64 * 1024;
    const source = new HandSource();
    // Nobody listens on this port: the server is away for the whole test.
    const uplink = new UplinkEndpoint({
      serverUrl: `http://127.0.0.1:${await freePort()}`,
      apiKey: 'sortie_000000000000_unused-key',
      linkId: 'cap-test',
      spoolDirectory,
      spoolCapBytes: capBytes,
      batchLimits: { maxFrames: 100, maxRawBytes: 16 * 1024 },
      decodeStats: () => ({ frames: 0, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 }),
      logger,
      drainTimeoutMs: 100,
    });
    const router = new Router([source, uplink]);
    await router.open();
    // A live link cannot wait for the spool: the frames keep coming.
    for (const frame of frames) void source.send(frame.bytes, frame.tUs);
    await router.close();

    const status = uplink.status();
    expect(status.batchesDropped).toBeGreaterThan(0);
    expect(status.spoolBytes).toBeLessThanOrEqual(capBytes);
    const spool = await Spool.open(spoolDirectory, capBytes);
    const seqs = spool.pending.map((b) => b.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs).toHaveLength(status.batchesSpooled);
    expect(lines.some((l) => l.level >= 50 && /SPOOL FULL/.test(l.msg))).toBe(true);
    expect(lines.some((l) => l.level === 40 && /over 80 %/.test(l.msg))).toBe(true);
  });
});
