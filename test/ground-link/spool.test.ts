import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IngestBatch } from '../../telemetry/contract/ingest.js';
import { Spool, SpoolFullError } from '../../ground-link/uplink/spool.js';
import { BatchBuilder } from '../../ground-link/uplink/batchBuilder.js';
import { FrameScanner } from '../../telemetry/mavlink/frameScanner.js';
import { simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('spool');
const noStats = { frames: 0, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 };

/** Real batches: simulated frames through the batch builder, `count` batches of `frames` each. */
function makeBatches(seed: number, count: number, spool: Spool): IngestBatch[] {
  const builder = new BatchBuilder('spool-test');
  const scanner = new FrameScanner();
  const frames = simulatedFrames(seed, 20);
  const perBatch = Math.floor(frames.length / count);
  const batches: IngestBatch[] = [];
  frames.slice(0, perBatch * count).forEach((f, i) => {
    scanner.push(f.bytes, (frame) => builder.add({ frame, tUs: f.tUs, sourceName: 'sim' }));
    if ((i + 1) % perBatch === 0) batches.push(builder.take(spool.takeSeq(), f.tUs, noStats));
  });
  return batches;
}

describe('Spool', () => {
  it('gives back after a restart the unacked batches, in seq order, exactly as written', async () => {
    const path = join(dir, 'restart');
    const spool = await Spool.open(path, 10 * 1024 * 1024);
    const batches = makeBatches(testSeed('spool-restart'), 5, spool);
    for (const batch of batches) await spool.append(batch);
    await spool.remove(0);
    await spool.remove(1);

    const reopened = await Spool.open(path, 10 * 1024 * 1024);
    expect(reopened.pending.map((b) => b.seq)).toEqual([2, 3, 4]);
    for (const [index, spooled] of reopened.pending.entries()) {
      const back = await reopened.read(spooled);
      const original = batches[index + 2] as IngestBatch;
      expect(back).toEqual(original);
      expect(Buffer.from(back.rawTlog).equals(Buffer.from(original.rawTlog))).toBe(true);
    }
    expect(reopened.takeSeq()).toBe(5);
  });

  it('keeps seq increasing after every batch was acked and the link restarts', async () => {
    const path = join(dir, 'drained');
    const spool = await Spool.open(path, 10 * 1024 * 1024);
    for (const batch of makeBatches(testSeed('spool-drained'), 3, spool)) await spool.append(batch);
    for (const seq of [0, 1, 2]) await spool.remove(seq);
    expect(readdirSync(path).filter((name) => name.endsWith('.batch'))).toEqual([]);
    const reopened = await Spool.open(path, 10 * 1024 * 1024);
    expect(reopened.takeSeq()).toBe(3);
  });

  it('lists a batch for sending while its file is written, and an early ack removes it once written', async () => {
    const path = join(dir, 'early-ack');
    const spool = await Spool.open(path, 10 * 1024 * 1024);
    const batches = makeBatches(testSeed('spool-early-ack'), 3, spool);
    const appended = batches.map((batch) => spool.append(batch));

    // Readable at once, before any file is on disk.
    expect(spool.pending.map((b) => b.seq)).toEqual([0, 1, 2]);
    expect(await spool.read(spool.pending[1]!)).toBe(batches[1]);
    // The server acks the first two before their files are written.
    await Promise.all([spool.remove(0), spool.remove(1)]);
    await Promise.all(appended);

    expect(readdirSync(path).filter((name) => name.endsWith('.batch'))).toEqual([
      '0000000000000002.batch',
    ]);
    const reopened = await Spool.open(path, 10 * 1024 * 1024);
    expect(reopened.pending.map((b) => b.seq)).toEqual([2]);
    expect(reopened.takeSeq()).toBe(3);
  });

  it('refuses a batch past its size cap and stores nothing of it', async () => {
    const path = join(dir, 'cap');
    const probe = await Spool.open(join(dir, 'cap-probe'), 1e9);
    const [first] = makeBatches(testSeed('spool-cap'), 1, probe);
    if (!first) throw new Error('no batch');
    const firstSize = (await probe.append(first)).sizeBytes;
    const spool = await Spool.open(path, firstSize + 10);
    await spool.append({ ...first, seq: spool.takeSeq() });
    await expect(spool.append({ ...first, seq: spool.takeSeq() })).rejects.toBeInstanceOf(
      SpoolFullError,
    );
    expect(spool.pending).toHaveLength(1);
    expect(readdirSync(path).filter((name) => name.endsWith('.batch'))).toHaveLength(1);
  });

  it('says which file is damaged instead of sending it', async () => {
    const path = join(dir, 'damaged');
    const spool = await Spool.open(path, 1e9);
    const [batch] = makeBatches(testSeed('spool-damaged'), 1, spool);
    if (!batch) throw new Error('no batch');
    const spooled = await spool.append(batch);
    writeFileSync(spooled.path, Buffer.from('not a batch at all'));
    await expect(spool.read(spooled)).rejects.toThrow(`${spooled.path} is not a`);
    const target = await spool.quarantine(spooled.seq);
    expect(target).toBe(join(path, 'rejected', '0000000000000000.batch'));
    expect(spool.pending).toHaveLength(0);
  });
});
