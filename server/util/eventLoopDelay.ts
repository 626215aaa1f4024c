import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** One window of event-loop delay figures [ms]. */
export interface EventLoopDelayFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Number of delay samples (one per 10 ms of the loop's time). */
  samples: number;
}

export interface EventLoopDelayReport {
  windowS: number;
  /** The last complete window; null during the first. */
  lastWindow: EventLoopDelayFigures | null;
  /** Everything since the process started measuring. */
  sinceStart: EventLoopDelayFigures;
}

const WINDOW_S = 10;
const RESOLUTION_MS = 10;

function figures(histogram: IntervalHistogram): EventLoopDelayFigures {
  // The histogram holds the time between two of its timer's turns: the delay is what exceeds
  // the timer's interval.
  const ms = (ns: number) => Math.max(0, Math.round((ns - RESOLUTION_MS * 1e6) / 1e4) / 100);
  const samples = histogram.count;
  return {
    p50Ms: samples > 0 ? ms(histogram.percentile(50)) : 0,
    p99Ms: samples > 0 ? ms(histogram.percentile(99)) : 0,
    maxMs: samples > 0 ? ms(histogram.max) : 0,
    samples,
  };
}

/**
 * How late the event loop runs what is due (perf_hooks.monitorEventLoopDelay), in windows of
 * 10 s and since the start. A late loop is late acks, late live states and late HTTP answers
 * at once, so the health check shows it. One per process: it measures the process.
 */
class EventLoopDelayMonitor {
  private readonly current = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly sinceStart = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private lastWindow: EventLoopDelayFigures | null = null;

  constructor() {
    this.current.enable();
    this.sinceStart.enable();
    setInterval(() => this.rotate(), WINDOW_S * 1000).unref();
  }

  report(): EventLoopDelayReport {
    return {
      windowS: WINDOW_S,
      lastWindow: this.lastWindow,
      sinceStart: figures(this.sinceStart),
    };
  }

  private rotate(): void {
    this.lastWindow = figures(this.current);
    this.current.reset();
  }
}

let monitor: EventLoopDelayMonitor | null = null;

/** The process's event-loop delay monitor, started on first use. */
export function eventLoopDelay(): EventLoopDelayReport {
  monitor ??= new EventLoopDelayMonitor();
  return monitor.report();
}

/** Starts measuring now, so the first report covers the time since the server started. */
export function startEventLoopDelayMonitor(): void {
  monitor ??= new EventLoopDelayMonitor();
}
