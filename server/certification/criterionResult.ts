import type { Message } from './message.js';
import type { Span } from './series/spans.js';

export type Verdict = 'pass' | 'fail' | 'not-applicable' | 'insufficient-data';

/**
 * One measured quantity of a criterion and its limit. `limit: 'max'` means the value must not
 * exceed the threshold, `'min'` that it must reach it. A metric without threshold is reported,
 * not judged. A judged metric whose value is null (not measurable) makes the verdict
 * insufficient-data.
 */
export interface Metric {
  /** In English; `nameMessage` renders it in any report language. */
  name: string;
  nameMessage: Message;
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
  /** In English; `labelMessage` renders it in any report language. */
  label: string;
  labelMessage: Message;
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
  /** In English; `noteMessages` (same order) renders them in any report language. */
  notes: string[];
  noteMessages: Message[];
}

export interface ResultWindow {
  /** What the plan asked for, in English: "whole flight", "modes RTL, AUTO.RTL" … */
  description: string;
  descriptionMessage: Message;
  spans: Span[];
}

/**
 * How much of its window a criterion's data covers: the share of the window's time that lies
 * within the plan's sample hold of a sample of the channels named. Missing data lowers it, and
 * below `minFraction` the verdict is insufficient-data; it never makes a fail.
 */
export interface Coverage {
  /** 0–1; null when the window itself is empty. */
  fraction: number | null;
  /** Sample kinds (telemetry/model/sampleKinds.ts) the fraction is about. */
  channels: string[];
  /** Below this the verdict is insufficient-data (null: the criterion judges the gaps themselves). */
  minFraction: number | null;
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
  coverage: Coverage;
  /** One English sentence; `reasonMessage` renders it in any report language. */
  reason: string;
  reasonMessage: Message;
}

/** A criterion's outcome as part of a test plan's evaluation. */
export interface CriterionResult extends CriterionOutcome {
  itemId: string;
  thresholdSource: 'declared' | 'range' | 'default';
}
