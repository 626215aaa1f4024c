import { describe, expect, it } from 'vitest';
import { holdSegments, resolveWindow } from '../../server/certification/planWindow.js';
import { syntheticFlight, usAt } from './syntheticFlight.js';
import { runCriterion } from './criteria/runCriterion.js';
import { failsafeModesOf, modesOfSet } from '../../server/certification/series/modeSets.js';
import {
  vehicleClassOf,
  vehicleClassOfMavType,
} from '../../server/certification/series/vehicleClass.js';

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

describe('mode table by vehicle class', () => {
  const holdFlight = (mavType: number, timeline: [number, string][]) =>
    syntheticFlight({
      durationS: 80,
      mavType,
      extras: { modeTimeline: timeline.map(([tS, modeName]) => ({ tUs: usAt(tS), modeName })) },
      state: () => ({ eastM: 0, northM: 0, altRelM: 15 }),
    });

  it('judges a QuadPlane hover flown in QLOITER (VTOL heartbeat type)', () => {
    // ArduPlane QuadPlane reports MAV_TYPE_VTOL_TAILSITTER_QUADROTOR (20) and up.
    const flight = holdFlight(20, [
      [0, 'QHOVER'],
      [5, 'QLOITER'],
      [44, 'FBWA'],
    ]);
    expect(vehicleClassOf(flight)).toBe('vtol');
    expect(holdSegments(flight, 30)).toEqual([{ startUs: usAt(0), endUs: usAt(44) }]);
    expect(runCriterion('hover-accuracy', flight).verdict).toBe('pass');
  });

  it("does not take a plane's LOITER, a circle, as a hover hold of a QuadPlane", () => {
    const flight = holdFlight(20, [[0, 'LOITER']]);
    expect(holdSegments(flight, 30)).toEqual([]);
  });

  it('lists hold modes per class: Copter, QuadPlane, Plane, PX4, Rover, Sub', () => {
    expect(modesOfSet('position-hold', 'multicopter')).toEqual(
      expect.arrayContaining(['LOITER', 'POSHOLD', 'BRAKE', 'POSCTL', 'AUTO.LOITER', 'HOLD']),
    );
    expect(modesOfSet('position-hold', 'multicopter')).not.toContain('QLOITER');
    expect(modesOfSet('position-hold', 'vtol')).toEqual(
      expect.arrayContaining(['QLOITER', 'QHOVER', 'POSCTL', 'AUTO_LOITER']),
    );
    expect(modesOfSet('position-hold', 'vtol')).not.toContain('LOITER');
    expect(modesOfSet('position-hold', 'fixed-wing')).toContain('LOITER');
    expect(modesOfSet('position-hold', 'fixed-wing')).not.toContain('POSHOLD');
    expect(modesOfSet('position-hold', 'rover')).toEqual(
      expect.arrayContaining(['HOLD', 'LOITER']),
    );
    expect(modesOfSet('position-hold', 'sub')).toEqual(['POSHOLD']);
  });

  it('lists return and land modes per class', () => {
    expect(modesOfSet('rtl', 'vtol')).toEqual(expect.arrayContaining(['QRTL', 'RTL', 'AUTO.RTL']));
    expect(modesOfSet('rtl', 'multicopter')).toEqual(
      expect.arrayContaining(['RTL', 'SMART_RTL', 'AUTO_RTL', 'AUTO.RTL']),
    );
    expect(modesOfSet('rtl', 'multicopter')).not.toContain('QRTL');
    expect(modesOfSet('land', 'vtol')).toEqual(expect.arrayContaining(['QLAND', 'LAND']));
    const quadPlane = holdFlight(21, [
      [0, 'QLOITER'],
      [40, 'QRTL'],
    ]);
    expect(failsafeModesOf(quadPlane)).toEqual(expect.arrayContaining(['QRTL', 'QLAND']));
    expect(resolveWindow(quadPlane, { kind: 'mode', modeSet: 'rtl' }).spans).toEqual([
      { startUs: usAt(40), endUs: usAt(80) },
    ]);
  });

  it('tells the vehicle class from the HEARTBEAT type', () => {
    expect(vehicleClassOfMavType(1)).toBe('fixed-wing');
    expect(vehicleClassOfMavType(2)).toBe('multicopter');
    expect(vehicleClassOfMavType(13)).toBe('multicopter');
    expect(vehicleClassOfMavType(20)).toBe('vtol');
    expect(vehicleClassOfMavType(22)).toBe('vtol');
    expect(vehicleClassOfMavType(10)).toBe('rover');
    expect(vehicleClassOfMavType(12)).toBe('sub');
    expect(vehicleClassOfMavType(6)).toBeNull(); // a ground station
  });
});
