import { describe, expect, it } from 'vitest';
import { ingestBatchSchema } from '../../telemetry/contract/ingest.js';
import { FrameScanner } from '../../telemetry/mavlink/frameScanner.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { BatchBuilder } from '../../ground-link/uplink/batchBuilder.js';
import { nowUs } from '../../ground-link/endpoint.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';

describe('BatchBuilder', () => {
  it('builds batches the contract accepts, carrying every frame byte-exact and its samples', async () => {
    const frames = simulatedFrames(testSeed('batch'), 30);
    const builder = new BatchBuilder('builder-test', { maxFrames: 250, maxRawBytes: 64 * 1024 });
    const scanner = new FrameScanner();
    const batches = [];
    for (const f of frames) {
      scanner.push(f.bytes, (frame) => builder.add({ frame, tUs: f.tUs, sourceName: 'sim' }));
      if (builder.isFull) batches.push(builder.take(batches.length, f.tUs, scanner.stats));
    }
    batches.push(builder.take(batches.length, nowUs(), scanner.stats));
    expect(builder.isEmpty).toBe(true);

    for (const batch of batches) {
      expect(ingestBatchSchema.safeParse(batch).error).toBeUndefined();
      expect(batch.rawTlog.length).toBeLessThanOrEqual(64 * 1024 + 288);
    }
    const raw = [];
    for (const batch of batches) {
      for await (const record of readTlog(
        (async function* () {
          yield batch.rawTlog;
        })(),
      )) {
        raw.push({ tUs: record.tUs, bytes: record.bytes });
      }
    }
    expect(raw.map((r) => r.tUs)).toEqual(frames.map((f) => f.tUs));
    expect(concatFrames(raw).equals(concatFrames(frames))).toBe(true);
    // GLOBAL_POSITION_INT (id 33) frames become position samples one for one.
    const positionFrames = frames.filter((f) => f.bytes[7] === 33 && f.bytes[8] === 0).length;
    const positionSamples = batches.flatMap((b) => b.samples).filter((s) => s.kind === 'position');
    expect(positionSamples).toHaveLength(positionFrames);
  });

  it('refuses limits that could break the contract', () => {
    expect(() => new BatchBuilder('x', { maxFrames: 5_000, maxRawBytes: 1024 })).toThrow(
      /maxFrames/,
    );
    expect(() => new BatchBuilder('x', { maxFrames: 10, maxRawBytes: 8 * 1024 * 1024 })).toThrow(
      /maxRawBytes/,
    );
  });
});
