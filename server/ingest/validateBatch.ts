import { ingestBatchSchema, type IngestBatch } from '../../telemetry/contract/ingest.js';
import type { ApiErrorBody } from '../../telemetry/contract/ingest.js';
import { isPlausibleGroundTime } from '../../telemetry/model/groundTimeBounds.js';
import { dropImpossibleValues, type DroppedCounts } from './dropImpossibleValues.js';
import { rawTlogRecords, RawTlogError, type RawRecord } from './rawTlogBySystem.js';

export type BatchValidation =
  | { ok: true; batch: IngestBatch; rawRecords: RawRecord[]; dropped: DroppedCounts }
  | { ok: false; seq: number | null; error: ApiErrorBody; dropped: DroppedCounts };

/** `samples[3].values.latDeg` from a zod issue path. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

function seqOf(input: unknown): number | null {
  const seq = (input as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 ? seq : null;
}

/**
 * Checks a batch against the shared schema and that its rawTlog is whole records. What is
 * impossible but separable (a value out of its physical bounds, a sample dated 2255, a raw
 * record likewise) is taken out first and counted in `dropped`, so the rest is stored. A batch
 * still refused gets one sentence naming the first bad field, so a ground-link's log says what
 * to fix.
 */
export function validateBatch(input: unknown, nowUs = Date.now() * 1000): BatchValidation {
  const dropped = dropImpossibleValues(input, nowUs);
  const parsed = ingestBatchSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => ({
      field: fieldName(issue.path),
      message: issue.message,
    }));
    const first = issues[0];
    const more = parsed.error.issues.length - 1;
    const seq = seqOf(input);
    return {
      ok: false,
      seq,
      dropped,
      error: {
        code: 'invalid-batch',
        message:
          `Batch ${seq ?? '(no seq)'} was refused and not stored: ` +
          (first ? `${first.field || 'batch'}: ${first.message}` : 'it is not a batch') +
          (more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'}).` : '.'),
        details: { issues },
      },
    };
  }
  let rawRecords: RawRecord[];
  try {
    rawRecords = rawTlogRecords(parsed.data.rawTlog);
  } catch (error) {
    if (!(error instanceof RawTlogError)) throw error;
    return {
      ok: false,
      seq: parsed.data.seq,
      dropped,
      error: {
        code: 'invalid-batch',
        message: `Batch ${parsed.data.seq} was refused and not stored: rawTlog: ${error.message}.`,
        details: { field: 'rawTlog', offset: error.offset },
      },
    };
  }
  const plausible = rawRecords.filter((record) => isPlausibleGroundTime(record.tUs));
  if (plausible.length < rawRecords.length) {
    dropped['raw-time-out-of-range'] = rawRecords.length - plausible.length;
  }
  return { ok: true, batch: parsed.data, rawRecords: plausible, dropped };
}
