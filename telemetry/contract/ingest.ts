import { z } from 'zod';
import { sampleSchema } from '../model/sample.js';
import { flightEventSchema } from '../model/flightEvent.js';
import { decodeStatsSchema, linkStatsSchema } from '../model/linkStats.js';
import { groundTimeUsSchema } from '../model/groundTimeBounds.js';

/** Socket.IO namespace ground-links send to. Authenticated with an API key. */
export const INGEST_NAMESPACE = '/ingest';

/** Caps that keep one batch small enough to store and ack within the live latency goal. */
export const INGEST_LIMITS = {
  maxSamplesPerBatch: 20_000,
  maxEventsPerBatch: 2_000,
  maxRawBytesPerBatch: 4 * 1024 * 1024,
} as const;

/**
 * One batch from a ground-link: everything it decoded since the previous batch.
 *
 * `(linkId, seq)` identifies a batch: seq increases strictly per link, so the server can ack a
 * resent batch as a duplicate without storing it twice.
 */
export const ingestBatchSchema = z.strictObject({
  linkId: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}$/,
      'linkId must be 1–64 letters, digits, dots, dashes or underscores',
    ),
  seq: z.number().int().nonnegative(),
  /** When the ground-link built the batch [µs since Unix epoch]. */
  sentAtUs: groundTimeUsSchema,
  samples: z.array(sampleSchema).max(INGEST_LIMITS.maxSamplesPerBatch),
  events: z.array(flightEventSchema).max(INGEST_LIMITS.maxEventsPerBatch),
  linkStats: z.array(linkStatsSchema).max(256),
  decodeStats: decodeStatsSchema,
  /**
   * The raw frames, byte-exact, as a .tlog chunk (8-byte big-endian µs timestamp, then one
   * MAVLink frame, repeated). Sent as binary, never base64.
   */
  rawTlog: z
    .instanceof(Uint8Array)
    .refine((bytes) => bytes.byteLength <= INGEST_LIMITS.maxRawBytesPerBatch, {
      message: `rawTlog must be at most ${INGEST_LIMITS.maxRawBytesPerBatch} bytes`,
    }),
});

export type IngestBatch = z.infer<typeof ingestBatchSchema>;

export const apiErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** The server's answer to a batch, sent only after the database acknowledged the write. */
export type IngestAck =
  | { ok: true; seq: number; duplicate: boolean }
  | { ok: false; seq: number | null; error: ApiErrorBody };

export interface IngestClientToServerEvents {
  batch: (batch: IngestBatch, ack: (answer: IngestAck) => void) => void;
}

export interface IngestServerToClientEvents {
  /** Sent on connect: the highest seq already stored for this link, so a restarted link resumes. */
  welcome: (info: {
    linkId: string | null;
    lastStoredSeq: number | null;
    serverVersion: string;
  }) => void;
}
