import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareWithPymavlink,
  sortieReading,
} from '../../../scripts/pymavlink/compareDataFlash.js';

/**
 * Real ArduPilot logs (fixtures/NOTICE.md) read by Sortie and by pymavlink's DFReader, the
 * reference reader, at test time: record counts per type, first and last times, arm/disarm,
 * modes, positions and messages must agree. Needs pymavlink: fails, never skips, without it.
 */
const FIXTURES = join(import.meta.dirname, '../../../fixtures/real-logs');
const SUB = join(FIXTURES, 'ardusub-ac41-dive-starts-armed.bin');
const SITL = join(FIXTURES, 'sitl-copter-ac41dev-guided-pair.bin');

function requirePymavlink(): void {
  const probe = spawnSync('python3', ['-c', 'import pymavlink'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `pymavlink is not importable by python3 (${probe.error?.message ?? probe.stderr.trim()}): ` +
        'run `pip install -r test/requirements.txt`',
    );
  }
}

describe('DataFlash reader against pymavlink DFReader', () => {
  it.each([
    ['ArduSub 4.1, no GPS, starts armed', SUB],
    ['ArduCopter 4.1 SITL, GPS, cut off at a block boundary', SITL],
  ])('agrees with pymavlink on %s', async (_what, path) => {
    requirePymavlink();
    const comparisons = await compareWithPymavlink(path);
    expect(comparisons.length).toBeGreaterThan(20);
    expect(comparisons.filter((c) => !c.ok)).toEqual([]);
  });

  it('sees the ArduSub log start armed and disarm 8.8 s in (the ARM record pymavlink shows at 274.43 s)', async () => {
    const { events, summary } = await sortieReading(SUB);
    const arming = events.filter((e) => e.type === 'arm' || e.type === 'disarm');
    expect(arming.map((e) => [e.type, e.tUs, e.data.atLogStart ?? false])).toEqual([
      // The log's first record (boot 265.648719 s), then the ARM record.
      ['arm', 265_648_719, true],
      ['disarm', 274_434_708, false],
    ]);
    expect(summary.vehicle.vehicleClass).toBe('sub');
    expect(summary.clock.utcMinusBootUs).toBeNull();
  });

  it('reports where the SITL log is cut off, the last 27 bytes of a BAT record', async () => {
    const { summary } = await sortieReading(SITL);
    // 450 560 bytes = 110 blocks of 4 KiB; pymavlink stops at the same place, silently.
    expect(summary.stats.truncatedRecord).toEqual({
      offset: 450_533,
      typeName: 'BAT',
      bytesPresent: 27,
      lengthBytes: 38,
    });
    expect(summary.stats.skippedBytes).toBe(0);
  });
});
