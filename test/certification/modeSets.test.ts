import { describe, expect, it } from 'vitest';
import { holdSegments, resolveWindow } from '../../server/certification/planWindow.js';
import { syntheticFlight, usAt } from './syntheticFlight.js';
import { runCriterion } from './criteria/runCriterion.js';

/** A PX4 flight named the way QGroundControl writes modes, given as an explicit timeline. */
const px4Flight = syntheticFlight({
  durationS: 120,
  armedUntilS: 110,
  extras: {
    modeTimeline: [
      { tUs: usAt(0), modeName: 'AUTO.TAKEOFF' },
      { tUs: usAt(10), modeName: 'AUTO.LOITER' },
      { tUs: usAt(50), modeName: 'POSCTL' },
      { tUs: usAt(90), modeName: 'AUTO.RTL' },
      { tUs: usAt(105), modeName: 'AUTO.LAND' },
    ],
  },
  state: () => ({ eastM: 0, northM: 0, altRelM: 15 }),
});

describe('mode sets cover PX4 names', () => {
  it('treats AUTO.LOITER and POSCTL as position hold', () => {
    expect(holdSegments(px4Flight, 30)).toEqual([{ startUs: usAt(10), endUs: usAt(90) }]);
  });

  it('treats AUTO.RTL as return and AUTO.LAND as land', () => {
    expect(resolveWindow(px4Flight, { kind: 'mode', modeSet: 'rtl' }).spans).toEqual([
      { startUs: usAt(90), endUs: usAt(105) },
    ]);
    expect(resolveWindow(px4Flight, { kind: 'mode', modeSet: 'land' }).spans).toEqual([
      { startUs: usAt(105), endUs: usAt(120) },
    ]);
  });

  it('judges a hover flown in PX4 hold modes', () => {
    expect(runCriterion('hover-accuracy', px4Flight).verdict).toBe('pass');
  });
});
