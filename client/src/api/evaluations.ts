import { apiFetch } from './apiFetch';
import { listItems } from './listItems';

export type CriterionVerdict = 'pass' | 'fail' | 'not-applicable' | 'insufficient-data';

interface SpanUs {
  startUs: number;
  endUs: number;
}

/** One criterion's result as server/certification/criterionResult.ts defines it. */
export interface CriterionResult {
  itemId: string;
  criterion: string;
  verdict: CriterionVerdict;
  measured: number | null;
  threshold: number | null;
  unit: string;
  reason: string;
  window: { description: string; spans: SpanUs[] };
  evidence: {
    worst: { tUs: number; value: number } | null;
    spans: (SpanUs & { label: string })[];
    points: { tUs: number; latDeg: number; lonDeg: number; label: string }[];
    notes: string[];
  };
}

export interface Evaluation {
  id: string;
  version: number;
  planName: string;
  planVersion: number;
  overallVerdict: 'pass' | 'fail' | 'incomplete';
  createdAt: string;
  results: CriterionResult[];
}

/** GET /api/test-plans items. */
export interface TestPlanSummary {
  planId: string;
  key: string;
  name: string;
  latestVersion: number;
}

const flightPath = (flightId: string) => `/api/flights/${encodeURIComponent(flightId)}`;

/** A flight's evaluations, newest first (as the server sorts them). */
export async function fetchEvaluations(flightId: string, signal?: AbortSignal) {
  return listItems<Evaluation>(
    await apiFetch(`${flightPath(flightId)}/evaluations`, { signal }),
    'evaluations',
  );
}

export function runEvaluation(flightId: string, planId: string): Promise<Evaluation> {
  return apiFetch<Evaluation>(`${flightPath(flightId)}/evaluations`, {
    method: 'POST',
    body: { planId },
  });
}

export async function fetchTestPlans(signal?: AbortSignal): Promise<TestPlanSummary[]> {
  return listItems<TestPlanSummary>(await apiFetch('/api/test-plans', { signal }), 'testPlans');
}

/** Where a criterion's evidence is: the worst sample, else its first span, else its window. */
export function evidenceTimeUs(result: CriterionResult): number | null {
  return (
    result.evidence.worst?.tUs ??
    result.evidence.spans[0]?.startUs ??
    result.evidence.points[0]?.tUs ??
    result.window.spans[0]?.startUs ??
    null
  );
}
