import { describe, expect, it } from 'vitest';
import { flightDataFromSamples } from '../../server/certification/flightData.js';
import { holdSegments, resolveWindow } from '../../server/certification/planWindow.js';
import { sample, syntheticFlight, usAt } from './syntheticFlight.js';

const HEARTBEAT = [
  'armed',
  'baseMode',
  'customMode',
  'systemStatus',
  'mavType',
  'autopilot',
] as const;

describe('flightDataFromSamples', () => {
  it('sorts samples into columns per kind, with NaN for unknown values', () => {
    const flight = flightDataFromSamples(
      [
        sample('hud', 2, { groundSpeedMps: 4, climbMps: null }, [
          'airspeedMps',
          'groundSpeedMps',
          'hudHeadingDeg',
          'throttlePct',
          'hudAltMslM',
          'climbMps',
        ]),
        sample('hud', 1, { groundSpeedMps: 3, climbMps: 0.5 }, [
          'airspeedMps',
          'groundSpeedMps',
          'hudHeadingDeg',
          'throttlePct',
          'hudAltMslM',
          'climbMps',
        ]),
      ],
      [],
    );
    expect(Array.from(flight.series.hud!.tUs)).toEqual([usAt(1), usAt(2)]);
    expect(Array.from(flight.series.hud!.groundSpeedMps)).toEqual([3, 4]);
    expect(Number.isNaN(flight.series.hud!.climbMps[1])).toBe(true);
    expect(flight.startUs).toBe(usAt(1));
    expect(flight.endUs).toBe(usAt(2));
  });

  it('names modes from heartbeats and merges mode-change events from onboard logs', () => {
    const heartbeat = (tS: number, customMode: number) =>
      sample(
        'heartbeat',
        tS,
        { armed: 1, baseMode: 129, customMode, systemStatus: 4, mavType: 2, autopilot: 3 },
        HEARTBEAT,
      );
    const flight = flightDataFromSamples(
      [heartbeat(0, 5), heartbeat(1, 5), heartbeat(9, 9)],
      [
        {
          type: 'mode-change',
          tUs: usAt(4),
          sysId: 1,
          compId: 1,
          severity: 6,
          message: '',
          data: { modeName: 'RTL' },
        },
      ],
    );
    expect(flight.modeTimeline).toEqual([
      { tUs: usAt(0), modeName: 'LOITER' },
      { tUs: usAt(4), modeName: 'RTL' },
      { tUs: usAt(9), modeName: 'LAND' },
    ]);
  });

  it('takes home from the position at arming when no HOME_POSITION was sent', () => {
    const position = (tS: number, latDeg: number) =>
      sample('position', tS, { latDeg, lonDeg: 8.5, altRelM: 0 }, [
        'latDeg',
        'lonDeg',
        'altMslM',
        'altRelM',
        'vnMps',
        'veMps',
        'vdMps',
        'headingDeg',
      ]);
    const flight = flightDataFromSamples(
      [position(0, 47.1), position(5, 47.2), position(10, 47.3)],
      [{ type: 'arm', tUs: usAt(5), sysId: 1, compId: 1, severity: 6, message: 'armed', data: {} }],
    );
    expect(flight.home).toEqual({ latDeg: 47.2, lonDeg: 8.5, altMslM: null });
  });
});

describe('plan windows', () => {
  const flight = syntheticFlight({
    durationS: 100,
    modes: [
      { fromS: 0, mode: 'GUIDED' },
      { fromS: 10, mode: 'LOITER' },
      { fromS: 50, mode: 'AUTO' },
      { fromS: 60, mode: 'POSHOLD' },
      { fromS: 75, mode: 'RTL' },
    ],
    state: () => ({ eastM: 0, northM: 0, altRelM: 10 }),
  });

  it('finds position-hold segments of both autopilots at least 30 s long', () => {
    expect(holdSegments(flight, 30)).toEqual([{ startUs: usAt(10), endUs: usAt(50) }]);
    expect(holdSegments(flight, 10)).toHaveLength(2);
  });

  it('resolves a mode set and a time range', () => {
    expect(resolveWindow(flight, { kind: 'mode', modeSet: 'rtl' }).spans).toEqual([
      { startUs: usAt(75), endUs: usAt(100) },
    ]);
    expect(resolveWindow(flight, { kind: 'time-range', startS: 90, endS: 200 }).spans).toEqual([
      { startUs: usAt(90), endUs: usAt(100) },
    ]);
  });
});

describe('mission-leg windows', () => {
  it('cover the time MISSION_CURRENT points at the legs asked for', () => {
    const missionSamples = [0, 10, 20, 30].map((tS, k) =>
      sample('mission', tS, { missionSeq: k + 1, missionTotal: 4, missionState: 3 }, [
        'missionSeq',
        'missionTotal',
        'missionState',
      ]),
    );
    const flight = syntheticFlight({
      durationS: 40,
      extraSamples: missionSamples,
      state: () => ({ eastM: 0, northM: 0, altRelM: 10 }),
    });
    // Legs 1→2→3 are flown while the target is waypoint 2 or 3: from t = 10 s to t = 30 s.
    expect(resolveWindow(flight, { kind: 'mission-leg', fromSeq: 1, toSeq: 3 }).spans).toEqual([
      { startUs: usAt(10), endUs: usAt(30) },
    ]);
  });
});
