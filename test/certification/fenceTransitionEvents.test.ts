import { describe, expect, it } from 'vitest';
import { flightEventSchema } from '../../telemetry/model/flightEvent.js';
import { FenceChecker } from '../../server/certification/fences/fenceChecker.js';
import { fenceTransitionEvents } from '../../server/certification/fences/fenceTransitionEvents.js';
import type { FenceStatus } from '../../server/certification/fences/fenceStatus.js';
import { validateRangeFences } from '../../server/certification/fences/validateRangeFences.js';
import { latLonAt } from './syntheticFlight.js';

const T0_US = Date.UTC(2026, 10, 20) * 1000;

describe('fence state changes become flight events', () => {
  it('raises predicted-breach, warning, breach and return once each along a track out and back', () => {
    const checker = new FenceChecker(
      validateRangeFences({
        zones: [
          { id: 'disc', role: 'inclusion', shape: 'circle', center: latLonAt(0, 0), radiusM: 100 },
        ],
      }),
    );
    // East at 8 m/s from the centre to 110 m, then back west at 8 m/s.
    const track: { eastM: number; veMps: number }[] = [];
    for (let e = 0; e <= 110; e += 2) track.push({ eastM: e, veMps: 8 });
    for (let e = 110; e >= 50; e -= 2) track.push({ eastM: e, veMps: -8 });
    let previous: FenceStatus | null = null;
    const events = track.flatMap(({ eastM, veMps }, k) => {
      const status = checker.check({
        ...latLonAt(eastM, 0),
        altRelM: 30,
        vnMps: 0,
        veMps,
        vdMps: 0,
      });
      const raised = fenceTransitionEvents(previous, status, {
        // 2026-11-20 UTC, a microsecond per step: events carry plausible ground times.
        tUs: T0_US + k,
        sysId: 1,
        compId: 1,
      });
      previous = status;
      return raised;
    });
    expect(events.map((event) => event.type)).toEqual([
      'fence-predicted-breach',
      'fence-warning',
      'fence-breach',
      'fence-return',
    ]);
    for (const event of events) expect(flightEventSchema.parse(event)).toEqual(event);
    const breach = events.find((event) => event.type === 'fence-breach');
    expect(breach?.data.boundaryId).toBe('disc');
  });
});
