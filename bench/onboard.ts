import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeDataFlash } from '../telemetry/dataflash/decodeDataFlash.js';
import { makeBigBin } from './onboard/makeBigBin.js';

/**
 * bench:onboard — onboard logs read and normalised by Sortie against the reference reader of each
 * format, on the same files in the same run. Each format is one entry of READERS. Every reading
 * runs in its own process, so its peak RSS is its own.
 *
 *   npm run bench:onboard            (child mode: tsx bench/onboard.ts --child FORMAT FILE)
 */
interface Reading {
  records: number;
  samples?: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  peakHeapMB?: number;
}

interface OnboardReader {
  format: string;
  /** The files to read, made or found by `prepare` in `dir`. */
  prepare(dir: string): Promise<{ name: string; path: string }[]>;
  /** Sortie's read + normalise, in this process (the child). */
  sortie(path: string): Promise<Omit<Reading, 'seconds' | 'cpuSeconds' | 'peakRssMB'>>;
  referenceName: string;
  /** The reference reader's command line; it prints a Reading as JSON. */
  reference(path: string): string[];
}

const ROOT = join(import.meta.dirname, '..');
const BIG_BIN_BYTES = 100 * 1024 * 1024;

const READERS: OnboardReader[] = [
  {
    format: 'dataflash',
    async prepare(dir) {
      const fixture = join(ROOT, 'fixtures/real-logs/sitl-copter-ac41dev-guided-pair.bin');
      const big = join(dir, 'synthetic-100MB.bin');
      await makeBigBin(fixture, big, BIG_BIN_BYTES);
      return [
        { name: 'sitl-copter-ac41dev-guided-pair.bin', path: fixture },
        { name: 'synthetic ~100 MB (the SITL log repeated, TimeUS shifted)', path: big },
      ];
    },
    async sortie(path) {
      let samples = 0;
      let peakHeap = 0;
      const summary = await decodeDataFlash(path, (batch) => {
        samples += batch.samples.length;
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      });
      return { records: summary.stats.records, samples, peakHeapMB: peakHeap / 2 ** 20 };
    },
    referenceName: 'pymavlink DFReader',
    reference: (path) => ['python3', join(ROOT, 'bench/onboard/dfreader_read.py'), path],
  },
];

async function child(format: string, path: string): Promise<void> {
  const reader = READERS.find((r) => r.format === format);
  if (!reader) throw new Error(`no reader ${format}`);
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await reader.sortie(path);
  const used = process.cpuUsage(cpu);
  const reading: Reading = {
    ...result,
    seconds: Number(process.hrtime.bigint() - wall) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(reading));
}

function run(command: string[]): Reading {
  const [program, ...args] = command as [string, ...string[]];
  const done = spawnSync(program, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (done.status !== 0) throw new Error(`${command.join(' ')} failed: ${done.stderr}`);
  const last = done.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Reading;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sortie-bench-onboard-'));
  const rows = [];
  try {
    for (const reader of READERS) {
      for (const file of await reader.prepare(dir)) {
        const sizeMB = statSync(file.path).size / 1e6;
        const sortie = run([
          process.execPath,
          '--import',
          'tsx',
          join(ROOT, 'bench/onboard.ts'),
          '--child',
          reader.format,
          file.path,
        ]);
        const reference = run(reader.reference(file.path));
        rows.push({
          format: reader.format,
          file: file.name,
          sizeMB: +sizeMB.toFixed(1),
          sortieRecords: sortie.records,
          sortieSamples: sortie.samples ?? null,
          sortieMBps: +(sizeMB / sortie.seconds).toFixed(1),
          sortieCpuMBps: +(sizeMB / sortie.cpuSeconds).toFixed(1),
          sortiePeakRssMB: Math.round(sortie.peakRssMB),
          sortiePeakHeapMB: sortie.peakHeapMB === undefined ? null : Math.round(sortie.peakHeapMB),
          reference: reader.referenceName,
          referenceRecords: reference.records,
          referenceMBps: +(sizeMB / reference.seconds).toFixed(2),
          referenceCpuMBps: +(sizeMB / reference.cpuSeconds).toFixed(2),
          referencePeakRssMB: Math.round(reference.peakRssMB),
          ratio: +(reference.seconds / sortie.seconds).toFixed(1),
          cpuRatio: +(reference.cpuSeconds / sortie.cpuSeconds).toFixed(1),
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(rows);
  const largest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    if ((largest.get(row.format)?.sizeMB ?? -1) < row.sizeMB) largest.set(row.format, row);
  }
  const summary = {
    bench: 'onboard',
    formats: Object.fromEntries(
      [...largest].map(([format, row]) => [
        format,
        {
          sizeMB: row.sizeMB,
          sortieMBps: row.sortieMBps,
          referenceMBps: row.referenceMBps,
          ratio: row.ratio,
          sortieCpuMBps: row.sortieCpuMBps,
          referenceCpuMBps: row.referenceCpuMBps,
          cpuRatio: row.cpuRatio,
          sortiePeakRssMB: row.sortiePeakRssMB,
        },
      ]),
    ),
    timing:
      'one read of each file, each reader in its own process; MBps by wall clock, cpuMBps by ' +
      'CPU time of the reading process (the fairer figure on a shared machine)',
  };
  const machine = {
    cpus: cpus().length,
    loadAverage1m: +(loadavg()[0] ?? 0).toFixed(1),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    date: new Date().toISOString(),
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench/results/onboard.json'),
    `${JSON.stringify({ ...summary, machine, rows }, null, 2)}\n`,
  );
  console.log(
    `machine: ${machine.cpus} cores (${machine.cpuModel}), load ${machine.loadAverage1m}, Node ${machine.node}, ${machine.date}`,
  );
  console.log(JSON.stringify(summary));
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) await child(process.argv[childAt + 1] ?? '', process.argv[childAt + 2] ?? '');
else await main();
