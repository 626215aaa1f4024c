import { z } from 'zod';
import type { CriterionDefinition, CriterionInput } from '../criterionDefinition.js';
import type { CriterionOutcome } from '../criterionResult.js';
import type { FlightData } from '../flightData.js';
import { message, type Message } from '../message.js';
import { metric, outcome } from '../outcome.js';
import { sampleCoverage } from '../series/coverage.js';
import { armedSpans, disarmTimes } from '../series/armedState.js';
import { failsafeModesOf, firstTimeInModes } from '../series/modeSets.js';
import { evidenceAt } from '../series/positionAt.js';
import { forEachIndexIn, lastIndexAtOrBefore } from '../series/sampleIndex.js';
import { intersectSpans } from '../series/spans.js';

export const lowBatteryParamsSchema = z.strictObject({
  lowThresholdPct: z.number().min(0).max(100).default(15),
  /** Optional voltage trigger, e.g. ArduPilot BATT_LOW_VOLT [V]; whichever comes first. */
  lowVoltageV: z.number().positive().nullable().default(null),
  maxActionDelayS: z.number().nonnegative().default(5),
  minTouchdownPct: z.number().min(0).max(100).default(5),
});

export type LowBatteryParams = z.output<typeof lowBatteryParamsSchema>;

/** Remaining charge: SYS_STATUS, else the first BATTERY_STATUS battery. */
function chargeSeries(
  flight: FlightData,
): { tUs: Float64Array; pct: Float64Array; voltageV: Float64Array } | null {
  const system = flight.series.system;
  if (system && system.remainingPct.some((v) => !Number.isNaN(v))) {
    return { tUs: system.tUs, pct: system.remainingPct, voltageV: system.voltageV };
  }
  const battery = flight.series.battery;
  if (!battery || battery.tUs.length === 0) return null;
  const firstId = battery.batteryId[0] as number;
  const keep = Array.from(battery.batteryId, (id) => id === firstId || Number.isNaN(firstId));
  const pick = (column: Float64Array) => Float64Array.from(column.filter((_, i) => keep[i]));
  return {
    tUs: pick(battery.tUs),
    pct: pick(battery.batteryRemainingPct),
    voltageV: pick(battery.batteryVoltageV),
  };
}

/** MAV_AUTOPILOT_ARDUPILOTMEGA; MAV_AUTOPILOT_INVALID (8) is a ground station or companion. */
const ARDUPILOT = 3;
const NOT_AN_AUTOPILOT = 8;

/**
 * Whether a whole-percent report shows the charge at or below the threshold. Autopilots round
 * the charge differently: PX4 rounds up (ceilf), so 15 means at most 15 % is left; ArduPilot
 * truncates, so 15 means 15–16 % is left and only 14 shows the threshold reached. Reading
 * ArduPilot's 15 as "reached" dates the crossing up to 1 % (about 10 s of flight) early.
 */
function reportReachesThreshold(
  flight: FlightData,
): (pct: number, thresholdPct: number) => boolean {
  const heartbeat = flight.series.heartbeat;
  const autopilot = heartbeat?.autopilot.find((v) => !Number.isNaN(v) && v !== NOT_AN_AUTOPILOT);
  if (autopilot === ARDUPILOT) return (pct, thresholdPct) => pct < thresholdPct;
  return (pct, thresholdPct) => pct <= thresholdPct;
}

export function evaluateLowBattery(input: CriterionInput<LowBatteryParams>): CriterionOutcome {
  const { flight, window, params } = input;
  const id = 'low-battery';
  const metrics = (delay: number | null, touchdown: number | null, crossed: boolean) => [
    metric(
      'metric-low-battery-to-failsafe',
      delay,
      crossed ? params.maxActionDelayS : null,
      'max',
      's',
    ),
    metric(
      'metric-touchdown-charge',
      touchdown,
      crossed ? params.minTouchdownPct : null,
      'min',
      '%',
    ),
  ];
  const series = chargeSeries(flight);
  const armedWindow = intersectSpans(window.spans, armedSpans(flight));
  const coverage = {
    fraction: sampleCoverage(
      series?.tUs,
      armedWindow,
      input.sampleHoldS,
      (i) =>
        !Number.isNaN(series?.pct[i] as number) || !Number.isNaN(series?.voltageV[i] as number),
    ),
    channels: [
      flight.series.system && series?.tUs === flight.series.system.tUs ? 'system' : 'battery',
    ],
  };
  if (!series) {
    return outcome(id, window, {
      metrics: metrics(null, null, true),
      verdict: 'insufficient-data',
      coverage,
      reason: message('reason-no-battery-data'),
    });
  }
  const reachesThreshold = reportReachesThreshold(flight);
  let crossingUs: number | null = null;
  let crossingWhat: Message = message('span-low-charge', { pct: 0, thresholdPct: 0 });
  forEachIndexIn(series.tUs, armedWindow, (i) => {
    if (crossingUs !== null) return;
    const pct = series.pct[i] as number;
    const voltageV = series.voltageV[i] as number;
    if (reachesThreshold(pct, params.lowThresholdPct)) {
      crossingUs = series.tUs[i] as number;
      crossingWhat = message('span-low-charge', { pct, thresholdPct: params.lowThresholdPct });
    } else if (params.lowVoltageV !== null && voltageV <= params.lowVoltageV) {
      crossingUs = series.tUs[i] as number;
      crossingWhat = message('span-low-voltage', {
        voltageV: Math.round(voltageV * 100) / 100,
        thresholdV: params.lowVoltageV,
      });
    }
  });
  const disarmUs = disarmTimes(flight).find((t) => crossingUs === null || t > crossingUs);
  const touchdownIndex = lastIndexAtOrBefore(series.tUs, disarmUs ?? flight.endUs);
  const touchdownPct = touchdownIndex >= 0 ? (series.pct[touchdownIndex] as number) : Number.NaN;
  const touchdown = Number.isNaN(touchdownPct) ? null : touchdownPct;
  const notes: Message[] = disarmUs === undefined ? [message('note-no-disarm-last-charge')] : [];
  if (crossingUs === null) {
    return outcome(id, window, {
      metrics: metrics(null, touchdown, false),
      verdict: 'not-applicable',
      coverage,
      evidence: { notes },
      reason: message('reason-battery-never-low', { thresholdPct: params.lowThresholdPct }),
    });
  }
  const lowUs: number = crossingUs;
  const actionUs = firstTimeInModes(flight, failsafeModesOf(flight), lowUs);
  let delayS: number | null = actionUs === null ? null : (actionUs - lowUs) / 1e6;
  if (actionUs === null) {
    const remainingS = (flight.endUs - lowUs) / 1e6;
    notes.push(message('note-no-failsafe-after-low-battery'));
    // Enough data after the crossing to know the action never came: that is a failure, not a gap.
    if (remainingS > params.maxActionDelayS) delayS = remainingS;
  }
  return outcome(id, window, {
    metrics: metrics(delayS, touchdown, true),
    coverage,
    evidence: {
      worst: evidenceAt(
        flight,
        lowUs,
        series.pct[lastIndexAtOrBefore(series.tUs, lowUs)] as number,
      ),
      spans: [{ startUs: lowUs, endUs: actionUs ?? flight.endUs, label: crossingWhat }],
      notes,
    },
  });
}

export const lowBattery: CriterionDefinition<typeof lowBatteryParamsSchema> = {
  id: 'low-battery',
  title: 'Low-battery failsafe',
  paramsSchema: lowBatteryParamsSchema,
  defaultWindow: { kind: 'whole-flight' },
  gatedByCoverage: true,
  evaluate: evaluateLowBattery,
};
