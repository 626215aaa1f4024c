import type { LiveAlert, LiveTrack } from '../../../telemetry/contract/live';
import type { VehicleState } from '../../../telemetry/model/vehicleState';
import { appendTrailPoint, type TrailPoint } from './trail';
import { vehicleKey } from './vehicleKey';

const MAX_ALERTS = 200;
/** Cards and lists re-render at most this often; the map follows every frame. */
const UI_NOTIFY_INTERVAL_MS = 500;

/**
 * Live state outside React: vehicle states arrive at up to 10 Hz × 100 vehicles, far more than
 * React should re-render. The map reads the changed vehicles each animation frame; React views
 * subscribe to a version that bumps a few times a second (alerts bump it at once).
 */
export class LiveStore {
  readonly vehicles = new Map<string, VehicleState>();
  readonly trails = new Map<string, TrailPoint[]>();
  alerts: LiveAlert[] = [];
  readonly acknowledged = new Set<string>();
  /** Keys changed since the map last drew. */
  readonly changedKeys = new Set<string>();
  version = 0;

  private readonly listeners = new Set<() => void>();
  private readonly alertListeners = new Set<(alert: LiveAlert) => void>();
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;

  applySnapshot(snapshot: { vehicles: VehicleState[]; tracks: LiveTrack[]; alerts: LiveAlert[] }) {
    for (const track of snapshot.tracks) {
      const state = snapshot.vehicles.find((v) => v.flightId === track.flightId);
      if (!state) continue;
      const trail: TrailPoint[] = [];
      for (const [tUs, latDeg, lonDeg] of track.points) {
        appendTrailPoint(trail, { latDeg, lonDeg, tMs: tUs / 1000 });
      }
      this.trails.set(vehicleKey(state), trail);
    }
    for (const state of snapshot.vehicles) this.applyState(state);
    const known = new Set(this.alerts.map((a) => a.id));
    this.alerts = [...snapshot.alerts.filter((a) => !known.has(a.id)), ...this.alerts]
      .sort((a, b) => b.event.tUs - a.event.tUs)
      .slice(0, MAX_ALERTS);
    this.notifyNow();
  }

  applyState(state: VehicleState): void {
    const key = vehicleKey(state);
    const previous = this.vehicles.get(key);
    this.vehicles.set(key, state);
    if (previous && previous.flightId !== state.flightId && state.flightId !== null) {
      // A new flight of the same vehicle starts a new trail.
      this.trails.set(key, []);
    }
    if (state.latDeg !== null && state.lonDeg !== null) {
      let trail = this.trails.get(key);
      if (!trail) {
        trail = [];
        this.trails.set(key, trail);
      }
      appendTrailPoint(trail, {
        latDeg: state.latDeg,
        lonDeg: state.lonDeg,
        tMs: state.lastHeardUs / 1000,
      });
    }
    this.changedKeys.add(key);
    this.notifySoon();
  }

  addAlert(alert: LiveAlert): void {
    if (this.alerts.some((a) => a.id === alert.id)) return;
    this.alerts = [alert, ...this.alerts].slice(0, MAX_ALERTS);
    for (const listener of this.alertListeners) listener(alert);
    this.notifyNow();
  }

  acknowledge(alertIds: readonly string[]): void {
    for (const id of alertIds) this.acknowledged.add(id);
    this.notifyNow();
  }

  unacknowledgedAlerts(): LiveAlert[] {
    return this.alerts.filter((a) => !this.acknowledged.has(a.id));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  onAlert(listener: (alert: LiveAlert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  getVersion = (): number => this.version;

  dispose(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.listeners.clear();
    this.alertListeners.clear();
  }

  private notifySoon(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => this.notifyNow(), UI_NOTIFY_INTERVAL_MS);
  }

  private notifyNow(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = null;
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
