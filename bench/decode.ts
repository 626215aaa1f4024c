import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { ardupilotmega, common, minimal, standard } from 'mavlink-mappings';
import {
  MavLinkPacketParser,
  MavLinkTLogPacketSplitter,
  type MavLinkPacket,
  type MavLinkDataConstructor,
  type MavLinkData,
} from 'node-mavlink';
import { Normaliser } from '../telemetry/mavlink/normaliser.js';
import { TlogRecordSplitter } from '../telemetry/tlog/tlogRecordSplitter.js';
import type { TlogRecord } from '../telemetry/tlog/tlogRecord.js';
import { buildBenchTlog, type BenchInput } from './decodeInputs.js';

/**
 * bench:decode — .tlog bytes → normalised samples with Sortie's decoder, and the same bytes
 * through node-mavlink's tlog splitter + parser + field decode, in one run on one machine.
 */
const CHUNK_BYTES = 64 * 1024;
/**
 * Best of ROUNDS: the machine is shared (2 cores, other processes), and the fastest round is the
 * one least disturbed by them. Both decoders are measured the same way.
 */
const ROUNDS = 20;
const MIN_INPUT_BYTES = 4 * 1024 * 1024;

function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
    out.push(bytes.subarray(at, at + CHUNK_BYTES));
  return out;
}

interface RunResult {
  frames: number;
  outputs: number;
  /** Wall-clock time [s]. */
  seconds: number;
  /** CPU time of this process (user + system, all threads) [s]. */
  cpuSeconds: number;
}

/**
 * Times a run both ways. CPU time is the decoder's own cost; wall time also counts the waits
 * for a core when other processes share the machine.
 */
function stopwatch() {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuStart);
    return {
      seconds: Number(process.hrtime.bigint() - wallStart) / 1e9,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  };
}

function runSortie(input: BenchInput): RunResult {
  const chunks = chunksOf(input.bytes);
  const stop = stopwatch();
  const splitter = new TlogRecordSplitter();
  const normaliser = new Normaliser();
  let samples = 0;
  const ingest = (record: TlogRecord): void => {
    normaliser.ingest(record.frame, record.tUs);
  };
  for (const chunk of chunks) {
    splitter.push(chunk, ingest);
    samples += normaliser.takeSamples().length;
    normaliser.takeEvents();
  }
  splitter.finish(ingest);
  samples += normaliser.takeSamples().length;
  return { frames: splitter.stats.frames, outputs: samples, ...stop() };
}

const REGISTRY: Record<number, MavLinkDataConstructor<MavLinkData>> = {
  ...minimal.REGISTRY,
  ...standard.REGISTRY,
  ...common.REGISTRY,
  ...ardupilotmega.REGISTRY,
};

async function runNodeMavlink(input: BenchInput): Promise<RunResult> {
  const chunks = chunksOf(input.bytes).map((c) => Buffer.from(c.buffer, c.byteOffset, c.length));
  let frames = 0;
  let decoded = 0;
  const stop = stopwatch();
  await pipeline(
    Readable.from(chunks),
    new MavLinkTLogPacketSplitter(),
    new MavLinkPacketParser(),
    new Writable({
      objectMode: true,
      write(packet: MavLinkPacket, _encoding, done) {
        frames++;
        const clazz = REGISTRY[packet.header.msgid];
        if (clazz) {
          packet.protocol.data(packet.payload, clazz);
          decoded++;
        }
        done();
      },
    }),
  );
  return { frames, outputs: decoded, ...stop() };
}

async function measure(run: () => RunResult | Promise<RunResult>) {
  await run(); // warm-up: JIT
  const results: RunResult[] = [];
  for (let i = 0; i < ROUNDS; i++) results.push(await run());
  const first = results[0] as RunResult;
  return {
    frames: first.frames,
    outputs: first.outputs,
    framesPerSec: Math.max(...results.map((r) => r.frames / r.cpuSeconds)),
    wallFramesPerSec: Math.max(...results.map((r) => r.frames / r.seconds)),
  };
}

const inputs = [buildBenchTlog(1, MIN_INPUT_BYTES, 1), buildBenchTlog(2, MIN_INPUT_BYTES, 2)];
const rows = [];
for (const input of inputs) {
  const sortie = await measure(() => runSortie(input));
  const nodeMavlink = await measure(() => runNodeMavlink(input));
  rows.push({
    input: input.name,
    sizeMB: +(input.bytes.length / 1e6).toFixed(2),
    framesInFile: input.frames,
    sortieFrames: sortie.frames,
    sortieSamples: sortie.outputs,
    sortieFramesPerSec: Math.round(sortie.framesPerSec),
    sortieWallFramesPerSec: Math.round(sortie.wallFramesPerSec),
    nodeMavlinkFrames: nodeMavlink.frames,
    nodeMavlinkFramesPerSec: Math.round(nodeMavlink.framesPerSec),
    nodeMavlinkWallFramesPerSec: Math.round(nodeMavlink.wallFramesPerSec),
    ratio: +(sortie.framesPerSec / nodeMavlink.framesPerSec).toFixed(2),
  });
}
console.table(rows);

// Overall figures: total frames over total time across both inputs (harmonic per-frame rate).
const totalFrames = rows.reduce((n, r) => n + r.framesInFile, 0);
const sortieSeconds = rows.reduce((n, r) => n + r.sortieFrames / r.sortieFramesPerSec, 0);
const nodeSeconds = rows.reduce((n, r) => n + r.nodeMavlinkFrames / r.nodeMavlinkFramesPerSec, 0);
const framesPerSec = Math.round(totalFrames / sortieSeconds);
const nodeMavlinkFramesPerSec = Math.round(
  rows.reduce((n, r) => n + r.nodeMavlinkFrames, 0) / nodeSeconds,
);
const wallFramesPerSec = Math.round(
  totalFrames / rows.reduce((n, r) => n + r.sortieFrames / r.sortieWallFramesPerSec, 0),
);
const summary = {
  bench: 'decode',
  framesPerSec,
  nodeMavlinkFramesPerSec,
  ratio: +(framesPerSec / nodeMavlinkFramesPerSec).toFixed(2),
  wallFramesPerSec,
  timing: 'best of 20 rounds, frames per CPU-second of this process',
};
const machine = {
  cpus: cpus().length,
  loadAverage1m: +loadavg()[0]!.toFixed(1),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  date: new Date().toISOString(),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/decode.json', import.meta.url),
  `${JSON.stringify({ ...summary, machine, rows }, null, 2)}\n`,
);
console.log(
  `machine: ${machine.cpus} cores (${machine.cpuModel}), load ${machine.loadAverage1m}, ` +
    `Node ${machine.node}, ${machine.date}`,
);
console.log(JSON.stringify(summary));
