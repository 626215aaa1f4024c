import { describe, expect, it } from 'vitest';
import { sample, syntheticFlight, usAt, type CopterMode } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

const SYSTEM = ['voltageV', 'currentA', 'remainingPct', 'loadPct', 'dropRateCommPct'] as const;

/** MAV_AUTOPILOT values the criterion reads from the heartbeats. */
const PX4 = 12;
const ARDUPILOT = 3;

/** Truth: the charge drains linearly from 30.03 % at 0.1 %/s, so it reaches 15 % at t = 150.3 s. */
const TRUE_CROSSING_S = 150.3;
const trueChargePct = (tS: number) => 30.03 - 0.1 * tS;
/** The failsafe switches to RTL here (on a heartbeat, 1 Hz), 1.7 s after the true crossing. */
const RTL_AT_S = 152;
/** SYS_STATUS period of the stream [s]: how closely the reports can date the crossing. */
const REPORT_PERIOD_S = 0.5;

/**
 * The draining flight as an autopilot reports it: whole percent at 2 Hz, rounded up by PX4
 * (ceilf) and truncated by ArduPilot, as their SYS_STATUS streams do. Disarms at 190 s.
 */
function drainingFlight(rtlAtS: number | null, autopilot = ARDUPILOT) {
  const modes: { fromS: number; mode: CopterMode }[] = [{ fromS: 0, mode: 'LOITER' }];
  if (rtlAtS !== null) modes.push({ fromS: rtlAtS, mode: 'RTL' });
  const round = autopilot === PX4 ? Math.ceil : Math.floor;
  const flight = syntheticFlight({
    durationS: 200,
    armedUntilS: 190,
    modes,
    extraSamples: Array.from({ length: 401 }, (_, k) => {
      const tS = k * REPORT_PERIOD_S;
      const remainingPct = round(trueChargePct(tS));
      const values = { voltageV: 15, currentA: 20, remainingPct, loadPct: 30, dropRateCommPct: 0 };
      return sample('system', tS, values, SYSTEM);
    }),
    state: () => ({ eastM: 0, northM: 0, altRelM: 20 }),
  });
  // The synthetic heartbeats are ArduCopter's; only the autopilot field matters here (the mode
  // timeline is already built), so a PX4 flight relabels them.
  flight.series.heartbeat?.autopilot.fill(autopilot);
  return flight;
}

describe('low-battery', () => {
  for (const [name, autopilot] of [
    ['PX4 (rounds up)', PX4],
    ['ArduPilot (truncates)', ARDUPILOT],
  ] as const) {
    it(`dates the crossing of 15 % within one report period from ${name} whole-percent reports`, () => {
      const result = runCriterion('low-battery', drainingFlight(RTL_AT_S, autopilot));
      const span = result.evidence.spans[0];
      const crossingS = ((span?.startUs ?? 0) - usAt(0)) / 1e6;
      expect(crossingS).toBeGreaterThanOrEqual(TRUE_CROSSING_S);
      expect(crossingS - TRUE_CROSSING_S).toBeLessThanOrEqual(REPORT_PERIOD_S);
      const delayS = metricValue(result, 'time from low battery to RTL/LAND') ?? Infinity;
      expect(Math.abs(delayS - (RTL_AT_S - TRUE_CROSSING_S))).toBeLessThanOrEqual(REPORT_PERIOD_S);
      expect(result.verdict).toBe('pass');
    });
  }

  it('does not read ArduPilot’s truncated 15 % (15–16 % left) as the threshold reached', () => {
    // ArduPilot reports 14 % first at 150.5 s and 15 % from 140.5 s; RTL at 153 s is 2.5 s after
    // the report of 14 %, and would read 12.5 s from the report of 15 %.
    const result = runCriterion('low-battery', drainingFlight(153, ARDUPILOT));
    expect(metricValue(result, 'time from low battery to RTL/LAND')).toBeCloseTo(2.5, 6);
    expect(result.verdict).toBe('pass');
  });

  it('reports the charge at touchdown', () => {
    const result = runCriterion('low-battery', drainingFlight(RTL_AT_S));
    // The report at the disarm (190 s): 30.03 − 19 = 11.03 %, truncated to 11 %.
    expect(metricValue(result, 'charge at touchdown')).toBe(11);
  });

  it('fails when no failsafe follows the crossing', () => {
    expect(runCriterion('low-battery', drainingFlight(null)).verdict).toBe('fail');
  });

  it('is not-applicable when the charge never reaches the threshold', () => {
    const result = runCriterion('low-battery', drainingFlight(RTL_AT_S), {
      params: { lowThresholdPct: 2 },
    });
    expect(result.verdict).toBe('not-applicable');
  });

  it('is insufficient-data without battery data', () => {
    const flight = syntheticFlight({
      durationS: 10,
      state: () => ({ eastM: 0, northM: 0, altRelM: 5 }),
    });
    expect(runCriterion('low-battery', flight).verdict).toBe('insufficient-data');
  });
});
