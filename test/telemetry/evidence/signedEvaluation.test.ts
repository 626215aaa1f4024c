import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_FORMAT,
  signEvidence,
  verificationCode,
  verifySignedEvaluation,
  type EvaluationEvidence,
} from '../../../telemetry/evidence/signedEvaluation.js';

function evidence(): EvaluationEvidence {
  return {
    format: EVIDENCE_FORMAT,
    evaluationId: '6750a1b2c3d4e5f60123abcd',
    evaluationVersion: 2,
    flightId: '6750a1b2c3d4e5f601234567',
    rawRecordSha256: 'a'.repeat(64),
    rawChainHead: null,
    onboardLogs: [{ name: '00000042.BIN', sha256: 'b'.repeat(64) }],
    plan: {
      id: '6750a1b2c3d4e5f6012300aa',
      version: 3,
      name: 'Basic multicopter',
      sha256: 'c'.repeat(64),
    },
    rangeId: '6750a1b2c3d4e5f6012300bb',
    fencesVersion: 4,
    fencesSha256: 'd'.repeat(64),
    overallVerdict: 'fail',
    results: [
      { itemId: 'speed', verdict: 'pass', measured: 12.5 },
      { itemId: 'fence', verdict: 'fail', measured: 3.25 },
    ],
    warnings: [],
    software: { name: 'sortie', version: '0.1.0', commit: 'e'.repeat(40) },
    evaluatedAt: '2026-12-04T01:02:03.456Z',
  };
}

const rangeKey = generateKeyPairSync('ed25519');
const otherKey = generateKeyPairSync('ed25519');

describe('signed evaluations', () => {
  it('verifies what the range key signed, against the key given and against the key it carries', () => {
    const signed = signEvidence(evidence(), rangeKey.privateKey, rangeKey.publicKey);

    expect(verifySignedEvaluation(signed, [rangeKey.publicKey])).toEqual({
      valid: true,
      keyId: signed.keyId,
      keyPinned: true,
      differingFields: [],
      problems: [],
    });
    // A file alone verifies with the key it carries, but says the key was not pinned.
    expect(verifySignedEvaluation(JSON.parse(JSON.stringify(signed)))).toMatchObject({
      valid: true,
      keyPinned: false,
    });
    // Key order and whitespace do not matter: the signature is over canonical JSON.
    const reordered = Object.fromEntries(Object.entries(structuredClone(signed)).reverse());
    reordered.document = Object.fromEntries(Object.entries(signed.document).reverse());
    expect(verifySignedEvaluation(reordered, [rangeKey.publicKey]).valid).toBe(true);
  });

  it.each([
    [
      'results',
      (e: EvaluationEvidence) => ((e.results[1] as { verdict: string }).verdict = 'pass'),
    ],
    ['rawRecordSha256', (e: EvaluationEvidence) => (e.rawRecordSha256 = 'f'.repeat(64))],
    ['plan', (e: EvaluationEvidence) => (e.plan.version = 2)],
    ['fencesVersion', (e: EvaluationEvidence) => (e.fencesVersion = 5)],
    ['onboardLogs', (e: EvaluationEvidence) => e.onboardLogs.pop()],
    ['software', (e: EvaluationEvidence) => (e.software.commit = '0'.repeat(40))],
    ['evaluatedAt', (e: EvaluationEvidence) => (e.evaluatedAt = '2026-12-05T00:00:00.000Z')],
    ['flightId', (e: EvaluationEvidence) => (e.flightId = '6750a1b2c3d4e5f601239999')],
  ])('names %s when it was changed after signing', (field, tamper) => {
    const signed = signEvidence(evidence(), rangeKey.privateKey, rangeKey.publicKey);
    tamper(signed.document);

    const outcome = verifySignedEvaluation(signed, [rangeKey.publicKey]);
    expect(outcome.valid).toBe(false);
    expect(outcome.differingFields).toEqual([field]);
    expect(outcome.problems[0]).toBe(`the content of ${field} differs from what was signed`);
  });

  it('refuses a changed field whose hash was changed to match: the signature no longer holds', () => {
    const signed = signEvidence(evidence(), rangeKey.privateKey, rangeKey.publicKey);
    const forged = signEvidence(
      { ...signed.document, overallVerdict: 'pass' },
      otherKey.privateKey,
      otherKey.publicKey,
    );
    // The forger's hashes, under the range's key id and signature.
    const spliced = { ...signed, document: forged.document, fieldSha256: forged.fieldSha256 };

    const outcome = verifySignedEvaluation(spliced, [rangeKey.publicKey]);
    expect(outcome.valid).toBe(false);
    expect(outcome.problems).toEqual([`the signature does not verify with key ${signed.keyId}`]);
  });

  it("refuses a report signed with a key that is not the range's", () => {
    const forged = signEvidence(evidence(), otherKey.privateKey, otherKey.publicKey);

    const outcome = verifySignedEvaluation(forged, [rangeKey.publicKey]);
    expect(outcome.valid).toBe(false);
    expect(outcome.problems[0]).toMatch(/^signed by key [0-9a-f]{32}, which is not a key given/);
    // A file that swaps in another public key under the range's key id is caught too.
    const signed = signEvidence(evidence(), rangeKey.privateKey, rangeKey.publicKey);
    expect(
      verifySignedEvaluation({ ...signed, publicKeyPem: forged.publicKeyPem }).problems,
    ).toEqual([`the public key it carries is not key ${signed.keyId}`]);
  });

  it('says what is missing for anything that is not a signed evaluation, never throwing', () => {
    for (const input of [null, 42, 'text', {}, { document: {} }, []]) {
      const outcome = verifySignedEvaluation(input);
      expect(outcome.valid).toBe(false);
      expect(outcome.problems[0]).toMatch(/^this is not a signed Sortie evaluation/);
    }
    const signed = signEvidence(evidence(), rangeKey.privateKey, rangeKey.publicKey);
    expect(verifySignedEvaluation({ ...signed, signature: '!!' }, [rangeKey.publicKey]).valid).toBe(
      false,
    );
  });

  it('gives a short verification code, the same for the same signature', () => {
    const signed = signEvidence(evidence(), rangeKey.privateKey, rangeKey.publicKey);
    expect(verificationCode(signed)).toMatch(/^[0-9A-F]{8}(-[0-9A-F]{4}){5}$/);
    expect(verificationCode(signed)).toBe(verificationCode(structuredClone(signed)));
    expect(verificationCode(signed).slice(0, 8)).toBe(signed.keyId.slice(0, 8).toUpperCase());
  });
});
