import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VehicleState } from '../../../telemetry/model/vehicleState.js';
import { LivePublisher } from '../../../server/live/livePublisher.js';
import { initialVehicleState } from '../../../server/live/vehicleStateFromSamples.js';
import { seededRandom } from '../../telemetry/helpers/seededRandom.js';

const address = { key: 'link:1', rangeId: null, flightId: null, vehicleName: 'V1' };

function stateAt(lastHeardUs: number, latDeg: number): VehicleState {
  const state = initialVehicleState({
    linkId: 'link',
    sysId: 1,
    compId: 1,
    rangeId: null,
    vehicleName: 'V1',
  });
  return { ...state, lastHeardUs, latDeg };
}

describe('live publisher', () => {
  it('never sends a vehicle state older than one it already took, so the map never jumps back', () => {
    const publisher = new LivePublisher(null, 10);
    const sent: VehicleState[] = [];
    publisher.onStateSent = (state) => sent.push(state);

    publisher.vehicleState(address, stateAt(5_000_000, 37.5), 0);
    publisher.vehicleState(address, stateAt(1_000_000, 37.4), 1_000); // a late, stale copy
    publisher.vehicleState(address, stateAt(6_000_000, 37.6), 2_000);
    publisher.close();

    expect(sent.map((state) => state.latDeg)).toEqual([37.5, 37.6]);
  });

  describe('at 10 Hz', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    function recordingPublisher() {
      vi.useFakeTimers({ now: 0 });
      const publisher = new LivePublisher(null, 10);
      const sent: { atMs: number; heardMs: number }[] = [];
      publisher.onStateSent = (state) =>
        sent.push({ atMs: Date.now(), heardMs: state.lastHeardUs / 1000 });
      return { publisher, sent };
    }

    it('sends every other state of a steady 20-Hz link the moment it arrives', () => {
      const { publisher, sent } = recordingPublisher();
      for (let tMs = 0; tMs <= 1_000; tMs += 50) {
        if (tMs > 0) vi.advanceTimersByTime(50);
        publisher.vehicleState(address, stateAt(tMs * 1000, 37.5), tMs);
      }
      vi.advanceTimersByTime(1_000);
      publisher.close();

      const everyOther = Array.from({ length: 11 }, (_, i) => i * 100);
      expect(sent.slice(0, 11)).toEqual(everyOther.map((tMs) => ({ atMs: tMs, heardMs: tMs })));
      // The last state (1 000 ms) went at once; nothing held is left to go stale.
      expect(sent).toHaveLength(11);
    });

    it('sends a held state 1.5 periods after it arrived when the link falls quiet', () => {
      const { publisher, sent } = recordingPublisher();
      publisher.vehicleState(address, stateAt(0, 37.5), 0);
      vi.advanceTimersByTime(50);
      publisher.vehicleState(address, stateAt(50_000, 37.6), 50);

      vi.advanceTimersByTime(149);
      expect(sent).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(sent).toEqual([
        { atMs: 0, heardMs: 0 },
        { atMs: 200, heardMs: 50 },
      ]);
      publisher.close();
    });

    it("sends a late batch's state at once and drops the one it replaced, never sending it stale", () => {
      const { publisher, sent } = recordingPublisher();
      publisher.vehicleState(address, stateAt(0, 37.5), 0);
      vi.advanceTimersByTime(50);
      publisher.vehicleState(address, stateAt(50_000, 37.6), 50);
      // The next batch is 30 ms late (a busy ground-link): its state, not the held one, goes.
      vi.advanceTimersByTime(80);
      publisher.vehicleState(address, stateAt(130_000, 37.7), 130);

      vi.advanceTimersByTime(1_000);
      expect(sent).toEqual([
        { atMs: 0, heardMs: 0 },
        { atMs: 130, heardMs: 130 },
      ]);
      publisher.close();
    });

    it('keeps 0.9 period between sends, sends only the newest state, and the last one, however batches jitter', () => {
      const seed = 4;
      console.log(`seed ${seed}`);
      const random = seededRandom(seed);
      const { publisher, sent } = recordingPublisher();
      // 50-ms batches that come up to 45 ms late or early, for a minute, then silence.
      const arrivalsMs: number[] = [];
      for (let dueMs = 0; dueMs < 60_000; dueMs += 50) {
        arrivalsMs.push(
          Math.max(arrivalsMs.at(-1) ?? 0, Math.round(dueMs + (random() - 0.5) * 90)),
        );
      }
      let nowMs = 0;
      for (const atMs of arrivalsMs) {
        vi.advanceTimersByTime(atMs - nowMs);
        nowMs = atMs;
        publisher.vehicleState(address, stateAt(atMs * 1000, 37.5), atMs);
        // Whatever went out so far is the newest state there was at its time.
        const last = sent.at(-1);
        if (last) expect(arrivalsMs.filter((a) => a <= last.atMs).at(-1)).toBe(last.heardMs);
      }
      vi.advanceTimersByTime(1_000);
      publisher.close();

      const gapsMs = sent.slice(1).map((s, i) => s.atMs - sent[i]!.atMs);
      expect(Math.min(...gapsMs)).toBeGreaterThanOrEqual(90);
      expect(sent.length).toBeGreaterThan(7 * 60); // over 7 a second at 10 Hz, despite the jitter
      expect(sent.at(-1)?.heardMs).toBe(arrivalsMs.at(-1));
    });
  });
});
