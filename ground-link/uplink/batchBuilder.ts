import type { IngestBatch } from '../../telemetry/contract/ingest.js';
import { INGEST_LIMITS } from '../../telemetry/contract/ingest.js';
import type { DecodeStats } from '../../telemetry/model/linkStats.js';
import { Normaliser } from '../../telemetry/mavlink/normaliser.js';
import { encodeTlogRecord } from '../../telemetry/tlog/tlogRecord.js';
import type { RoutedFrame } from '../endpoint.js';

/** When a batch is full: well under the server's limits so one batch stores quickly. */
export interface BatchLimits {
  maxFrames: number;
  maxRawBytes: number;
}

/**
 * A frame yields at most one sample and at most two events (a STATUSTEXT that also reports a
 * failsafe), so 1 000 frames stay inside every per-batch limit of the contract.
 */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxFrames: 1_000, maxRawBytes: 512 * 1024 };

/**
 * Collects what one link decoded since the last batch: the normalised samples and events and
 * the raw frames as a .tlog chunk, byte-exact.
 */
export class BatchBuilder {
  private readonly normaliser = new Normaliser();
  private rawRecords: Uint8Array[] = [];
  private rawBytes = 0;
  private frames = 0;

  constructor(
    private readonly linkId: string,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {
    if (2 * limits.maxFrames > INGEST_LIMITS.maxEventsPerBatch) {
      throw new Error(`maxFrames must be at most ${INGEST_LIMITS.maxEventsPerBatch / 2}`);
    }
    // One more record (≤ 8 + 280 bytes) may join a batch that just reached maxRawBytes.
    if (limits.maxRawBytes + 288 > INGEST_LIMITS.maxRawBytesPerBatch) {
      throw new Error(`maxRawBytes must leave room under ${INGEST_LIMITS.maxRawBytesPerBatch}`);
    }
  }

  /**
   * The raw record carries the ground time the normaliser used: a corrupt timestamp (a replayed
   * .tlog's flipped bit) is replaced by the link's last trusted one, so the server dates the
   * frame as its samples; a frame before any trusted time has no record to send.
   */
  add(routed: RoutedFrame): void {
    this.frames++;
    const tUs = this.normaliser.ingest(routed.frame, routed.tUs);
    if (tUs === null) return;
    const record = encodeTlogRecord(tUs, routed.frame.bytes);
    this.rawRecords.push(record);
    this.rawBytes += record.length;
  }

  get isEmpty(): boolean {
    return this.frames === 0;
  }

  get isFull(): boolean {
    return this.frames >= this.limits.maxFrames || this.rawBytes >= this.limits.maxRawBytes;
  }

  /** Everything collected so far as one batch; the builder starts empty again. */
  take(seq: number, sentAtUs: number, decodeStats: DecodeStats): IngestBatch {
    const rawTlog = new Uint8Array(this.rawBytes);
    let at = 0;
    for (const record of this.rawRecords) {
      rawTlog.set(record, at);
      at += record.length;
    }
    this.rawRecords = [];
    this.rawBytes = 0;
    this.frames = 0;
    return {
      linkId: this.linkId,
      seq,
      sentAtUs,
      // Same shape; the schema's inferred type merely loses the kind ↔ channels pairing.
      samples: this.normaliser.takeSamples() as IngestBatch['samples'],
      events: this.normaliser.takeEvents(),
      linkStats: this.normaliser.linkStats().slice(0, 256),
      decodeStats: { ...decodeStats },
      rawTlog,
    };
  }
}
