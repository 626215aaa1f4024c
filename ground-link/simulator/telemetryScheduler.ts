import type { Random } from './prng.js';
import {
  STREAM_RATES_HZ,
  STREAMED_MESSAGE_NAMES,
  type StreamedMessageName,
} from './messageRates.js';

export type DueMessage =
  | { kind: 'stream'; tUs: number; name: StreamedMessageName }
  | { kind: 'text'; tUs: number; severity: number; text: string };

interface StreamClock {
  name: StreamedMessageName;
  firstUs: number;
  periodUs: number;
  count: number;
  nextUs: number;
}

/**
 * When each message of one vehicle is due. Each stream has its own random phase so vehicles
 * and streams do not all fire in the same microsecond; the k-th message of a stream is due at
 * first + k · period, computed from k so rounding never accumulates into a rate error.
 */
export class TelemetryScheduler {
  private readonly streams: StreamClock[];
  private readonly texts: { tUs: number; severity: number; text: string }[] = [];

  constructor(startUs: number, random: Random) {
    this.streams = STREAMED_MESSAGE_NAMES.map((name) => {
      const periodUs = 1_000_000 / STREAM_RATES_HZ[name];
      const firstUs = startUs + Math.floor(random.next() * periodUs);
      return { name, firstUs, periodUs, count: 0, nextUs: firstUs };
    });
  }

  queueText(tUs: number, severity: number, text: string): void {
    this.texts.push({ tUs, severity, text });
    this.texts.sort((a, b) => a.tUs - b.tUs);
  }

  /** Removes and returns the earliest message due at or before untilUs, or null. */
  takeNextDue(untilUs: number): DueMessage | null {
    let earliest: StreamClock | null = null;
    for (const stream of this.streams) {
      if (stream.nextUs <= untilUs && (earliest === null || stream.nextUs < earliest.nextUs)) {
        earliest = stream;
      }
    }
    const text = this.texts[0];
    if (
      text !== undefined &&
      text.tUs <= untilUs &&
      (earliest === null || text.tUs <= earliest.nextUs)
    ) {
      this.texts.shift();
      return { kind: 'text', ...text };
    }
    if (earliest === null) return null;
    const due: DueMessage = { kind: 'stream', tUs: earliest.nextUs, name: earliest.name };
    earliest.count += 1;
    earliest.nextUs = earliest.firstUs + Math.round(earliest.count * earliest.periodUs);
    return due;
  }
}
