import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonicalJson.js';

export const EVIDENCE_FORMAT = 'sortie-evaluation/2';

/**
 * What a range signs about one evaluation: every input the verdicts stand on and every result.
 * Hashes are SHA-256 in lower-case hex; times ISO 8601 UTC.
 */
export interface EvaluationEvidence {
  format: typeof EVIDENCE_FORMAT;
  evaluationId: string;
  evaluationVersion: number;
  flightId: string;
  /** The flight's raw MAVLink record, byte-exact as its `.tlog` download. */
  rawRecordSha256: string;
  /** Head of the ground-link's batch hash chain as the server checked it, when it has one. */
  rawChainHead: string | null;
  onboardLogs: { name: string; sha256: string }[];
  plan: { id: string; version: number; name: string; sha256: string };
  rangeId: string | null;
  fencesVersion: number | null;
  fencesSha256: string | null;
  overallVerdict: string;
  results: unknown[];
  /** What the evaluation warns about, e.g. a plan made for another vehicle class. */
  warnings: unknown[];
  software: { name: string; version: string; commit: string };
  evaluatedAt: string;
}

/** An evaluation as a range signed it: the evidence, a hash per field, and the signature. */
export interface SignedEvaluation {
  document: EvaluationEvidence;
  /** SHA-256 of each field's canonical JSON, so a verifier can name the field that changed. */
  fieldSha256: Record<string, string>;
  algorithm: 'Ed25519';
  /** First 16 bytes (hex) of the SHA-256 of the signer's public key (SPKI, DER). */
  keyId: string;
  /** Ed25519 over the canonical JSON of { algorithm, document, fieldSha256, keyId }, base64url. */
  signature: string;
  /** The signer's public key (SPKI PEM), so a file verifies alone; trust comes from its keyId. */
  publicKeyPem: string;
}

export interface VerificationOutcome {
  valid: boolean;
  keyId: string | null;
  /** True when checked against a key the verifier was given, not only the one the file carries. */
  keyPinned: boolean;
  /** Fields of the evidence whose content no longer matches what was signed. */
  differingFields: string[];
  /** Each reason the evaluation does not verify, as a sentence. */
  problems: string[];
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 32);
}

function fieldDigests(document: EvaluationEvidence): Record<string, string> {
  return Object.fromEntries(
    Object.entries(document).map(([field, value]) => [field, sha256Hex(canonicalJson(value))]),
  );
}

function signedBytes(signed: Omit<SignedEvaluation, 'signature' | 'publicKeyPem'>): Buffer {
  const { algorithm, document, fieldSha256, keyId } = signed;
  return Buffer.from(canonicalJson({ algorithm, document, fieldSha256, keyId }), 'utf8');
}

/** Signs evidence with a range's Ed25519 private key. */
export function signEvidence(
  document: EvaluationEvidence,
  privateKey: KeyObject,
  publicKey: KeyObject,
): SignedEvaluation {
  const unsigned = {
    document,
    fieldSha256: fieldDigests(document),
    algorithm: 'Ed25519' as const,
    keyId: keyIdOf(publicKey),
  };
  return {
    ...unsigned,
    signature: sign(null, signedBytes(unsigned), privateKey).toString('base64url'),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Checks a signed evaluation offline: every field against its signed hash, then the signature,
 * with `trustedKeys` (the range's published public keys) when given, else with the key the file
 * carries (whose id must match). Never throws: a malformed input is a problem in the outcome.
 */
export function verifySignedEvaluation(
  input: unknown,
  trustedKeys: KeyObject[] = [],
): VerificationOutcome {
  const outcome: VerificationOutcome = {
    valid: false,
    keyId: null,
    keyPinned: false,
    differingFields: [],
    problems: [],
  };
  const signed = asSignedEvaluation(input);
  if (!signed) {
    outcome.problems.push(
      'this is not a signed Sortie evaluation: it needs document, fieldSha256, keyId, signature and publicKeyPem',
    );
    return outcome;
  }
  outcome.keyId = signed.keyId;
  const actual = fieldDigests(signed.document);
  const fields = new Set([...Object.keys(actual), ...Object.keys(signed.fieldSha256)]);
  for (const field of [...fields].sort()) {
    if (actual[field] !== signed.fieldSha256[field]) outcome.differingFields.push(field);
  }
  if (outcome.differingFields.length > 0) {
    outcome.problems.push(
      `the content of ${outcome.differingFields.join(', ')} differs from what was signed`,
    );
  }

  let key: KeyObject | undefined;
  if (trustedKeys.length > 0) {
    key = trustedKeys.find((candidate) => keyIdOf(candidate) === signed.keyId);
    outcome.keyPinned = key !== undefined;
    if (!key) {
      const given = trustedKeys.map(keyIdOf).join(', ');
      outcome.problems.push(`signed by key ${signed.keyId}, which is not a key given (${given})`);
    }
  } else {
    try {
      key = createPublicKey(signed.publicKeyPem);
      if (keyIdOf(key) !== signed.keyId) {
        outcome.problems.push(`the public key it carries is not key ${signed.keyId}`);
        key = undefined;
      }
    } catch {
      outcome.problems.push('the public key it carries is not a valid PEM public key');
    }
  }
  if (key) {
    let signatureOk = false;
    try {
      signatureOk = verify(
        null,
        signedBytes(signed),
        key,
        Buffer.from(signed.signature, 'base64url'),
      );
    } catch {
      signatureOk = false;
    }
    if (!signatureOk)
      outcome.problems.push(`the signature does not verify with key ${signed.keyId}`);
  }
  outcome.valid = outcome.problems.length === 0;
  return outcome;
}

function asSignedEvaluation(input: unknown): SignedEvaluation | null {
  if (typeof input !== 'object' || input === null) return null;
  const candidate = input as Partial<SignedEvaluation>;
  const ok =
    typeof candidate.document === 'object' &&
    candidate.document !== null &&
    typeof candidate.fieldSha256 === 'object' &&
    candidate.fieldSha256 !== null &&
    typeof candidate.keyId === 'string' &&
    typeof candidate.signature === 'string' &&
    typeof candidate.publicKeyPem === 'string' &&
    candidate.algorithm === 'Ed25519';
  return ok ? (candidate as SignedEvaluation) : null;
}

/**
 * A short code a person can compare by eye or read from the report's QR code: the key id and
 * the first 80 bits of the signature's SHA-256, in groups of four.
 */
export function verificationCode(signed: Pick<SignedEvaluation, 'keyId' | 'signature'>): string {
  const digest = sha256Hex(signed.signature).slice(0, 20).toUpperCase();
  return `${signed.keyId.slice(0, 8).toUpperCase()}-${digest.match(/.{4}/g)!.join('-')}`;
}
