import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { latLonAt, sample, syntheticFlight } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

/** Truth: a 400 m square mission flown 1.5 m to the right of every leg: cross-track 1.5 m. */
const corners = [
  [0, 0],
  [400, 0],
  [400, 400],
  [0, 400],
] as const;
const waypoints = corners.map(([e, n], seq) => ({ seq: seq + 1, ...latLonAt(e, n) }));

function squareMission(offsetM: number) {
  const speedMps = 10;
  const legS = 40;
  const extraSamples = [];
  for (let tS = 0; tS <= 3 * legS; tS += 1) {
    const seq = Math.min(4, 2 + Math.floor(tS / legS));
    extraSamples.push(
      sample('mission', tS, { missionSeq: seq, missionTotal: 4, missionState: 3 }, [
        'missionSeq',
        'missionTotal',
        'missionState',
      ]),
    );
  }
  return syntheticFlight({
    durationS: 3 * legS - 0.1,
    modes: [{ fromS: 0, mode: 'AUTO' }],
    extraSamples,
    extras: { missionWaypoints: waypoints.map((w) => ({ ...w, altRelM: 30 })) },
    state: (tS) => {
      const leg = Math.min(2, Math.floor(tS / legS));
      const along = (tS - leg * legS) * speedMps;
      const [ax, ay] = corners[leg] as readonly [number, number];
      const [bx, by] = corners[leg + 1] as readonly [number, number];
      const ux = (bx - ax) / 400;
      const uy = (by - ay) / 400;
      // Right of the direction of travel is (uy, -ux).
      return {
        eastM: ax + ux * along + uy * offsetM,
        northM: ay + uy * along - ux * offsetM,
        altRelM: 30,
      };
    },
  });
}

describe('path-tracking', () => {
  it('measures the cross-track offset of every leg and passes at 1.5 m', () => {
    const result = runCriterion('path-tracking', squareMission(1.5));
    expect(metricValue(result, 'RMS cross-track')).toBeCloseTo(1.5, 2);
    expect(metricValue(result, 'max cross-track')).toBeCloseTo(1.5, 2);
    expect(result.verdict).toBe('pass');
  });

  it('fails at 3 m off the path', () => {
    expect(runCriterion('path-tracking', squareMission(3)).verdict).toBe('fail');
  });

  it("agrees with Turf's pointToLineDistance on the worst sample", () => {
    const result = runCriterion('path-tracking', squareMission(2.5));
    const worst = result.evidence.worst;
    expect(worst?.latDeg).toBeDefined();
    const path = turf.lineString(waypoints.map((w) => [w.lonDeg, w.latDeg]));
    const turfM = turf.pointToLineDistance(turf.point([worst!.lonDeg!, worst!.latDeg!]), path, {
      units: 'meters',
    });
    expect(worst!.value).toBeCloseTo(turfM, 1);
  });

  it('is insufficient-data without a planned path', () => {
    const flight = syntheticFlight({
      durationS: 30,
      modes: [{ fromS: 0, mode: 'AUTO' }],
      state: (t) => ({ eastM: t, northM: 0, altRelM: 10 }),
    });
    expect(runCriterion('path-tracking', flight).verdict).toBe('insufficient-data');
  });
});
