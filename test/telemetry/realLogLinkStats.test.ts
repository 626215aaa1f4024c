import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTlog } from '../../telemetry/mavlink/decodeTlog.js';

/**
 * Packet loss of real logs against pymavlink: the script counts, per (system, component), the
 * frames pymavlink decodes and the gaps of their sequence numbers; Sortie's counted loss
 * (framesLostBySeq) must be the same number. Logs: fixtures/real-logs (see fixtures/NOTICE.md).
 * The test needs pymavlink: it fails, never skips, when it is missing.
 */
const SCRIPT = join(import.meta.dirname, '../../scripts/pymavlink/sequence_gaps.py');
const LOGS = join(import.meta.dirname, '../../fixtures/real-logs');

interface PymavlinkSource {
  sysId: number;
  compId: number;
  framesReceived: number;
  framesLostBySeq: number;
}

function pymavlinkSources(path: string): PymavlinkSource[] {
  const run = spawnSync('python3', [SCRIPT, path], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(
      `${SCRIPT} failed (${run.error?.message ?? run.stderr.trim()}): ` +
        'run `pip install -r test/requirements.txt`',
    );
  }
  return JSON.parse(run.stdout) as PymavlinkSource[];
}

describe('link statistics of real logs', () => {
  it.each([
    'copter-ac32-sik-radio-gcs-badcrc-mavlink1.tlog',
    'ardusub-ac41-qgc-five-components-mavlink2.tlog',
    'ardusub-qgc-blueos-badcrc-bench-mavlink2.tlog',
    'sitl-copter-ac41dev-guided-pair.tlog',
  ])('counts the frames and sequence gaps of every vehicle as pymavlink does: %s', async (name) => {
    const path = join(LOGS, name);
    const expected = pymavlinkSources(path);
    const decoded = await decodeTlog(path);
    expect(decoded.linkStats.length).toBeGreaterThan(0);
    // A real log loses nothing to the physical bounds.
    expect(decoded.valuesOutOfBounds).toEqual({});
    for (const stats of decoded.linkStats) {
      const reference = expected.find((s) => s.sysId === stats.sysId && s.compId === stats.compId);
      const sortie = { framesReceived: stats.framesReceived, lost: stats.framesLostBySeq };
      console.log(
        `${name} ${stats.sysId}/${stats.compId}: pymavlink ${JSON.stringify(reference)}, ` +
          `Sortie ${JSON.stringify(sortie)} + ${stats.framesLostEstimated} estimated, ` +
          `loss ${stats.lossPct.toFixed(2)} %`,
      );
      expect(sortie).toEqual({
        framesReceived: reference?.framesReceived,
        lost: reference?.framesLostBySeq,
      });
      expect(stats.badTimestamps).toBe(0);
      // The estimate is at most one hidden wrap per long silence, never the bulk of the loss.
      expect(stats.framesLostEstimated).toBeLessThanOrEqual(256);
    }
  });
});
