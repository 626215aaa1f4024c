import { beforeAll, describe, expect, it } from 'vitest';
import type { DecodedTlog } from '../../../telemetry/mavlink/decodeTlog.js';
import { resolveWindow } from '../../../server/certification/planWindow.js';
import { vehicleClassOf } from '../../../server/certification/series/vehicleClass.js';
import { metricValue, runCriterion } from '../criteria/runCriterion.js';
import { copterTruth, decodedCopterLog, flightFrom, type CopterTruth } from './realCopterLog.js';

/**
 * The criteria on a real ArduCopter 3.2 log (MAVLink 1, a SiK radio, bursty ground times).
 * Every expected value comes from pymavlink reading the same file (copter_ac32_truth.py):
 * the armed spans, GPS_RAW_INT fix types and HDOP, the vehicle's heartbeat times, its modes,
 * and the absence of FS_GCS_TIMEOUT / COM_DL_LOSS_T in the log.
 */
describe('criteria on a real ArduCopter log', () => {
  let truth: CopterTruth;
  let log: DecodedTlog;
  /** The second armed span: 143 s with an RTL, the longest flight of the log. */
  let rtlFlight: CopterTruth['flights'][number];
  beforeAll(async () => {
    truth = copterTruth();
    log = await decodedCopterLog();
    rtlFlight = truth.flights[1]!;
  }, 120_000);

  /** pymavlink's longest gap between the vehicle's heartbeats once [from, to) s are cut. */
  function truthGapS(from: number, to: number): number {
    const kept = rtlFlight.heartbeatUs.filter(
      (t) => t < rtlFlight.armUs + from * 1e6 || t >= rtlFlight.armUs + to * 1e6,
    );
    let gapUs = 0;
    for (let i = 1; i < kept.length; i++) gapUs = Math.max(gapUs, kept[i]! - kept[i - 1]!);
    return gapUs / 1e6;
  }

  it('gnss-quality judges the fix of the GPS samples, all 3-D, over full coverage', () => {
    expect(rtlFlight.gpsFixTypes).toEqual([3]);
    expect(rtlFlight.gpsMaxGapS).toBeLessThan(2);
    const result = runCriterion('gnss-quality', flightFrom(log, rtlFlight), {
      params: { maxHdop: rtlFlight.gpsMaxHdop! + 0.01 },
    });
    expect(result.verdict).toBe('pass');
    expect(result.measured).toBe(100);
    expect(result.coverage).toEqual({ fraction: 1, channels: ['gps'], minFraction: 0.8 });
  });

  it('gnss-quality does not count an 8 s radio dropout as time without a fix', () => {
    const result = runCriterion('gnss-quality', flightFrom(log, rtlFlight, [20, 28]), {
      params: { maxHdop: rtlFlight.gpsMaxHdop! + 0.01 },
    });
    expect(result.measured).toBe(100);
    expect(result.verdict).toBe('pass');
    // The GPS sample before the cut vouches for the plan's 2 s; about 6 s of ~140 s airborne are not covered.
    expect(result.coverage.fraction).toBeGreaterThan(0.94);
    expect(result.coverage.fraction).toBeLessThan(0.97);
  });

  it('gnss-quality fails on the HDOP the receiver reported, not on missing data', () => {
    // pymavlink: every sample's HDOP is above the default 1.4.
    expect(rtlFlight.gpsMinHdop).toBeGreaterThan(1.4);
    const result = runCriterion('gnss-quality', flightFrom(log, rtlFlight));
    expect(result.verdict).toBe('fail');
    expect(result.measured).toBe(0);
    expect(result.coverage.fraction).toBe(1);
    expect(metricValue(result, 'worst HDOP')).toBeCloseTo(rtlFlight.gpsMaxHdop!, 6);
  });

  it('link-loss-rth is not-applicable: no heartbeat gap near the 5 s failsafe timeout', () => {
    expect(truth.params).toEqual({});
    expect(rtlFlight.maxHeartbeatGapS).toBeLessThan(5);
    const flight = flightFrom(log, rtlFlight);
    const loss = runCriterion('link-loss-rth', flight);
    expect(loss.verdict).toBe('not-applicable');
    expect(loss.evidence.noteMessages[0]).toEqual({
      code: 'note-failsafe-timeout-plan',
      params: { timeoutS: 5, parameter: 'plan' },
    });
    const link = runCriterion('link-integrity', flight);
    expect(metricValue(link, 'longest heartbeat gap')).toBeCloseTo(rtlFlight.maxHeartbeatGapS, 3);
    expect(metricValue(link, 'link losses longer than 5 s')).toBe(0);
  });

  it('a 3 s dropout stays a link-integrity matter, and both link criteria give the same gap', () => {
    const gapS = truthGapS(20, 23);
    expect(gapS).toBeLessThan(5);
    const flight = flightFrom(log, rtlFlight, [20, 23]);
    const loss = runCriterion('link-loss-rth', flight);
    expect(loss.verdict).toBe('not-applicable');
    const link = runCriterion('link-integrity', flight);
    expect(metricValue(link, 'longest heartbeat gap')).toBeCloseTo(gapS, 3);
    expect(loss.evidence.notes).toContain(
      `longest heartbeat gap ${Math.round(gapS * 100) / 100} s`,
    );
  });

  it('an 8 s dropout is a link loss both link criteria place at the same span', () => {
    const gapS = truthGapS(20, 28);
    expect(gapS).toBeGreaterThan(5);
    const flight = flightFrom(log, rtlFlight, [20, 28]);
    const loss = runCriterion('link-loss-rth', flight);
    const link = runCriterion('link-integrity', flight);
    const lostIn = (spans: { label: string; startUs: number; endUs: number }[]) =>
      spans
        .filter((s) => s.label === 'link lost')
        .map(({ startUs, endUs }) => ({ startUs, endUs }));
    expect(lostIn(loss.evidence.spans)).toHaveLength(1);
    expect(lostIn(loss.evidence.spans)).toEqual(lostIn(link.evidence.spans));
    const [span] = lostIn(loss.evidence.spans);
    expect((span!.endUs - span!.startUs) / 1e6).toBeCloseTo(gapS, 3);
    // pymavlink: the vehicle flew on in STABILIZE and switched to RTL only 47.7 s after arming.
    const rtl = rtlFlight.modes.find((m) => m.mode === 'RTL')!;
    expect(metricValue(loss, 'worst time from link loss to RTL/LAND')).toBeCloseTo(
      (rtl.tUs - span!.startUs) / 1e6,
      2,
    );
    expect(loss.verdict).toBe('fail');
  });

  it('reads the mode timeline pymavlink reads, and knows the vehicle is a multicopter', () => {
    const flight = flightFrom(log, rtlFlight);
    expect(truth.mavTypes).toEqual([2]);
    expect(vehicleClassOf(flight)).toBe('multicopter');
    const modes = flight.modeTimeline.map((m) => m.modeName);
    expect(modes).toEqual(rtlFlight.modes.map((m) => m.mode));
    const rtlIndex = rtlFlight.modes.findIndex((m) => m.mode === 'RTL');
    const rtl = resolveWindow(flight, { kind: 'mode', modeSet: 'rtl' });
    expect(rtl.spans).toHaveLength(1);
    expect(rtl.spans[0]!.startUs).toBeCloseTo(rtlFlight.modes[rtlIndex]!.tUs, -3);
    expect(rtl.spans[0]!.endUs).toBeCloseTo(rtlFlight.modes[rtlIndex + 1]!.tUs, -3);
  });

  it('hover-accuracy is insufficient-data, not a fail, when LOITER never lasts 30 s', () => {
    const first = truth.flights[0]!;
    const loiter = first.modes.findIndex((m) => m.mode === 'LOITER');
    expect((first.modes[loiter + 1]!.tUs - first.modes[loiter]!.tUs) / 1e6).toBeLessThan(30);
    const result = runCriterion('hover-accuracy', flightFrom(log, first));
    expect(result.verdict).toBe('insufficient-data');
    expect(result.reasonMessage).toEqual({
      code: 'reason-no-hold-segment',
      params: { minHoldS: 30 },
    });
  });
});
