import { describe, expect, it } from 'vitest';
import type { FlightEvent } from '../../../telemetry/model/flightEvent.js';
import type { LinkStats } from '../../../telemetry/model/linkStats.js';
import { evaluatePlan } from '../../../server/certification/evaluatePlan.js';
import { parseTestPlan } from '../../../server/certification/testPlan.js';
import { syntheticFlight, usAt, type CopterMode } from '../syntheticFlight.js';
import { metricValue, runCriterion } from './runCriterion.js';

/**
 * Truth: the last heartbeat before the cut is at t = 99 s; the ground hears nothing until 120 s.
 * The onboard log (merged in) records the switch to RTL at `rtlAtS`; the vehicle then flies
 * home and disarms at t = 150 s at (0.9 m E, 1.2 m N): 1.5 m from home.
 */
function linkCutFlight(
  rtlAtS: number | null,
  { onboardLog = true, silence = [100, 120] as [number, number] } = {},
) {
  const modeEvents: FlightEvent[] =
    rtlAtS === null || !onboardLog
      ? []
      : [
          {
            type: 'mode-change',
            tUs: usAt(rtlAtS),
            sysId: 1,
            compId: 1,
            severity: 6,
            message: 'Mode LOITER → RTL (onboard log)',
            data: { modeName: 'RTL', source: 'onboard-log', onboardLogSha256: 'ab12' },
          },
        ];
  const modes: { fromS: number; mode: CopterMode }[] = [{ fromS: 0, mode: 'LOITER' }];
  if (rtlAtS !== null) modes.push({ fromS: rtlAtS, mode: 'RTL' });
  return syntheticFlight({
    durationS: 160,
    armedUntilS: 150,
    heartbeatSilences: [silence],
    modes,
    events: modeEvents,
    extras: {
      link: {
        sysId: 1,
        compId: 1,
        lastHeardUs: usAt(160),
        framesReceived: 9000,
        framesLostBySeq: 90,
        framesLostEstimated: 0,
        lossPct: 1,
        badTimestamps: 0,
        maxHeartbeatGapMs: 21000,
      },
    },
    state: (tS) => {
      const back = rtlAtS !== null && tS > rtlAtS ? Math.min(1, (tS - rtlAtS) / 30) : 0;
      return {
        eastM: 80 + (0.9 - 80) * back,
        northM: 60 + (1.2 - 60) * back,
        altRelM: tS < 145 ? 30 : 0,
      };
    },
  });
}

describe('link-loss-rth', () => {
  it('measures 4 s from link loss to RTL and a landing 1.5 m from home', () => {
    const result = runCriterion('link-loss-rth', linkCutFlight(103));
    expect(metricValue(result, 'worst time from link loss to RTL/LAND')).toBeCloseTo(4, 6);
    expect(metricValue(result, 'landing distance from home')).toBeCloseTo(1.5, 2);
    expect(result.verdict).toBe('pass');
    expect(result.evidence.notes.join(' ')).toMatch(/from the onboard log \(sha256 ab12\)/);
  });

  it('fails when RTL comes 9 s after the loss', () => {
    const result = runCriterion('link-loss-rth', linkCutFlight(108));
    expect(result.measured).toBeCloseTo(9, 6);
    expect(result.verdict).toBe('fail');
  });

  it('fails when the vehicle never switches to RTL or LAND', () => {
    const result = runCriterion('link-loss-rth', linkCutFlight(null));
    expect(result.verdict).toBe('fail');
    expect(result.evidence.notes.join(' ')).toMatch(/no RTL\/LAND/);
  });

  it('is insufficient-data when only live telemetry shows the vehicle already in RTL after a 21 s silence', () => {
    // Truth: RTL 4 s after the loss, but the ground's first heartbeat after the loss is at 120 s.
    const result = runCriterion('link-loss-rth', linkCutFlight(103, { onboardLog: false }));
    expect(result.verdict).toBe('insufficient-data');
    expect(result.reason).toMatch(/onboard log/);
    expect(metricValue(result, 'worst time from link loss to RTL/LAND')).toBeNull();
    const bound = result.evidence.spans.find((s) => s.label.startsWith('loss → failsafe'));
    expect(bound?.label).toMatch(/≤ 21 s/);
    expect(metricValue(result, 'landing distance from home')).toBeCloseTo(1.5, 2);
  });

  it('passes on live telemetry alone when the whole silence is shorter than the allowed delay', () => {
    // Heard at 99 s, silent until 103 s, in RTL (truth: from 101 s) at the first heartbeat back;
    // the vehicle's failsafe timeout is 3 s, so the 4 s silence is a link loss.
    const result = runCriterion(
      'link-loss-rth',
      linkCutFlight(101, { onboardLog: false, silence: [100, 103] }),
      { plan: { failsafeTimeoutS: 3 } },
    );
    expect(metricValue(result, 'worst time from link loss to RTL/LAND')).toBeCloseTo(4, 6);
    expect(result.verdict).toBe('pass');
  });

  it('fails when live telemetry shows the vehicle still flying its mission after the silence', () => {
    // Link back at 120 s, RTL seen at 125 s: 26 s after the loss, whatever the onboard log says.
    const result = runCriterion('link-loss-rth', linkCutFlight(125, { onboardLog: false }));
    expect(metricValue(result, 'worst time from link loss to RTL/LAND')).toBeCloseTo(26, 6);
    expect(result.verdict).toBe('fail');
  });

  it('does not call a dropout shorter than the failsafe timeout a link loss', () => {
    // Truth: heard at 99 s, back at 103 s: a 4 s silence, under the plan's 5 s timeout.
    const flight = linkCutFlight(null, { onboardLog: false, silence: [100, 103] });
    const loss = runCriterion('link-loss-rth', flight);
    expect(loss.verdict).toBe('not-applicable');
    expect(loss.reasonMessage).toEqual({ code: 'reason-no-link-loss', params: { timeoutS: 5 } });
    const link = runCriterion('link-integrity', flight);
    expect(metricValue(link, 'longest heartbeat gap')).toBeCloseTo(4, 6);
    expect(metricValue(link, 'link losses longer than 5 s')).toBe(0);
    expect(loss.evidence.notes).toContain('longest heartbeat gap 4 s');
  });

  it("takes the vehicle's FS_GCS_TIMEOUT over the plan's value", () => {
    const flight = {
      ...linkCutFlight(101, { onboardLog: false, silence: [100, 103] }),
      vehicleParams: { FS_GCS_TIMEOUT: 3 },
    };
    const result = runCriterion('link-loss-rth', flight);
    expect(result.verdict).toBe('pass');
    expect(result.evidence.noteMessages[0]).toEqual({
      code: 'note-failsafe-timeout-vehicle',
      params: { timeoutS: 3, parameter: 'FS_GCS_TIMEOUT' },
    });
  });

  it('is not-applicable when the link never dropped', () => {
    const steady = syntheticFlight({
      durationS: 60,
      state: () => ({ eastM: 0, northM: 0, altRelM: 10 }),
    });
    expect(runCriterion('link-loss-rth', steady).verdict).toBe('not-applicable');
  });
});

describe('link-integrity', () => {
  it('fails on a 21 s heartbeat gap when no link-loss test is planned', () => {
    const result = runCriterion('link-integrity', linkCutFlight(103));
    expect(metricValue(result, 'longest heartbeat gap')).toBeCloseTo(21, 6);
    expect(metricValue(result, 'packet loss')).toBe(1);
    expect(result.verdict).toBe('fail');
  });

  it('does not blame the link for the outage a planned link-loss test provokes', () => {
    const plan = parseTestPlan({
      id: 'p',
      name: 'link-loss test',
      version: 1,
      items: [
        { id: 'rth', criterion: 'link-loss-rth' },
        { id: 'link', criterion: 'link-integrity' },
      ],
    });
    const [, link] = evaluatePlan(plan, linkCutFlight(103));
    expect(link?.verdict).toBe('pass');
    expect(link?.evidence.notes.join(' ')).toMatch(/planned link-loss/);
  });

  it('judges packet loss outside a planned link cut, not the frames the cut itself lost', () => {
    // Truth: 50 frames/s for 160 s = 8000 sent; the 21 s cut (99–120 s) lost 1050 of them and
    // the link lost 40 elsewhere: 1090 lost in all (13.6 %), 40 of 6950 (0.58 %) outside the cut.
    const flight = linkCutFlight(103);
    flight.link = { ...(flight.link as LinkStats), framesReceived: 6910, framesLostBySeq: 1090 };
    flight.link.lossPct = (100 * 1090) / 8000;
    const plan = parseTestPlan({
      id: 'p',
      name: 'link-loss test',
      version: 1,
      items: [
        { id: 'rth', criterion: 'link-loss-rth' },
        { id: 'link', criterion: 'link-integrity' },
      ],
    });
    const [, planned] = evaluatePlan(plan, flight);
    expect(planned && metricValue(planned, 'packet loss')).toBeCloseTo((100 * 40) / 6950, 6);
    expect(planned?.verdict).toBe('pass');
    // Without a planned link-loss test the cut is a link failure, its lost frames included.
    const unplanned = runCriterion('link-integrity', flight);
    expect(metricValue(unplanned, 'packet loss')).toBeCloseTo(13.625, 6);
    expect(unplanned.verdict).toBe('fail');
  });

  it('is insufficient-data without link counters or drop rates', () => {
    const flight = syntheticFlight({
      durationS: 30,
      state: () => ({ eastM: 0, northM: 0, altRelM: 10 }),
    });
    expect(runCriterion('link-integrity', flight).verdict).toBe('insufficient-data');
  });
});
