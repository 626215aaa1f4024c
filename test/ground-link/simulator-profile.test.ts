import { describe, expect, it } from 'vitest';
import { DEFAULT_FENCE_HALF_SIDE_M, FLIGHT_PROFILE } from '../../ground-link/simulator/index.js';
import { missionWaypoints, padPosition } from '../../ground-link/simulator/flightProfile.js';

describe('flight profile geometry', () => {
  it.each([1, 3, 10, 100, 255])(
    'keeps every pad and waypoint of %i vehicles 10 m inside the range fence',
    (count) => {
      const limitM = DEFAULT_FENCE_HALF_SIDE_M - 10;
      for (let index = 0; index < count; index++) {
        const pad = padPosition(index, count);
        for (const point of [pad, ...missionWaypoints(pad)]) {
          expect(Math.abs(point.eastM)).toBeLessThanOrEqual(limitM);
          expect(Math.abs(point.northM)).toBeLessThanOrEqual(limitM);
          expect(point.upM).toBeLessThanOrEqual(FLIGHT_PROFILE.ceilingAltRelM);
        }
      }
    },
  );

  it('gives every vehicle its own pad, a pad spacing apart from its neighbour', () => {
    const pads = Array.from({ length: 40 }, (_, index) => padPosition(index, 40));
    const keys = new Set(pads.map((pad) => `${pad.eastM},${pad.northM}`));
    expect(keys.size).toBe(40);
    expect((pads[1]?.eastM ?? 0) - (pads[0]?.eastM ?? 0)).toBe(FLIGHT_PROFILE.padSpacingM);
  });

  it('flies a square of the profile side at take-off altitude, then climbs to the ceiling over it', () => {
    const pad = padPosition(0, 1);
    const [a, b, c, d, e, climb, home] = missionWaypoints(pad);
    expect(Math.hypot((b?.eastM ?? 0) - (a?.eastM ?? 0), (b?.northM ?? 0) - (a?.northM ?? 0))).toBe(
      FLIGHT_PROFILE.squareSideM,
    );
    expect(Math.hypot((c?.eastM ?? 0) - (b?.eastM ?? 0), (c?.northM ?? 0) - (b?.northM ?? 0))).toBe(
      FLIGHT_PROFILE.squareSideM,
    );
    expect(d?.eastM).toBe(a?.eastM);
    expect(e).toEqual(a);
    expect(climb).toEqual({ ...a, upM: FLIGHT_PROFILE.ceilingAltRelM });
    expect(home).toEqual({ ...pad, upM: FLIGHT_PROFILE.ceilingAltRelM });
  });
});
