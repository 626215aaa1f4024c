import { describe, expect, it } from 'vitest';
import { sample, syntheticFlight } from '../syntheticFlight.js';
import { runCriterion } from './runCriterion.js';

const GPS = [
  'gpsLatDeg',
  'gpsLonDeg',
  'gpsAltMslM',
  'fixType',
  'satellites',
  'hdop',
  'vdop',
  'gpsSpeedMps',
  'gpsCourseDeg',
] as const;

/** Truth: 100 s airborne, GPS at 5 Hz, HDOP 2.0 for `badS` seconds from t = 30 s. */
function gpsFlight(badS: number) {
  const gps = [];
  for (let k = 0; k <= 500; k++) {
    const tS = k / 5;
    gps.push(
      sample(
        'gps',
        tS,
        { fixType: 3, satellites: 14, hdop: tS >= 30 && tS < 30 + badS ? 2 : 0.9 },
        GPS,
      ),
    );
  }
  return syntheticFlight({
    durationS: 100,
    extraSamples: gps,
    state: () => ({ eastM: 0, northM: 0, altRelM: 20 }),
  });
}

describe('gnss-quality', () => {
  it('measures 98 % good time when HDOP is high for 2 s of 100 s, and fails the 99 %', () => {
    const result = runCriterion('gnss-quality', gpsFlight(2));
    expect(result.measured).toBeCloseTo(98, 1);
    expect(result.verdict).toBe('fail');
    expect(result.evidence.spans[0]?.label).toMatch(/HDOP 2/);
  });

  it('passes with 0.6 s of high HDOP (99.4 %)', () => {
    expect(runCriterion('gnss-quality', gpsFlight(0.6)).verdict).toBe('pass');
  });

  it('counts GPS silence as time without a fix', () => {
    const flight = gpsFlight(0);
    const gps = flight.series.gps!;
    const keep = Array.from(
      gps.tUs,
      (t) => t < flight.startUs + 40e6 || t >= flight.startUs + 45e6,
    );
    const thinned = Object.fromEntries(
      Object.entries(gps).map(([k, column]) => [
        k,
        column.filter((_: number, i: number) => keep[i]),
      ]),
    );
    const result = runCriterion('gnss-quality', {
      ...flight,
      series: { ...flight.series, gps: thinned as typeof gps },
    });
    expect(result.measured).toBeCloseTo(96, 0);
  });
});
