import type { EntityId } from '../ids.js';
import type { SignedEvaluation } from '../../../telemetry/evidence/signedEvaluation.js';
import type { CriterionResult } from '../../certification/criterionResult.js';
import type { Message } from '../../certification/message.js';
import type { RangeFences } from '../../certification/fences/rangeFences.js';
import type { OverallVerdict } from '../../certification/reports/reportInput.js';
import type { EvaluationDoc, EvaluationTrigger } from '../models/evaluation.js';

/** A stored evaluation, its JSON texts parsed back. */
export interface EvaluationView {
  id: string;
  flightId: string;
  version: number;
  planId: string;
  planVersion: number;
  planName: string;
  planSha256: string;
  rangeId: string | null;
  fencesVersion: number | null;
  fences: RangeFences | null;
  rawFramesSha256: string;
  overallVerdict: OverallVerdict;
  results: CriterionResult[];
  /** Said before any result: a plan written for another vehicle class … */
  warnings: Message[];
  signatureSha256: string;
  /** The range's signature over the evidence; null for evaluations stored before signing. */
  signed: SignedEvaluation | null;
  trigger: EvaluationTrigger;
  createdBy: string | null;
  createdAt: Date;
}

export type StoredEvaluation = EvaluationDoc & { _id: EntityId; createdAt: Date };

export function toEvaluationView(stored: StoredEvaluation): EvaluationView {
  return {
    id: stored._id.toHexString(),
    flightId: stored.flightId.toHexString(),
    version: stored.version,
    planId: stored.planId.toHexString(),
    planVersion: stored.planVersion,
    planName: stored.planName,
    planSha256: stored.planSha256,
    rangeId: stored.rangeId ? stored.rangeId.toHexString() : null,
    fencesVersion: stored.fencesVersion ?? null,
    fences: stored.fencesJson ? (JSON.parse(stored.fencesJson) as RangeFences) : null,
    rawFramesSha256: stored.rawFramesSha256,
    overallVerdict: stored.overallVerdict,
    results: JSON.parse(stored.resultsJson) as CriterionResult[],
    warnings: JSON.parse(stored.warningsJson ?? '[]') as Message[],
    signatureSha256: stored.signatureSha256,
    signed: stored.signedJson ? (JSON.parse(stored.signedJson) as SignedEvaluation) : null,
    trigger: stored.trigger,
    createdBy: stored.createdBy ? stored.createdBy.toHexString() : null,
    createdAt: stored.createdAt,
  };
}
