/**
 * The replay's current time, outside React so the map and plots can follow it every animation
 * frame without re-rendering the page. Times in µs since the Unix epoch, like the telemetry.
 */
export class ReplayClock {
  tUs: number;
  playing = false;
  speed = 1;
  private lastFrameMs = 0;
  private frame = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly startUs: number,
    readonly endUs: number,
  ) {
    this.tUs = startUs;
  }

  seek(tUs: number): void {
    this.tUs = Math.min(this.endUs, Math.max(this.startUs, tUs));
    this.emit();
  }

  play(): void {
    if (this.playing) return;
    if (this.tUs >= this.endUs) this.tUs = this.startUs;
    this.playing = true;
    this.lastFrameMs = performance.now();
    this.frame = requestAnimationFrame(this.tick);
    this.emit();
  }

  pause(): void {
    this.playing = false;
    cancelAnimationFrame(this.frame);
    this.emit();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
    this.emit();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A value that changes whenever anything does, for useSyncExternalStore. */
  getSnapshot = (): string => `${this.tUs}|${this.playing}|${this.speed}`;

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.listeners.clear();
  }

  private readonly tick = (nowMs: number): void => {
    if (!this.playing) return;
    const elapsedMs = nowMs - this.lastFrameMs;
    this.lastFrameMs = nowMs;
    this.tUs = Math.min(this.endUs, this.tUs + elapsedMs * 1000 * this.speed);
    if (this.tUs >= this.endUs) this.playing = false;
    this.emit();
    if (this.playing) this.frame = requestAnimationFrame(this.tick);
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
