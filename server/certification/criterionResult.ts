import type { Span } from './series/spans.js';

export type Verdict = 'pass' | 'fail' | 'not-applicable' | 'insufficient-data';

/**
 * One measured quantity of a criterion and its limit. `limit: 'max'` means the value must not
 * exceed the threshold, `'min'` that it must reach it. A metric without threshold is reported,
 * not judged. A judged metric whose value is null (not measurable) makes the verdict
 * insufficient-data.
 */
export interface Metric {
  name: string;
  value: number | null;
  threshold: number | null;
  limit: 'max' | 'min';
  unit: string;
  pass: boolean | null;
}

export interface EvidenceSample {
  tUs: number;
  value: number;
  latDeg?: number;
  lonDeg?: number;
  altRelM?: number;
}

export interface EvidenceSpan extends Span {
  label: string;
}

export interface EvidencePoint {
  tUs: number;
  latDeg: number;
  lonDeg: number;
  label: string;
}

/** Enough for a report to show why: the worst sample, the spans looked at, points to draw. */
export interface Evidence {
  worst: EvidenceSample | null;
  spans: EvidenceSpan[];
  points: EvidencePoint[];
  sampleCount: number;
  notes: string[];
}

export interface ResultWindow {
  /** What the plan asked for, in words: "whole flight", "modes RTL, AUTO.RTL" … */
  description: string;
  spans: Span[];
}

/** What a criterion function returns. */
export interface CriterionOutcome {
  criterion: string;
  verdict: Verdict;
  /** The deciding metric's value, threshold and unit (the first failing one, else the first judged). */
  measured: number | null;
  threshold: number | null;
  unit: string;
  metrics: Metric[];
  window: ResultWindow;
  evidence: Evidence;
  /** One sentence a report can print as is. */
  reason: string;
}

/** A criterion's outcome as part of a test plan's evaluation. */
export interface CriterionResult extends CriterionOutcome {
  itemId: string;
  thresholdSource: 'declared' | 'range' | 'default';
}
