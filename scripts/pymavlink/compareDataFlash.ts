import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { Sample } from '../../telemetry/model/sample.js';
import {
  decodeDataFlash,
  type DataFlashSummary,
} from '../../telemetry/dataflash/decodeDataFlash.js';

/** What scripts/pymavlink/dataflash_summary.py prints: pymavlink DFReader's reading of a log. */
export interface PymavlinkSummary {
  counts: Record<string, number>;
  firstTimed: { type: string; bootUs: number; timestampS: number } | null;
  lastTimed: { type: string; bootUs: number; timestampS: number } | null;
  arming: { timestampS: number; armed: boolean }[];
  modes: { timestampS: number; number: number; name: string }[];
  positions: { timestampS: number; lat: number; lng: number; relAlt: number; fix3d: boolean }[];
  texts: string[];
  clock: string | null;
}

/** One comparison of Sortie's reading with pymavlink's; `ok` says whether they agree. */
export interface Comparison {
  what: string;
  ok: boolean;
  sortie: unknown;
  pymavlink: unknown;
}

const SCRIPT = join(import.meta.dirname, 'dataflash_summary.py');
/** pymavlink turns GPS time to UTC with a fixed 18 leap seconds, whatever the date. */
const PYMAVLINK_LEAP_SECONDS = 18;
/** pymavlink keeps times as float seconds (~0.2 µs resolution in 2020) [µs]. */
const TIME_TOLERANCE_US = 2;
const DEGREE_TOLERANCE = 1e-9;
const METRE_TOLERANCE = 1e-4;

export function pymavlinkSummary(path: string): PymavlinkSummary {
  const run = spawnSync('python3', [SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0) {
    throw new Error(
      `pymavlink could not read ${path} (${run.error?.message ?? run.stderr.trim()}): ` +
        'is pymavlink installed (pip install -r test/requirements.txt)?',
    );
  }
  return JSON.parse(run.stdout) as PymavlinkSummary;
}

export interface SortieReading {
  summary: DataFlashSummary;
  events: FlightEvent[];
  positions: Sample<'position'>[];
}

/** Sortie's reading of the same log, kept whole (the logs compared are small). */
export async function sortieReading(path: string): Promise<SortieReading> {
  const events: FlightEvent[] = [];
  const positions: Sample<'position'>[] = [];
  const summary = await decodeDataFlash(path, (batch) => {
    events.push(...batch.events);
    for (const s of batch.samples) if (s.kind === 'position') positions.push(s);
  });
  return { summary, events, positions };
}

function near(a: number | null | undefined, b: number | null | undefined, tolerance: number) {
  return (
    a !== null && a !== undefined && b !== null && b !== undefined && Math.abs(a - b) <= tolerance
  );
}

/**
 * Reads a DataFlash log with Sortie and with pymavlink's DFReader and compares: records per type,
 * the first and last timed record (boot time and UTC, pymavlink's fixed 18 leap seconds
 * corrected to those of the day), arm/disarm, modes, positions and messages.
 */
export async function compareWithPymavlink(path: string): Promise<Comparison[]> {
  const py = pymavlinkSummary(path);
  const ours = await sortieReading(path);
  const { summary } = ours;
  const leapS = summary.clock.leapSeconds;
  /** pymavlink's time [s] as Sortie's tUs would be. */
  const pyUs = (timestampS: number) =>
    timestampS * 1e6 + (leapS === null ? 0 : (PYMAVLINK_LEAP_SECONDS - leapS) * 1e6);
  const out: Comparison[] = [];
  const compare = (what: string, ok: boolean, sortie: unknown, pymavlink: unknown) =>
    out.push({ what, ok, sortie, pymavlink });

  const types = [...new Set([...Object.keys(py.counts), ...Object.keys(summary.recordCounts)])];
  for (const type of types.sort()) {
    const a = summary.recordCounts[type] ?? 0;
    const b = py.counts[type] ?? 0;
    compare(`${type} records`, a === b, a, b);
  }
  compare(
    'first timed record, boot time [µs]',
    summary.firstBootUs === (py.firstTimed?.bootUs ?? null),
    summary.firstBootUs,
    py.firstTimed?.bootUs ?? null,
  );
  compare(
    'last timed record, boot time [µs]',
    summary.lastBootUs === (py.lastTimed?.bootUs ?? null),
    summary.lastBootUs,
    py.lastTimed?.bootUs ?? null,
  );
  const firstPy = py.firstTimed ? pyUs(py.firstTimed.timestampS) : null;
  const lastPy = py.lastTimed ? pyUs(py.lastTimed.timestampS) : null;
  compare(
    'first timed record [µs since epoch]',
    near(summary.firstUs, firstPy, TIME_TOLERANCE_US),
    summary.firstUs,
    firstPy,
  );
  compare(
    'last timed record [µs since epoch]',
    near(summary.lastUs, lastPy, TIME_TOLERANCE_US),
    summary.lastUs,
    lastPy,
  );

  const arming = ours.events
    // pymavlink has no record of an arming before the log began.
    .filter((e) => (e.type === 'arm' || e.type === 'disarm') && e.data.atLogStart !== true)
    .map((e) => ({ armed: e.type === 'arm', tUs: e.tUs }));
  const pyArming = py.arming.map((a) => ({ armed: a.armed, tUs: pyUs(a.timestampS) }));
  compare(
    'arm/disarm sequence and times',
    arming.length === pyArming.length &&
      arming.every(
        (a, i) =>
          a.armed === pyArming[i]?.armed && near(a.tUs, pyArming[i]?.tUs, TIME_TOLERANCE_US),
      ),
    arming,
    pyArming,
  );

  const modes = ours.events
    .filter((e) => e.type === 'mode-change' && e.data.source === 'MODE')
    .map((e) => ({ number: e.data.customMode, name: e.data.toMode, tUs: e.tUs }));
  const pyModes = py.modes.map((m) => ({
    number: m.number,
    name: m.name,
    tUs: pyUs(m.timestampS),
  }));
  compare(
    'modes (number, name, time)',
    modes.length === pyModes.length &&
      modes.every((m, i) => {
        const p = pyModes[i];
        return (
          p !== undefined &&
          m.number === p.number &&
          m.name === p.name &&
          near(m.tUs, p.tUs, TIME_TOLERANCE_US)
        );
      }),
    modes,
    pyModes,
  );

  compare(
    'position records',
    ours.positions.length === py.positions.length,
    ours.positions.length,
    py.positions.length,
  );
  const placed = ours.positions.filter((p) => p.values.latDeg !== null);
  const pyPlaced = py.positions.filter((p) => p.fix3d && !(p.lat === 0 && p.lng === 0));
  compare(
    'positions with a 3-D fix',
    placed.length === pyPlaced.length,
    placed.length,
    pyPlaced.length,
  );
  const mismatch = placed.findIndex((p, i) => {
    const q = pyPlaced[i];
    return (
      q === undefined ||
      !near(p.values.latDeg, q.lat, DEGREE_TOLERANCE) ||
      !near(p.values.lonDeg, q.lng, DEGREE_TOLERANCE) ||
      !near(p.values.altRelM, q.relAlt, METRE_TOLERANCE) ||
      !near(p.tUs, pyUs(q.timestampS), TIME_TOLERANCE_US)
    );
  });
  compare(
    'position values (lat, lon, height above home, time)',
    mismatch < 0,
    mismatch < 0 ? 'all equal' : placed[mismatch],
    mismatch < 0 ? 'all equal' : pyPlaced[mismatch],
  );

  const texts = ours.events
    .filter((e) => e.type === 'text' && e.data.source === 'MSG')
    .map((e) => e.message);
  compare('MSG texts', JSON.stringify(texts) === JSON.stringify(py.texts), texts, py.texts);
  return out;
}
