import type { Namespace } from 'socket.io';
import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type {
  LiveAlert,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
} from '../../telemetry/contract/live.js';
import type { VehicleState } from '../../telemetry/model/vehicleState.js';
import { flightRoom, roomsOfVehicle } from './liveRooms.js';

export type LiveNamespace = Namespace<LiveClientToServerEvents, LiveServerToClientEvents>;

/** Where a vehicle's news goes: its range's room, its flight's room and `all`. */
export interface VehicleAddress {
  key: string;
  rangeId: string | null;
  flightId: string | null;
  vehicleName: string | null;
}

interface Throttle {
  lastEmitMs: number;
  /** Ground time of the newest state taken for this vehicle [µs]. */
  newestHeardUs: number;
  pending: VehicleState | null;
  timer: NodeJS.Timeout | null;
}

/**
 * How long a held state waits for a fresher one before it goes out itself [periods]. It goes
 * only when the vehicle falls quiet, so the map shows its last news. While the link sends,
 * the next state always comes sooner, even from a batch held up on a busy ground-link, and
 * goes at once in its place. At 0.7 period, 1 state in 20 at 100 vehicles (every batch more
 * than 20 ms late) went out that way, 85 ms old at the median, and made up nearly all of the
 * slowest 1 %. The fresher state it then blocked for 0.9 period would have shown the same
 * news a few ms later.
 */
const HELD_STATE_WAIT = 1.5;

/**
 * Sends vehicle state to browsers at most `stateHz` times a second per vehicle, and alerts at
 * once. A state is sent when it arrives if the vehicle's last one is old enough (so what is
 * shown is as fresh as the link allows); one held back goes out by itself only if nothing
 * newer comes within 1.5 periods. The throttle is only pacing: losing it loses nothing.
 */
export class LivePublisher {
  private readonly periodMs: number;
  private readonly throttles = new Map<string, Throttle>();
  /** Called with each state as it is emitted (the throttle's tests watch it with this). */
  onStateSent: ((state: VehicleState) => void) | null = null;

  constructor(
    private readonly live: LiveNamespace | null,
    stateHz: number,
  ) {
    this.periodMs = 1000 / stateHz;
  }

  vehicleState(address: VehicleAddress, state: VehicleState, nowMs = Date.now()): void {
    let throttle = this.throttles.get(address.key);
    if (!throttle) {
      throttle = { lastEmitMs: -Infinity, newestHeardUs: 0, pending: null, timer: null };
      this.throttles.set(address.key, throttle);
    }
    // A state older than one already taken (an ingest pass behind the live path telling of a
    // flight's start) would move the vehicle back on the map: the live path's next state
    // carries the news instead.
    if (state.lastHeardUs < throttle.newestHeardUs) return;
    throttle.newestHeardUs = state.lastHeardUs;
    // 10 % slack: a link batching at exactly the period must not be pushed to every other batch.
    if (nowMs - throttle.lastEmitMs >= this.periodMs * 0.9) {
      this.emitState(address, state, throttle, nowMs);
      return;
    }
    throttle.pending = { ...state };
    // Each newer state restarts the wait: the held one goes out only when the link falls
    // quiet, so a steady link is never locked into sending a state it already replaced. The
    // wait is longer than a period, so this send too keeps the vehicle's pace.
    if (throttle.timer) clearTimeout(throttle.timer);
    throttle.timer = setTimeout(() => {
      const current = this.throttles.get(address.key);
      if (!current) return;
      current.timer = null;
      if (current.pending) {
        this.emitState(address, current.pending, current, Date.now());
      }
    }, this.periodMs * HELD_STATE_WAIT);
    throttle.timer.unref();
  }

  alert(address: VehicleAddress, event: FlightEvent, alertId: string): void {
    const alert: LiveAlert = {
      id: alertId,
      flightId: address.flightId,
      rangeId: address.rangeId,
      vehicleName: address.vehicleName,
      event,
    };
    this.live?.to(roomsOfVehicle(address.rangeId, address.flightId)).emit('alert', alert);
  }

  flightStarted(address: VehicleAddress & { flightId: string }, sysId: number): void {
    this.live
      ?.to(roomsOfVehicle(address.rangeId, address.flightId))
      .emit('flight-started', { flightId: address.flightId, sysId, rangeId: address.rangeId });
  }

  flightEnded(address: VehicleAddress, flightId: string, reason: string): void {
    this.live
      ?.to([...roomsOfVehicle(address.rangeId, null), flightRoom(flightId)])
      .emit('flight-ended', { flightId, reason });
  }

  close(): void {
    for (const throttle of this.throttles.values()) {
      if (throttle.timer) clearTimeout(throttle.timer);
    }
    this.throttles.clear();
  }

  private emitState(
    address: VehicleAddress,
    state: VehicleState,
    throttle: Throttle,
    nowMs: number,
  ) {
    throttle.lastEmitMs = nowMs;
    throttle.pending = null;
    if (throttle.timer) {
      clearTimeout(throttle.timer);
      throttle.timer = null;
    }
    this.live?.to(roomsOfVehicle(address.rangeId, address.flightId)).emit('vehicle-state', state);
    this.onStateSent?.(state);
  }
}
