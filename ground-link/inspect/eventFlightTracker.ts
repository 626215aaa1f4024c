import type { FlightEvent } from '../../telemetry/model/flightEvent.js';
import type { AnySample, Sample } from '../../telemetry/model/sample.js';
import { addPosition, newFlight, type FlightSummary, type TrackPoint } from './flightTracker.js';

/** Above this height over home [m], or faster than this [m/s], a vehicle is taken as flying. */
const MOVING_ALT_REL_M = 1;
const MOVING_SPEED_MPS = 3;
/** At rest for this long [µs] ends an inferred flight (the server's arm grace, by default). */
const REST_ENDS_FLIGHT_US = 10_000_000;

/**
 * Cuts an onboard log's samples into flights by its arm and disarm events. A log whose first
 * arming event is a disarm started armed: its first flight begins with the log. A log with no
 * arming event at all gets its flights from motion instead, and says so (`startedBy: 'motion'`).
 */
export class EventFlightTracker {
  positionSamples = 0;
  private readonly armedFlights: FlightSummary[] = [];
  private current: FlightSummary | null = null;
  private lastPoint: TrackPoint = null;
  /** The flight the log would hold if it started armed, until the first arming event says. */
  private fromLogStart: FlightSummary | null = null;
  private fromLogStartPoint: TrackPoint = null;
  private sawArming = false;
  private mode: string | null = null;
  private lastUs = 0;
  private readonly motion = new MotionFlights();

  get armingSeen(): boolean {
    return this.sawArming;
  }

  addSample(sample: AnySample): void {
    this.touch(sample.tUs);
    if (sample.kind !== 'position') return;
    this.positionSamples++;
    if (this.current) this.lastPoint = addPosition(this.current, sample.values, this.lastPoint);
    if (this.fromLogStart) {
      this.fromLogStartPoint = addPosition(
        this.fromLogStart,
        sample.values,
        this.fromLogStartPoint,
      );
    }
    this.motion.add(sample, this.mode);
  }

  addEvent(event: FlightEvent): void {
    this.touch(event.tUs);
    if (event.type === 'mode-change') {
      const mode = typeof event.data.toMode === 'string' ? event.data.toMode : null;
      if (mode === null || mode === this.mode) return;
      this.mode = mode;
      this.current?.modes.push({ tUs: event.tUs, mode });
      this.fromLogStart?.modes.push({ tUs: event.tUs, mode });
      this.motion.mode(event.tUs, mode);
    } else if (event.type === 'arm') {
      if (event.data.atLogStart === true && !this.sawArming && this.fromLogStart) {
        // Told late (at the first disarm), but true from the first record on.
        this.current = this.fromLogStart;
        this.lastPoint = this.fromLogStartPoint;
        this.armedFlights.push(this.current);
        this.firstArming();
        return;
      }
      this.firstArming();
      if (this.current) return;
      this.current = newFlight(event.tUs, this.mode, 'arm');
      this.armedFlights.push(this.current);
      this.lastPoint = null;
    } else if (event.type === 'disarm') {
      if (!this.sawArming && this.fromLogStart) {
        this.current = this.fromLogStart;
        this.lastPoint = this.fromLogStartPoint;
        this.armedFlights.push(this.current);
      }
      this.firstArming();
      if (!this.current) return;
      end(this.current, event.tUs, 'disarm');
      this.current = null;
    }
  }

  /** End of log: the flights, by arming when the log records it, else by motion. */
  finish(): FlightSummary[] {
    if (!this.sawArming) return this.motion.finish(this.lastUs);
    if (this.current) {
      this.current.durationS = (this.lastUs - this.current.armUs) / 1e6;
      this.current = null;
    }
    return this.armedFlights;
  }

  private touch(tUs: number): void {
    this.lastUs = tUs;
    if (!this.sawArming && !this.fromLogStart)
      this.fromLogStart = newFlight(tUs, this.mode, 'log-start');
  }

  private firstArming(): void {
    this.sawArming = true;
    this.fromLogStart = null;
  }
}

function end(flight: FlightSummary, tUs: number, endedBy: FlightSummary['endedBy']): void {
  flight.disarmUs = endedBy === 'log-end' ? null : tUs;
  flight.endedBy = endedBy;
  flight.durationS = (tUs - flight.armUs) / 1e6;
}

function isMoving(values: Sample<'position'>['values']): boolean {
  const { altRelM, vnMps, veMps } = values;
  if (altRelM !== null && altRelM > MOVING_ALT_REL_M) return true;
  return vnMps !== null && veMps !== null && Math.hypot(vnMps, veMps) > MOVING_SPEED_MPS;
}

/** Flights of a log without arming records: from the first sample in motion to coming to rest. */
class MotionFlights {
  private readonly flights: FlightSummary[] = [];
  private current: FlightSummary | null = null;
  private lastPoint: TrackPoint = null;
  private lastMovingUs = 0;

  add(sample: Sample<'position'>, mode: string | null): void {
    const moving = isMoving(sample.values);
    if (moving) this.lastMovingUs = sample.tUs;
    if (!this.current) {
      if (!moving) return;
      this.current = newFlight(sample.tUs, mode, 'motion');
      this.flights.push(this.current);
      this.lastPoint = null;
    } else if (!moving && sample.tUs - this.lastMovingUs > REST_ENDS_FLIGHT_US) {
      end(this.current, this.lastMovingUs, 'motion');
      this.current = null;
      return;
    }
    this.lastPoint = addPosition(this.current, sample.values, this.lastPoint);
  }

  mode(tUs: number, mode: string): void {
    this.current?.modes.push({ tUs, mode });
  }

  finish(lastUs: number): FlightSummary[] {
    const flight = this.current;
    if (flight) {
      if (lastUs - this.lastMovingUs > REST_ENDS_FLIGHT_US)
        end(flight, this.lastMovingUs, 'motion');
      else end(flight, lastUs, 'log-end');
      this.current = null;
    }
    return this.flights;
  }
}
