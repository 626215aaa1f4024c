import type {
  CriterionOutcome,
  EvidencePoint,
  EvidenceSample,
  Metric,
  ResultWindow,
  Verdict,
} from './criterionResult.js';
import { message, type Message } from './message.js';
import { renderMessage, renderReason, type MessageCode } from './messageCatalog.js';
import type { Span } from './series/spans.js';

/** A metric named by a message code (and its parameters when the name has a number in it). */
export function metric(
  name: MessageCode | Message,
  value: number | null,
  threshold: number | null | undefined,
  limit: 'max' | 'min',
  unit: string,
): Metric {
  const nameMessage = typeof name === 'string' ? message(name) : name;
  const judged = threshold !== null && threshold !== undefined;
  const usable = value !== null && Number.isFinite(value);
  return {
    name: renderMessage(nameMessage, 'en'),
    nameMessage,
    value: value !== null && Number.isFinite(value) ? roundTo(value, 6) : null,
    threshold: judged ? threshold : null,
    limit,
    unit,
    pass: judged && usable ? (limit === 'max' ? value <= threshold : value >= threshold) : null,
  };
}

/** Judged metrics decide: any unmeasurable → insufficient-data, any failing → fail, else pass. */
export function verdictOf(metrics: readonly Metric[]): Verdict {
  const judged = metrics.filter((m) => m.threshold !== null);
  if (judged.length === 0) return 'not-applicable';
  if (judged.some((m) => m.value === null)) return 'insufficient-data';
  if (judged.some((m) => m.pass === false)) return 'fail';
  return 'pass';
}

/** What a criterion measured its coverage as (the plan's minimum is added by evaluatePlan). */
export interface CoverageMeasure {
  fraction: number | null;
  channels: string[];
}

export interface EvidenceParts {
  worst?: EvidenceSample | null;
  spans?: (Span & { label: Message })[];
  points?: EvidencePoint[];
  sampleCount?: number;
  notes?: Message[];
}

export interface OutcomeParts {
  metrics?: Metric[];
  evidence?: EvidenceParts;
  /** Overrides the verdict from metrics (not-applicable, insufficient-data). */
  verdict?: Verdict;
  reason?: Message;
  coverage: CoverageMeasure;
}

export function outcome(
  criterion: string,
  window: ResultWindow,
  parts: OutcomeParts,
): CriterionOutcome {
  const metrics = parts.metrics ?? [];
  const verdict = parts.verdict ?? verdictOf(metrics);
  const judged = metrics.filter((m) => m.threshold !== null);
  const deciding =
    judged.find((m) => m.value === null && verdict === 'insufficient-data') ??
    judged.find((m) => m.pass === false) ??
    judged[0] ??
    metrics[0];
  const notes = parts.evidence?.notes ?? [];
  const reasonMessage = parts.reason ?? message('judged-metrics', { verdict });
  const result: CriterionOutcome = {
    criterion,
    verdict,
    measured: deciding?.value ?? null,
    threshold: deciding?.threshold ?? null,
    unit: deciding?.unit ?? '',
    metrics,
    window,
    evidence: {
      worst: parts.evidence?.worst ?? null,
      spans: (parts.evidence?.spans ?? []).map(({ label, ...span }) => ({
        ...span,
        label: renderMessage(label, 'en'),
        labelMessage: label,
      })),
      points: parts.evidence?.points ?? [],
      sampleCount: parts.evidence?.sampleCount ?? 0,
      notes: notes.map((note) => renderMessage(note, 'en')),
      noteMessages: notes,
    },
    coverage: {
      fraction: parts.coverage.fraction === null ? null : roundTo(parts.coverage.fraction, 6),
      channels: parts.coverage.channels,
      minFraction: null,
    },
    reason: '',
    reasonMessage,
  };
  result.reason = renderReason(result, 'en');
  return result;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
