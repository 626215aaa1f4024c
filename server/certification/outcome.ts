import type {
  CriterionOutcome,
  Evidence,
  Metric,
  ResultWindow,
  Verdict,
} from './criterionResult.js';

export function metric(
  name: string,
  value: number | null,
  threshold: number | null | undefined,
  limit: 'max' | 'min',
  unit: string,
): Metric {
  const judged = threshold !== null && threshold !== undefined;
  const usable = value !== null && Number.isFinite(value);
  return {
    name,
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

export function emptyEvidence(): Evidence {
  return { worst: null, spans: [], points: [], sampleCount: 0, notes: [] };
}

export interface OutcomeParts {
  metrics?: Metric[];
  evidence?: Partial<Evidence>;
  /** Overrides the verdict from metrics (not-applicable, insufficient-data). */
  verdict?: Verdict;
  reason?: string;
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
  return {
    criterion,
    verdict,
    measured: deciding?.value ?? null,
    threshold: deciding?.threshold ?? null,
    unit: deciding?.unit ?? '',
    metrics,
    window,
    evidence: { ...emptyEvidence(), ...parts.evidence },
    reason: parts.reason ?? defaultReason(verdict, metrics),
  };
}

function defaultReason(verdict: Verdict, metrics: readonly Metric[]): string {
  const described = metrics
    .filter((m) => m.threshold !== null)
    .map((m) => {
      const value = m.value === null ? 'not measurable' : `${formatNumber(m.value)} ${m.unit}`;
      return `${m.name} ${value} (${m.limit === 'max' ? '≤' : '≥'} ${formatNumber(m.threshold as number)} ${m.unit})`;
    })
    .join('; ');
  return `${verdict}: ${described || 'nothing to judge'}`;
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
