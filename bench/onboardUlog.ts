import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { UlogNormaliser } from '../telemetry/ulog/ulogNormaliser.js';
import { readUlogFile } from '../telemetry/ulog/ulogReader.js';
import { findUlogUtcOffsetUs } from '../telemetry/ulog/ulogUtcOffset.js';
import { benchUlogPath, TEMPLATE } from './onboardUlogInput.js';

/**
 * bench:onboard-ulog — a .ulg read and normalised by Sortie (UTC pre-scan, reader, normaliser
 * into samples and events), against pyulog 1.3.0 reading the same file (ULog(path): every
 * topic into numpy arrays), in one run on one machine. Each run is its own process, so peak
 * RSS is that run's own.
 */
const ROUNDS = 3;
const PY_SCRIPT = `
import resource, sys, time
from pyulog import ULog
t = time.perf_counter()
c = time.process_time()
u = ULog(sys.argv[1])
seconds = time.perf_counter() - t
cpu = time.process_time() - c
n = sum(len(d.data['timestamp']) for d in u.data_list)
print(seconds, cpu, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
`;

interface Run {
  /** Wall-clock time [s]. */
  seconds: number;
  /** CPU time of the process (user + system) [s]: the reader's own cost on a shared machine. */
  cpuSeconds: number;
  messages: number;
  peakRssBytes: number;
  peakHeapBytes?: number;
  samples?: number;
}

/** One Sortie run, in this (child) process. */
async function sortieRun(path: string): Promise<Run> {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let samples = 0;
  let peakHeapBytes = 0;
  const utcOffsetUs = (await findUlogUtcOffsetUs(path)) ?? 0;
  const normaliser = new UlogNormaliser({
    utcOffsetUs,
    onBatch: (batch) => {
      samples += batch.length;
      peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
    },
  });
  const result = await readUlogFile(path, normaliser);
  normaliser.flush();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    messages: result.dataMessages,
    samples,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes,
  };
}

function child(args: string[]): string {
  const run = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout.trim().split('\n').pop()!;
}

function sortieInChild(path: string): Run {
  const self = fileURLToPath(import.meta.url);
  return JSON.parse(child([process.execPath, '--import', 'tsx', self, '--child', path])) as Run;
}

function pyulogInChild(path: string): Run {
  const [seconds, cpuSeconds, messages, rss] = child(['python3', '-c', PY_SCRIPT, path])
    .split(' ')
    .map(Number);
  return { seconds: seconds!, cpuSeconds: cpuSeconds!, messages: messages!, peakRssBytes: rss! };
}

/** The least disturbed of the rounds, by CPU time (the machine is shared). */
function best(runs: Run[]): Run {
  return runs.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
}

const mb = (bytes: number) => bytes / 1e6;

async function main(): Promise<void> {
  if (process.argv[2] === '--child') {
    console.log(JSON.stringify(await sortieRun(process.argv[3]!)));
    return;
  }
  const inputs = [fileURLToPath(TEMPLATE), benchUlogPath()];
  const rows = [];
  for (const path of inputs) {
    const bytes = statSync(path).size;
    const sortie = best(Array.from({ length: ROUNDS }, () => sortieInChild(path)));
    const pyulog = best(Array.from({ length: ROUNDS }, () => pyulogInChild(path)));
    rows.push({
      file: path.split('/').pop()!,
      bytes,
      messages: sortie.messages,
      pyulogMessages: pyulog.messages,
      samples: sortie.samples,
      sortieMBps: +(mb(bytes) / sortie.cpuSeconds).toFixed(1),
      pyulogMBps: +(mb(bytes) / pyulog.cpuSeconds).toFixed(1),
      ratio: +(pyulog.cpuSeconds / sortie.cpuSeconds).toFixed(2),
      sortieWallMBps: +(mb(bytes) / sortie.seconds).toFixed(1),
      pyulogWallMBps: +(mb(bytes) / pyulog.seconds).toFixed(1),
      wallRatio: +(pyulog.seconds / sortie.seconds).toFixed(2),
      sortiePeakRssMB: +mb(sortie.peakRssBytes).toFixed(0),
      sortiePeakHeapMB: +mb(sortie.peakHeapBytes ?? 0).toFixed(0),
      pyulogPeakRssMB: +mb(pyulog.peakRssBytes).toFixed(0),
    });
  }
  console.table(rows);
  const big = rows[rows.length - 1]!;
  const summary = {
    bench: 'onboard-ulog',
    bytes: big.bytes,
    sortieMBps: big.sortieMBps,
    pyulogMBps: big.pyulogMBps,
    ratio: big.ratio,
    sortieWallMBps: big.sortieWallMBps,
    pyulogWallMBps: big.pyulogWallMBps,
    wallRatio: big.wallRatio,
    sortiePeakRssMB: big.sortiePeakRssMB,
    sortiePeakHeapMB: big.sortiePeakHeapMB,
    pyulogPeakRssMB: big.pyulogPeakRssMB,
  };
  const report = {
    ...summary,
    rows,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverage1m: +loadavg()[0]!.toFixed(1),
      node: process.version,
    },
    at: new Date().toISOString(),
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/onboard-ulog.json', import.meta.url),
    JSON.stringify(report, null, 2) + '\n',
  );
  console.log(JSON.stringify(summary));
}

await main();
