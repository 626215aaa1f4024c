import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What pyulog (the reference reader) reads of a .ulg; the test fails, never skips, without it. */
export interface PyulogSummary {
  startTimestamp: number;
  lastTimestamp: number;
  hasDataAppended: boolean;
  fileCorruption: boolean;
  topics: Record<string, { count: number; first: number | null; last: number | null }>;
  /** [level 0–7, timestamp µs, text] */
  logged: [number, number, string][];
  /** vehicle_status: [timestamp µs, arming_state, nav_state] */
  status: [number, number, number][];
}

const SCRIPT = join(import.meta.dirname, '../../../scripts/pyulog/ulog_summary.py');

export function pyulogSummary(path: string): PyulogSummary {
  const run = spawnSync('python3', [SCRIPT, path], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0)
    throw new Error(`pyulog failed on ${path}: ${run.stderr || run.error?.message}`);
  const lines = run.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as PyulogSummary;
}
