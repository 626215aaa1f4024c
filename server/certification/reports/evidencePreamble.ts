import { verificationCode } from '../../../telemetry/evidence/signedEvaluation.js';
import type { ReportEvaluation } from './reportInput.js';

/**
 * What ties an export to its signed evaluation, as `label: value` pairs for a file's header:
 * the evaluation id, the range key, the signature and its verification code. The signed
 * evaluation itself is `evaluation.json` (or the PDF's attachment), which `npx sortie-verify`
 * checks; these let a reader match the export to it.
 */
export function evidencePreamble(evaluation: ReportEvaluation): [string, string][] {
  const { signed } = evaluation;
  if (!signed) {
    return [
      ['Sortie evaluation', evaluation.id],
      ['Signature', 'none: stored before evaluations were signed'],
    ];
  }
  return [
    ['Sortie evaluation', evaluation.id],
    ['Signed with range key (Ed25519)', signed.keyId],
    ['Signature', signed.signature],
    ['Verification code', verificationCode(signed)],
    [
      'Verify',
      `npx sortie-verify evaluation.json (GET /api/evaluations/${evaluation.id}/evaluation.json)`,
    ],
  ];
}

/** The same, as the members a GeoJSON or KML export carries. */
export function evidenceProperties(evaluation: ReportEvaluation): {
  signingKeyId: string | null;
  signature: string | null;
  verificationCode: string | null;
} {
  const { signed } = evaluation;
  return {
    signingKeyId: signed?.keyId ?? null,
    signature: signed?.signature ?? null,
    verificationCode: signed ? verificationCode(signed) : null,
  };
}
