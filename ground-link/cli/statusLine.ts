import type { DecodeStats } from '../../telemetry/model/linkStats.js';
import type { LinkHealth } from '../endpoints/linkMonitorEndpoint.js';
import type { UplinkStatus } from '../endpoints/uplinkEndpoint.js';

export interface StatusFigures {
  health: LinkHealth;
  decode: DecodeStats;
  uplink: UplinkStatus | null;
}

/** `3 vehicles · 195 msg/s · loss 0.4 % · 0 bad frames · spool 2 batches (41 KiB) · server up` */
export function formatStatus({ health, decode, uplink }: StatusFigures): string {
  const parts = [
    `${health.vehicles} ${health.vehicles === 1 ? 'vehicle' : 'vehicles'}`,
    `${Math.round(health.messagesPerS)} msg/s`,
    `loss ${health.lossPct.toFixed(1)} %`,
    `${decode.badCrcFrames} bad frames`,
  ];
  if (uplink) {
    const kib = Math.ceil(uplink.spoolBytes / 1024);
    parts.push(`spool ${uplink.spoolBatches} batches (${kib} KiB)`);
    parts.push(uplink.connected ? 'server up' : 'server DOWN');
    if (uplink.batchesDropped > 0)
      parts.push(`SPOOL FULL: ${uplink.batchesDropped} batches dropped`);
    if (uplink.batchesRefused > 0) parts.push(`REFUSED: ${uplink.batchesRefused} batches`);
  }
  return parts.join(' · ');
}

/** Redraws one line in place on a terminal: `\r` back to its start, then clear to its end. */
export class StatusLine {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly render: () => string,
  ) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => this.draw(), intervalMs);
  }

  draw(): void {
    const width = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[K${this.render().slice(0, width - 1)}`);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.draw();
    this.stream.write('\n');
  }
}
