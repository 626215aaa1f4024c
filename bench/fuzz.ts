import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { linkStatsSchema } from '../telemetry/model/linkStats.js';
import { sampleSchema } from '../telemetry/model/sample.js';
import { FrameScanner } from '../telemetry/mavlink/frameScanner.js';
import type { MavlinkFrame } from '../telemetry/mavlink/frame.js';
import { Normaliser } from '../telemetry/mavlink/normaliser.js';
import { readTlog } from '../telemetry/tlog/readTlog.js';
import { encodeTlogRecord } from '../telemetry/tlog/tlogRecord.js';
import { TlogRecordSplitter } from '../telemetry/tlog/tlogRecordSplitter.js';

/**
 * bench:fuzz (reliability R3) — mutated MAVLink through Sortie's readers and the normaliser.
 *
 * Real frames (the fixtures' real logs) are written into a stream, about half of them mutated
 * (bits flipped, bytes overwritten, cut short, length or start byte changed, junk in front),
 * and read back in random chunks. Per reader: no exception, every intact frame found again at
 * its offset (≥ 99 %), every byte either in an accepted unit or counted as rejected, and the
 * normaliser's samples and link statistics still pass the shared schemas.
 *
 * A reader is one entry of `FUZZ_READERS`: how it wraps a frame into its stream and how it
 * reads a stream back. Onboard-log readers join the same way.
 */

/** What a reader reports for one stream. */
export interface FuzzSession {
  push(chunk: Uint8Array): void;
  finish(): void;
  /** Bytes the reader skipped and counted as rejected. */
  rejectedBytes(): number;
}

export interface FuzzReader {
  name: string;
  /** The bytes of one intact unit in this reader's stream, around one frame. */
  wrap(frame: Uint8Array, tUs: number): Uint8Array;
  /** Reads a stream; `onUnit(offset, length)` for each unit accepted, `onFrame` to normalise. */
  open(
    onUnit: (offset: number, length: number) => void,
    onFrame: (frame: MavlinkFrame, tUs: number) => void,
  ): FuzzSession;
}

export const FUZZ_READERS: readonly FuzzReader[] = [
  {
    name: 'frame scanner (serial, UDP, TCP)',
    wrap: (frame) => frame,
    open(onUnit, onFrame) {
      const scanner = new FrameScanner();
      let nowUs = T0_US;
      const take = (frame: MavlinkFrame): void => {
        onUnit(frame.offset, frame.bytes.length);
        nowUs += 1000;
        onFrame(frame, nowUs);
      };
      return {
        push: (chunk) => scanner.push(chunk, take),
        finish: () => scanner.finish(take),
        rejectedBytes: () => scanner.stats.junkBytes,
      };
    },
  },
  {
    name: '.tlog reader',
    wrap: (frame, tUs) => encodeTlogRecord(tUs, frame),
    open(onUnit, onFrame) {
      const splitter = new TlogRecordSplitter();
      const take = (record: {
        offset: number;
        bytes: Uint8Array;
        frame: MavlinkFrame;
        tUs: number;
      }) => {
        onUnit(record.offset, 8 + record.bytes.length);
        onFrame(record.frame, record.tUs);
      };
      return {
        push: (chunk) => splitter.push(chunk, take),
        finish: () => splitter.finish(take),
        rejectedBytes: () => splitter.stats.junkBytes,
      };
    },
  },
];

const T0_US = 1_780_000_000_000_000;
const FRAME_PERIOD_US = 10_000;
const BLOCK_UNITS = 20_000;
const MAX_CHUNK_BYTES = 8192;
/** Every this-many-th sample is checked against the shared schema (all of them is slow). */
const SAMPLE_CHECK_EVERY = 97;

const MUTATIONS = [
  'flip-bits',
  'overwrite-byte',
  'cut-short',
  'change-length',
  'change-start',
  'junk-in-front',
] as const;
type Mutation = (typeof MUTATIONS)[number];

export interface FuzzOptions {
  seed: number;
  /** Mutated units per reader. */
  mutatedFrames: number;
  /** Share of units mutated. */
  mutatedShare?: number;
  corpus: readonly Uint8Array[];
  readers?: readonly FuzzReader[];
}

export interface FuzzReaderResult {
  reader: string;
  units: number;
  mutatedFrames: number;
  mutationsByKind: Record<Mutation, number>;
  intactFrames: number;
  intactFramesKept: number;
  intactKeptPct: number;
  /** Mutated units the reader still accepted (a mutation of a .tlog timestamp, a cut signature). */
  mutatedAccepted: number;
  bytes: number;
  acceptedBytes: number;
  rejectedBytes: number;
  /** Bytes neither accepted nor counted as rejected: must be 0. */
  uncountedBytes: number;
  crashes: number;
  crashMessages: string[];
  samples: number;
  invalidSamples: number;
  invalidLinkStats: number;
  badTimestamps: number;
  seconds: number;
}

/** mulberry32: small, fast, and the same stream from the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A mutated copy of `unit`, whose frame starts at `frameStart` (after a .tlog timestamp). */
function mutate(
  unit: Uint8Array,
  frameStart: number,
  kind: Mutation,
  random: () => number,
): Uint8Array {
  const at = (n: number): number => Math.floor(random() * n);
  const out = Uint8Array.from(unit);
  switch (kind) {
    case 'flip-bits': {
      const flips = 1 + at(3);
      for (let i = 0; i < flips; i++) {
        const index = at(out.length);
        out[index] = (out[index] as number) ^ (1 << at(8));
      }
      return out;
    }
    case 'overwrite-byte': {
      const index = at(out.length);
      out[index] = ((out[index] as number) + 1 + at(255)) & 0xff;
      return out;
    }
    case 'cut-short':
      return out.subarray(0, at(out.length));
    case 'change-length':
    case 'change-start': {
      const index = kind === 'change-start' ? frameStart : frameStart + 1;
      if (index < out.length) out[index] = ((out[index] as number) + 1 + at(255)) & 0xff;
      return out;
    }
    case 'junk-in-front': {
      const junk = new Uint8Array(1 + at(40));
      for (let i = 0; i < junk.length; i++) junk[i] = at(256);
      const joined = new Uint8Array(junk.length + out.length);
      joined.set(junk, 0);
      // One byte of the frame changes too, so the unit is not intact.
      const index = at(out.length);
      out[index] = ((out[index] as number) + 1 + at(255)) & 0xff;
      joined.set(out, junk.length);
      return joined;
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs one reader over its mutated stream. */
function fuzzReader(reader: FuzzReader, options: FuzzOptions, seed: number): FuzzReaderResult {
  const random = prng(seed);
  const share = options.mutatedShare ?? 0.5;
  const corpus = options.corpus;
  const mutationsByKind = Object.fromEntries(MUTATIONS.map((m) => [m, 0])) as Record<
    Mutation,
    number
  >;
  const normaliser = new Normaliser();
  const started = process.hrtime.bigint();
  /** Offsets of intact units not yet matched, in stream order; and the offsets of mutated ones. */
  const intactOffsets: number[] = [];
  let intactHead = 0;
  const mutatedOffsets = new Set<number>();
  let intactFrames = 0;
  let intactFramesKept = 0;
  let mutatedAccepted = 0;
  let acceptedBytes = 0;
  let samples = 0;
  let invalidSamples = 0;
  const crashMessages: string[] = [];
  let crashes = 0;
  const onUnit = (offset: number, length: number): void => {
    acceptedBytes += length;
    while (intactHead < intactOffsets.length && (intactOffsets[intactHead] as number) < offset) {
      intactHead++;
    }
    if (intactOffsets[intactHead] === offset) {
      intactFramesKept++;
      intactHead++;
    } else if (mutatedOffsets.has(offset)) {
      mutatedAccepted++;
    }
  };
  const onFrame = (frame: MavlinkFrame, tUs: number): void => {
    normaliser.ingest(frame, tUs);
  };
  const session = reader.open(onUnit, onFrame);
  const guarded = (run: () => void): void => {
    try {
      run();
    } catch (error) {
      crashes++;
      if (crashMessages.length < 10) crashMessages.push(String(error));
    }
  };
  let mutatedFrames = 0;
  let units = 0;
  let bytes = 0;
  while (mutatedFrames < options.mutatedFrames) {
    const parts: Uint8Array[] = [];
    let blockBytes = 0;
    for (let i = 0; i < BLOCK_UNITS && mutatedFrames < options.mutatedFrames; i++) {
      const frame = corpus[Math.floor(random() * corpus.length)] as Uint8Array;
      const intact = reader.wrap(frame, T0_US + units * FRAME_PERIOD_US);
      units++;
      let unit = intact;
      if (random() < share) {
        const kind = MUTATIONS[Math.floor(random() * MUTATIONS.length)] as Mutation;
        unit = mutate(intact, intact.length - frame.length, kind, random);
        mutatedFrames++;
        mutationsByKind[kind]++;
        // A mutation may leave the bytes as they were (a flip undone by a second flip).
        if (sameBytes(unit, intact)) intactOffsets.push(bytes + blockBytes);
        else if (unit.length > 0) mutatedOffsets.add(bytes + blockBytes);
      } else {
        intactOffsets.push(bytes + blockBytes);
      }
      parts.push(unit);
      blockBytes += unit.length;
    }
    const block = new Uint8Array(blockBytes);
    let at = 0;
    for (const part of parts) {
      block.set(part, at);
      at += part.length;
    }
    for (let from = 0; from < block.length;) {
      const to = Math.min(block.length, from + 1 + Math.floor(random() * MAX_CHUNK_BYTES));
      // A fresh copy: a reader must not keep a view of a chunk the caller reuses.
      const chunk = block.slice(from, to);
      guarded(() => session.push(chunk));
      from = to;
    }
    bytes += blockBytes;
    guarded(() => {
      for (const sample of normaliser.takeSamples()) {
        if (samples++ % SAMPLE_CHECK_EVERY === 0 && !sampleSchema.safeParse(sample).success) {
          invalidSamples++;
        }
      }
      normaliser.takeEvents();
    });
    // Matched or missed: intact offsets behind the reader are settled.
    intactFrames += intactHead;
    intactOffsets.splice(0, intactHead);
    intactHead = 0;
    for (const offset of mutatedOffsets)
      if (offset < bytes - 2 * MAX_CHUNK_BYTES) mutatedOffsets.delete(offset);
  }
  guarded(() => session.finish());
  guarded(() => normaliser.finish());
  intactFrames += intactOffsets.length;
  const linkStats = normaliser.linkStats();
  const rejectedBytes = session.rejectedBytes();
  return {
    reader: reader.name,
    units,
    mutatedFrames,
    mutationsByKind,
    intactFrames,
    intactFramesKept,
    intactKeptPct: intactFrames === 0 ? 100 : (100 * intactFramesKept) / intactFrames,
    mutatedAccepted,
    bytes,
    acceptedBytes,
    rejectedBytes,
    uncountedBytes: bytes - acceptedBytes - rejectedBytes,
    crashes,
    crashMessages,
    samples,
    invalidSamples,
    invalidLinkStats: linkStats.filter((s) => !linkStatsSchema.safeParse(s).success).length,
    badTimestamps: normaliser.badTimestamps,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/** Every reader over its own mutated stream; the seed of each is derived from `seed`. */
export function runFuzz(options: FuzzOptions): FuzzReaderResult[] {
  const readers = options.readers ?? FUZZ_READERS;
  return readers.map((reader, index) => fuzzReader(reader, options, options.seed + index));
}

/** Intact frames to mutate: every frame of the given .tlog files. */
export async function loadCorpus(paths: readonly string[]): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for (const path of paths) {
    for await (const record of readTlog(path)) frames.push(Uint8Array.from(record.bytes));
  }
  return frames;
}

export const CORPUS_TLOGS = [
  'fixtures/real-logs/copter-ac32-sik-radio-gcs-badcrc-mavlink1.tlog',
  'fixtures/real-logs/ardusub-ac41-qgc-five-components-mavlink2.tlog',
  'fixtures/real-logs/sitl-copter-ac41dev-guided-pair.tlog',
].map((path) => join(import.meta.dirname, '..', path));

async function main(): Promise<void> {
  const seed = process.env.SORTIE_FUZZ_SEED
    ? Number(process.env.SORTIE_FUZZ_SEED)
    : Math.floor(Math.random() * 0xffffffff);
  const mutatedFrames = Number(process.env.SORTIE_FUZZ_FRAMES ?? 10_000_000);
  console.log(`bench:fuzz seed ${seed} (SORTIE_FUZZ_SEED=${seed} repeats it)`);
  const corpus = await loadCorpus(CORPUS_TLOGS);
  console.log(`corpus: ${corpus.length} real frames from ${CORPUS_TLOGS.length} logs`);
  const results = runFuzz({ seed, mutatedFrames, corpus });
  console.log(
    '| reader | units | mutated | intact kept | crashes | rejected bytes | uncounted bytes | invalid samples | s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    console.log(
      `| ${r.reader} | ${r.units} | ${r.mutatedFrames} | ${r.intactFramesKept}/${r.intactFrames} ` +
        `(${r.intactKeptPct.toFixed(4)} %) | ${r.crashes} | ${r.rejectedBytes} | ${r.uncountedBytes} | ` +
        `${r.invalidSamples} | ${r.seconds.toFixed(1)} |`,
    );
    for (const message of r.crashMessages) console.log(`  crash: ${message}`);
  }
  const summary = {
    benchmark: 'fuzz',
    seed,
    mutatedFramesPerReader: mutatedFrames,
    corpusFrames: corpus.length,
    machine: { cpus: cpus().length, node: process.version, loadAverage1m: loadavg()[0] },
    at: new Date().toISOString(),
    readers: results,
    pass: results.every(
      (r) =>
        r.crashes === 0 &&
        r.intactKeptPct >= 99 &&
        r.uncountedBytes === 0 &&
        r.invalidSamples === 0 &&
        r.invalidLinkStats === 0,
    ),
  };
  const resultsDir = join(import.meta.dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'fuzz.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary));
  if (!summary.pass) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
