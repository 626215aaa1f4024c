import { createPublicKey } from 'node:crypto';
import { type Connection } from 'mongoose';
import { EntityId } from '../../store/ids.js';
import { conflict, notFound } from '../../http/httpError.js';
import { getModels } from '../../store/models/models.js';
import { evaluatePlan, planWarnings } from '../evaluatePlan.js';
import { validateRangeFences } from '../fences/validateRangeFences.js';
import type { RangeFences } from '../fences/rangeFences.js';
import type { FlightData } from '../flightData.js';
import { overallVerdictOf } from '../reports/overallVerdict.js';
import { canonicalJson } from '../../../telemetry/evidence/canonicalJson.js';
import {
  ensureCertificationIndexes,
  getCertificationModels,
} from '../../store/models/certificationModels.js';
import type { EvaluationTrigger } from '../../store/models/evaluation.js';
import { evaluationSignature, sha256OfText } from './evaluationSignature.js';
import {
  toEvaluationView,
  type EvaluationView,
  type StoredEvaluation,
} from '../../store/certification/evaluationView.js';
import {
  loadStoredFlightData,
  storedLinkCounters,
} from '../../store/certification/loadStoredFlightData.js';
import { EMPTY_SHA256, scanRawRecord } from '../../store/certification/scanRawRecord.js';
import { flightStorageOf, flightDb } from '../../store/certification/flightStorageRef.js';
import { freezeTestPlanVersion } from './testPlanService.js';
import {
  EVIDENCE_FORMAT,
  verifySignedEvaluation,
} from '../../../telemetry/evidence/signedEvaluation.js';
import { listOnboardLogs } from '../../flights/mergeOnboardLog.js';
import { listSigningKeys, rangeSignerOf } from '../../signing/rangeSigner.js';
import { softwareIdentity } from '../../signing/softwareIdentity.js';

export interface EvaluateOptions {
  trigger: EvaluationTrigger;
  createdBy?: string | null;
  /** A given version of the plan; its latest when absent. */
  planVersion?: number;
}

/** Two evaluations of one flight at the same instant: the loser retries with the next number. */
const VERSION_ATTEMPTS = 5;

/**
 * Evaluates a landed flight against a plan and stores the result, signed and immutable, as the
 * flight's next evaluation version. The plan version is frozen first. The flight's status
 * becomes `evaluated` with the overall verdict.
 */
export async function evaluateFlight(
  connection: Connection,
  flightId: string,
  planId: string,
  options: EvaluateOptions,
): Promise<EvaluationView> {
  await ensureCertificationIndexes(connection);
  const { Flight, Range } = getModels(connection);
  const { Evaluation } = getCertificationModels(connection);
  if (!EntityId.isValid(flightId)) throw notFound(`No flight ${flightId}.`);
  const flight = await Flight.findById(flightId).lean();
  if (!flight) throw notFound(`No flight ${flightId}.`);
  if (flight.status === 'live') {
    throw conflict('The flight is still in the air; it can be evaluated once it has ended.');
  }
  const plan = await freezeTestPlanVersion(connection, planId, options.planVersion);
  const db = flightDb(connection);
  const ref = { flightId, linkId: flight.linkId, sysId: flight.sysId, compId: flight.compId };
  const storage = await flightStorageOf(db, ref);
  const scan = storage
    ? await scanRawRecord(db, flightId, storage.rawPieceCount, flight.sysId)
    : { rawFramesSha256: EMPTY_SHA256, vehicleParams: {} };
  const flightData: FlightData = {
    ...(await loadStoredFlightData(db, ref, storedLinkCounters(flight))),
    vehicleParams: scan.vehicleParams,
  };
  const range = flight.rangeId ? await Range.findById(flight.rangeId).lean() : null;
  const fences: RangeFences | null = range?.fences ? validateRangeFences(range.fences) : null;
  const results = evaluatePlan(plan.definition, flightData, fences ?? undefined);
  const warningsJson = canonicalJson(planWarnings(plan.definition, flightData));
  const rawSha256 = scan.rawFramesSha256;
  const resultsJson = canonicalJson(results);
  const overallVerdict = overallVerdictOf(results);
  const signatureSha256 = evaluationSignature({
    rawFramesSha256: rawSha256,
    planId: plan.planId,
    planVersion: plan.version,
    planSha256: plan.definitionSha256,
    resultsJson,
    warningsJson,
  });
  const fencesJson = fences ? canonicalJson(fences) : null;
  const onboardLogs = await listOnboardLogs(db, flightId);
  const signer = rangeSignerOf(connection);
  let stored: StoredEvaluation | null = null;
  for (let attempt = 0; attempt < VERSION_ATTEMPTS && !stored; attempt++) {
    const previous = await Evaluation.find({ flightId: flight._id })
      .sort({ version: -1 })
      .limit(1)
      .select({ version: 1 })
      .lean();
    const evaluationId = new EntityId();
    const version = (previous[0]?.version ?? 0) + 1;
    const signed = signer.sign({
      format: EVIDENCE_FORMAT,
      evaluationId: evaluationId.toHexString(),
      evaluationVersion: version,
      flightId,
      rawRecordSha256: rawSha256,
      rawChainHead: null,
      onboardLogs,
      plan: {
        id: plan.planId,
        version: plan.version,
        name: plan.name,
        sha256: plan.definitionSha256,
      },
      rangeId: flight.rangeId ? flight.rangeId.toHexString() : null,
      fencesVersion: range ? (range.fencesVersion ?? 0) : null,
      fencesSha256: fencesJson ? sha256OfText(fencesJson) : null,
      overallVerdict,
      results: JSON.parse(resultsJson) as unknown[],
      warnings: JSON.parse(warningsJson) as unknown[],
      software: softwareIdentity(),
      evaluatedAt: new Date().toISOString(),
    });
    try {
      const created = await Evaluation.create({
        _id: evaluationId,
        flightId: flight._id,
        version,
        planId: new EntityId(plan.planId),
        planVersionId: await planVersionId(connection, plan.planId, plan.version),
        planVersion: plan.version,
        planName: plan.name,
        planSha256: plan.definitionSha256,
        rangeId: flight.rangeId ?? null,
        fencesVersion: range ? (range.fencesVersion ?? 0) : null,
        fencesJson,
        rawFramesSha256: rawSha256,
        resultsJson,
        warningsJson,
        overallVerdict,
        signatureSha256,
        signedJson: canonicalJson(signed),
        signingKeyId: signed.keyId,
        trigger: options.trigger,
        createdBy: options.createdBy ? new EntityId(options.createdBy) : null,
      });
      stored = created.toObject() as StoredEvaluation;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }
  if (!stored) throw conflict('The flight is being evaluated by someone else right now; retry.');
  // Only a newer evaluation may set the flight's verdict: a slow older one must not overwrite it.
  const newest = await Evaluation.find({ flightId: flight._id })
    .sort({ version: -1 })
    .limit(1)
    .lean();
  if (newest[0]?._id.equals(stored._id)) {
    await Flight.updateOne(
      { _id: flight._id },
      {
        $set: {
          status: 'evaluated',
          verdict: overallVerdict,
          testPlanId: new EntityId(plan.planId),
        },
      },
    );
  }
  return toEvaluationView(stored);
}

async function planVersionId(connection: Connection, planId: string, version: number) {
  const stored = await getCertificationModels(connection)
    .TestPlanVersion.findOne({ planId: new EntityId(planId), version })
    .select({ _id: 1 })
    .lean();
  if (!stored) throw notFound(`Test plan ${planId} has no version ${version}.`);
  return stored._id;
}

/** A flight's evaluations, newest first. */
export async function listEvaluations(
  connection: Connection,
  flightId: string,
): Promise<EvaluationView[]> {
  const stored = await getCertificationModels(connection)
    .Evaluation.find({ flightId: new EntityId(flightId) })
    .sort({ version: -1 })
    .lean<StoredEvaluation[]>();
  return stored.map(toEvaluationView);
}

export async function getEvaluation(
  connection: Connection,
  evaluationId: string,
): Promise<EvaluationView> {
  if (!EntityId.isValid(evaluationId)) throw notFound(`No evaluation ${evaluationId}.`);
  const stored = await getCertificationModels(connection)
    .Evaluation.findById(evaluationId)
    .lean<StoredEvaluation>();
  if (!stored) throw notFound(`No evaluation ${evaluationId}.`);
  return toEvaluationView(stored);
}

/**
 * Whether a stored evaluation is still what was evaluated and signed: its content hash
 * recomputed from what is stored, and the range's Ed25519 signature, with one of the range's
 * published keys, over evidence that holds the same results and raw-record hash. False means
 * the record was altered.
 */
export async function signatureMatches(
  connection: Connection,
  evaluation: EvaluationView,
): Promise<boolean> {
  const contentHashHolds =
    evaluationSignature({
      rawFramesSha256: evaluation.rawFramesSha256,
      planId: evaluation.planId,
      planVersion: evaluation.planVersion,
      planSha256: evaluation.planSha256,
      resultsJson: canonicalJson(evaluation.results),
      warningsJson: canonicalJson(evaluation.warnings),
    }) === evaluation.signatureSha256;
  const { signed } = evaluation;
  if (!contentHashHolds || !signed) return contentHashHolds;
  const keys = (await listSigningKeys(connection)).map((key) => createPublicKey(key.publicKeyPem));
  return (
    verifySignedEvaluation(signed, keys).valid &&
    signed.document.evaluationId === evaluation.id &&
    signed.document.rawRecordSha256 === evaluation.rawFramesSha256 &&
    canonicalJson(signed.document.results) === canonicalJson(evaluation.results)
  );
}
