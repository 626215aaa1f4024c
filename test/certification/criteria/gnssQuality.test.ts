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

  it('counts a 5 s GPS silence against coverage, never against the share with a fix', () => {
    // Truth: samples 40.0–44.8 s removed; the 39.8 s sample vouches for 2 s (the plan's hold),
    // so 41.8–45.0 s is uncovered: 3.2 s of the 100 s airborne.
    const result = runCriterion('gnss-quality', gpsFlightWithout(gpsFlight(0), 40, 45));
    expect(result.measured).toBe(100);
    expect(result.verdict).toBe('pass');
    expect(result.coverage.channels).toEqual(['gps']);
    expect(result.coverage.fraction).toBeCloseTo(0.968, 2);
  });

  it('is insufficient-data, not a fail, when GPS covers less than the plan minimum', () => {
    const result = runCriterion('gnss-quality', gpsFlightWithout(gpsFlight(0), 20, 80), {
      plan: { minCoverage: 0.8 },
    });
    expect(result.verdict).toBe('insufficient-data');
    expect(result.reasonMessage.code).toBe('coverage-below-minimum');
    expect(result.coverage.fraction).toBeLessThan(0.5);
    expect(result.coverage.minFraction).toBe(0.8);
  });
});

function gpsFlightWithout(flight: ReturnType<typeof gpsFlight>, fromS: number, toS: number) {
  const gps = flight.series.gps!;
  const keep = Array.from(
    gps.tUs,
    (t) => t < flight.startUs + fromS * 1e6 || t >= flight.startUs + toS * 1e6,
  );
  const thinned = Object.fromEntries(
    Object.entries(gps).map(([k, column]) => [k, column.filter((_: number, i: number) => keep[i])]),
  );
  return { ...flight, series: { ...flight.series, gps: thinned as typeof gps } };
}
