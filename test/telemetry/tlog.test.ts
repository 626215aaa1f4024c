import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { encodeTlogRecord, type TlogRecord } from '../../telemetry/tlog/tlogRecord.js';
import { TlogRecordSplitter } from '../../telemetry/tlog/tlogRecordSplitter.js';
import { TlogWriter } from '../../telemetry/tlog/tlogWriter.js';
import { concatAll } from './helpers/nodeMavlinkFrames.js';
import { randomBytes, randomInt, seededRandom } from './helpers/seededRandom.js';
import { buildTlog, chunksOf } from './helpers/tlogFixture.js';

const dir = await mkdtemp(join(tmpdir(), 'sortie-tlog-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** V8's full collection, reachable without starting the worker with --expose-gc. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function readAll(source: string | AsyncIterable<Uint8Array>) {
  const splitter = new TlogRecordSplitter();
  const records: TlogRecord[] = [];
  for await (const record of readTlog(source, splitter)) records.push(record);
  return { records, stats: splitter.stats };
}

describe('.tlog records', () => {
  it('encodes the timestamp as 8 bytes big-endian µs, then the frame', () => {
    const tUs = 1_700_000_123_456_789;
    const record = encodeTlogRecord(tUs, new Uint8Array([0xfd, 1, 2]));
    const expected = Buffer.alloc(11);
    expected.writeBigUInt64BE(BigInt(tUs));
    expected.set([0xfd, 1, 2], 8);
    expect(Buffer.from(record)).toEqual(expected);
  });

  it('reads back what the writer appended, record by record', async () => {
    const fixture = buildTlog(11, 300);
    const path = join(dir, 'written.tlog');
    const writer = new TlogWriter(path, { append: false });
    for (const r of fixture.records) await writer.write(r.tUs, r.frame);
    await writer.close();
    expect(new Uint8Array(await readFile(path))).toEqual(fixture.bytes);
    const { records, stats } = await readAll(path);
    expect(records.map((r) => [r.tUs, r.offset])).toEqual(
      fixture.records.map((r) => [r.tUs, r.offset]),
    );
    expect(records.map((r) => r.bytes)).toEqual(fixture.records.map((r) => r.frame));
    expect(stats).toEqual({ frames: 300, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 });
  });

  it('appends to an existing file by default', async () => {
    const fixture = buildTlog(17, 20);
    const path = join(dir, 'appended.tlog');
    const [first, ...rest] = fixture.records;
    if (!first) throw new Error('empty fixture');
    const opening = new TlogWriter(path, { append: false });
    await opening.write(first.tUs, first.frame);
    await opening.close();
    const appending = new TlogWriter(path);
    for (const r of rest) await appending.write(r.tUs, r.frame);
    await appending.close();
    expect(new Uint8Array(await readFile(path))).toEqual(fixture.bytes);
  });

  it('is exact at chunk sizes from 1 B to 1 MiB', async () => {
    const fixture = buildTlog(12, 40_000); // ≈ 1.6 MB, larger than the biggest chunk
    console.log('seed 12');
    const expected = fixture.records.map((r) => `${r.offset}:${r.tUs}`);
    for (const size of [1, 2, 3, 7, 8, 9, 17, 255, 256, 257, 4096, 65_536, 1 << 20]) {
      // Tiny chunks over the full file would take minutes; its first 20 kB are as telling.
      const bytes = size < 8 ? fixture.bytes.subarray(0, 20_000) : fixture.bytes;
      const { records, stats } = await readAll(chunksOf(bytes, size));
      const whole = fixture.records.filter((r) => r.offset + r.length <= bytes.length);
      expect(
        records.map((r) => `${r.offset}:${r.tUs}`),
        `chunk ${size}`,
      ).toEqual(expected.slice(0, whole.length));
      const cutTail = bytes.length - ((whole.at(-1)?.offset ?? 0) + (whole.at(-1)?.length ?? 0));
      expect(stats.junkBytes, `chunk ${size}`).toBe(cutTail);
    }
  });

  it('streams a file far larger than its working memory in constant memory', async () => {
    const fixture = buildTlog(13, 40_000); // ≈ 1.6 MB, repeated below as one long stream
    console.log('seed 13');
    const repeats = 40; // ≈ 64 MB through the reader
    async function* longStream() {
      for (let i = 0; i < repeats; i++) yield* chunksOf(fixture.bytes, 65_536);
    }
    // Garbage between collections depends on when V8 chooses to collect; what the reader
    // retains does not. So measure the heap after a full collection.
    const collectGarbage = exposedGc();
    collectGarbage();
    const heapBeforeBytes = process.memoryUsage().heapUsed;
    let peakRetainedBytes = 0;
    let count = 0;
    let lastOffset = -1;
    for await (const record of readTlog(longStream())) {
      count++;
      lastOffset = record.offset;
      if (count % 100_000 === 0) {
        collectGarbage();
        peakRetainedBytes = Math.max(
          peakRetainedBytes,
          process.memoryUsage().heapUsed - heapBeforeBytes,
        );
      }
    }
    expect(count).toBe(fixture.records.length * repeats);
    expect(lastOffset).toBe(fixture.bytes.length * (repeats - 1) + fixture.records.at(-1)!.offset);
    // Holding the 1.6 million records would retain several hundred MB; the reader keeps at
    // most a chunk and a record.
    expect(peakRetainedBytes).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);

  it('skips junk between records, counts it, and finds every record', async () => {
    const seed = 13;
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    const fixture = buildTlog(seed, 2000);
    const parts: Uint8Array[] = [];
    let junk = 0;
    for (const r of fixture.records) {
      if (random() < 0.2) {
        const noise = randomBytes(random, randomInt(random, 1, 120));
        junk += noise.length;
        parts.push(noise);
      }
      parts.push(fixture.bytes.subarray(r.offset, r.offset + r.length));
    }
    const { records, stats } = await readAll(chunksOf(concatAll(parts), 4093));
    expect(records.map((r) => r.tUs)).toEqual(fixture.records.map((r) => r.tUs));
    expect(stats.junkBytes).toBe(junk);
    expect(stats.frames).toBe(2000);
  });

  it('drops records whose frame was cut short and keeps all the others', async () => {
    const seed = 14;
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    const fixture = buildTlog(seed, 2000);
    const parts: Uint8Array[] = [];
    const kept: number[] = [];
    let cutBytes = 0;
    for (const r of fixture.records) {
      const record = fixture.bytes.subarray(r.offset, r.offset + r.length);
      if (random() < 0.05) {
        // Cut inside the CRC-covered part: a signed frame cut inside its 13-byte signature
        // cannot be told from an intact one without the signing key (see TlogRecordSplitter).
        const signed = r.frame[0] === 0xfd && ((r.frame[2] ?? 0) & 1) === 1;
        const covered = 8 + r.frame.length - (signed ? 13 : 0);
        const cut = record.subarray(0, randomInt(random, 9, covered - 1));
        cutBytes += cut.length;
        parts.push(cut);
      } else {
        kept.push(r.tUs);
        parts.push(record);
      }
    }
    const { records, stats } = await readAll(chunksOf(concatAll(parts), 1000));
    expect(records.map((r) => r.tUs)).toEqual(kept);
    expect(stats.junkBytes).toBe(cutBytes);
    expect(stats.badCrcFrames).toBeGreaterThan(0);
  });

  it('keeps every record whose frame escaped bit flips at a rate of 1e-3', async () => {
    const seed = 15;
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    const fixture = buildTlog(seed, 3000);
    const damaged = fixture.bytes.slice();
    const hitRecords = new Set<number>();
    for (let bit = 0; bit < damaged.length * 8; bit++) {
      if (random() >= 1e-3) continue;
      const at = bit >> 3;
      damaged[at] = (damaged[at] ?? 0) ^ (1 << (bit & 7));
      const index = fixture.records.findLastIndex((r) => r.offset <= at);
      const r = fixture.records[index];
      if (!r) continue;
      const inFrame = at - r.offset - 8;
      const signed = r.frame[0] === 0xfd && ((r.frame[2] ?? 0) & 1) === 1;
      // Timestamp flips and signature flips (outside the CRC) leave a record that is valid.
      if (inFrame >= 0 && inFrame < r.frame.length - (signed ? 13 : 0)) hitRecords.add(index);
    }
    const { records } = await readAll(chunksOf(damaged, 8192));
    expect(hitRecords.size).toBeGreaterThan(20);
    expect(records.map((r) => r.offset)).toEqual(
      fixture.records.filter((_, i) => !hitRecords.has(i)).map((r) => r.offset),
    );
  });

  it('never throws on random bytes and accounts for every byte', async () => {
    const seed = 16;
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    for (let round = 0; round < 10; round++) {
      const bytes = randomBytes(random, 50_000);
      const { records, stats } = await readAll(chunksOf(bytes, randomInt(random, 1, 9000)));
      const recordBytes = records.reduce((n, r) => n + 8 + r.bytes.length, 0);
      expect(recordBytes + stats.junkBytes).toBe(bytes.length);
    }
  });

  it('names the file and byte offset when reading fails', async () => {
    const missing = join(dir, 'missing.tlog');
    await expect(readAll(missing)).rejects.toThrow(`cannot read ${missing} at byte offset 0`);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array(100);
      throw new Error('link dropped');
    }
    await expect(readAll(failing())).rejects.toThrow('at byte offset 100: link dropped');
  });
});
