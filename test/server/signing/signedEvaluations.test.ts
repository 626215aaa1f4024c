import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfReport } from '../../../server/certification/reports/pdf/pdfReport.js';
import {
  evaluateFlight,
  getEvaluation,
  signatureMatches,
} from '../../../server/certification/evaluations/evaluationService.js';
import { createTestPlan } from '../../../server/certification/evaluations/testPlanService.js';
import { PROJECT_ROOT } from '../../../server/config.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import {
  attachKeyPair,
  listSigningKeys,
  openRangeSigner,
} from '../../../server/signing/rangeSigner.js';
import { verifySignedEvaluation } from '../../../telemetry/evidence/signedEvaluation.js';
import { openApiWorld, type ApiWorld } from '../api/apiWorld.js';
import {
  storeLandedFlight,
  type StoredFlight,
} from '../../certification/store/storedFlightFixture.js';
import {
  FENCES,
  reportInput,
  syntheticEvents,
  syntheticSamples,
} from '../../certification/reports/reportFixture.js';
import { openTestDatabase } from '../../support/testDatabase.js';

const workDir = mkdtempSync(join(tmpdir(), 'sortie-signing-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** `npx sortie-verify …` as a user runs it: a process of its own, no server, no network. */
function sortieVerify(...args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync('npx', ['--no-install', 'sortie-verify', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, npm_config_offline: 'true' },
  });
  return { status: run.status, stdout: run.stdout.toString() + run.stderr.toString() };
}

const PLAN = {
  id: 'speed-only',
  name: 'Speed only',
  items: [{ id: 'speed', criterion: 'max-speed', params: { maxSpeedMps: 19, sustainS: 5 } }],
};

describe('signed evaluations', () => {
  let database: Database;
  let flight: StoredFlight;
  let planId: string;

  beforeAll(async () => {
    database = await openTestDatabase('signing');
    flight = await storeLandedFlight(
      database.connection,
      syntheticSamples(),
      syntheticEvents(),
      [randomBytes(4096)],
      { maker: 'Hanbit', vehicle: 'X8', range: 'Goheung', fences: FENCES },
    );
    planId = (await createTestPlan(database.connection, PLAN, null)).planId;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('signs every evaluation with the range key over its inputs and results', async () => {
    const evaluation = await evaluateFlight(database.connection, flight.flightId, planId, {
      trigger: 'request',
    });
    const signed = evaluation.signed!;
    expect(signed.document).toMatchObject({
      evaluationId: evaluation.id,
      flightId: flight.flightId,
      rawRecordSha256: flight.rawSha256,
      plan: { id: planId, version: 1, sha256: evaluation.planSha256 },
      fencesVersion: evaluation.fencesVersion,
      overallVerdict: evaluation.overallVerdict,
      results: JSON.parse(JSON.stringify(evaluation.results)),
      software: { name: 'sortie', version: '0.1.0' },
    });
    const [published] = await listSigningKeys(database.connection);
    const outcome = verifySignedEvaluation(signed, [createPublicKey(published!.publicKeyPem)]);
    expect(outcome).toMatchObject({ valid: true, keyPinned: true, keyId: published!.keyId });
    expect(await signatureMatches(database.connection, evaluation)).toBe(true);

    // A result changed in the stored record no longer matches what was signed.
    const altered = structuredClone(evaluation);
    altered.results[0]!.verdict = altered.results[0]!.verdict === 'pass' ? 'fail' : 'pass';
    altered.signatureSha256 = evaluation.signatureSha256;
    expect(await signatureMatches(database.connection, altered)).toBe(false);
  });

  it('keeps verifying reports signed with a key rotated out', async () => {
    const before = await evaluateFlight(database.connection, flight.flightId, planId, {
      trigger: 'request',
    });
    const oldKeyId = before.signed!.keyId;
    const rotated = await attachKeyPair(database.connection, generateKeyPairSync('ed25519'));
    const after = await evaluateFlight(database.connection, flight.flightId, planId, {
      trigger: 'request',
    });

    expect(after.signed!.keyId).toBe(rotated.keyId);
    const keys = await listSigningKeys(database.connection);
    const old = keys.find((key) => key.keyId === oldKeyId)!;
    expect(old.validUntil).toBeInstanceOf(Date);
    expect(keys.find((key) => key.keyId === rotated.keyId)!.validUntil).toBeNull();
    const stored = await getEvaluation(database.connection, before.id);
    expect(await signatureMatches(database.connection, stored)).toBe(true);
    expect(verifySignedEvaluation(stored.signed, [createPublicKey(old.publicKeyPem)]).valid).toBe(
      true,
    );
  });

  it('keeps the private key in a file only its owner reads, and refuses one others may read', async () => {
    const keyFile = join(workDir, 'signing', 'range-ed25519.pem');
    const signer = await openRangeSigner(database.connection, keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // The same file gives the same key at the next start.
    expect((await openRangeSigner(database.connection, keyFile)).keyId).toBe(signer.keyId);
    const loose = join(workDir, 'loose.pem');
    writeFileSync(
      loose,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
      {
        mode: 0o644,
      },
    );
    await expect(openRangeSigner(database.connection, loose)).rejects.toThrow(
      /may be read by others \(mode 644\); make it private with chmod 600/,
    );
    const keys = await listSigningKeys(database.connection);
    expect(JSON.stringify(keys)).not.toContain('PRIVATE KEY');
  });
});

describe('sortie-verify', () => {
  const rangeKey = generateKeyPairSync('ed25519');
  const publicKeyFile = join(workDir, 'range-public.pem');
  writeFileSync(publicKeyFile, rangeKey.publicKey.export({ type: 'spki', format: 'pem' }));

  async function signedReport() {
    const database = await openTestDatabase('verify');
    try {
      const signer = await attachKeyPair(database.connection, rangeKey);
      const input = reportInput('en');
      const signed = signer.sign({
        format: 'sortie-evaluation/2',
        evaluationId: input.evaluation.id,
        evaluationVersion: input.evaluation.version,
        flightId: input.flight.id,
        rawRecordSha256: input.evaluation.rawFramesSha256,
        rawChainHead: null,
        onboardLogs: [],
        plan: {
          id: 'p',
          version: input.evaluation.planVersion,
          name: input.evaluation.planName,
          sha256: 'c'.repeat(64),
        },
        rangeId: null,
        fencesVersion: 1,
        fencesSha256: null,
        overallVerdict: input.evaluation.overallVerdict,
        results: JSON.parse(JSON.stringify(input.evaluation.results)),
        warnings: [],
        software: { name: 'sortie', version: '0.1.0', commit: 'test' },
        evaluatedAt: input.evaluation.createdAt.toISOString(),
      });
      return { input, signed };
    } finally {
      await database.close();
    }
  }

  it('says valid for a signed PDF report and its evaluation.json, offline, with the range key', async () => {
    const { input, signed } = await signedReport();
    const pdfFile = join(workDir, 'report.pdf');
    writeFileSync(
      pdfFile,
      await pdfReport({ ...input, evaluation: { ...input.evaluation, signed } }),
    );
    const jsonFile = join(workDir, 'evaluation.json');
    writeFileSync(jsonFile, JSON.stringify(signed, null, 2));

    for (const file of [pdfFile, jsonFile]) {
      const run = sortieVerify(file, '--key', publicKeyFile);
      expect(run.stdout).toContain(`VALID: evaluation ${input.evaluation.id}`);
      expect(run.status).toBe(0);
    }
    // The report shows the code a person compares; pdftotext reads it back.
    const text = spawnSync('pdftotext', [pdfFile, '-']).stdout.toString();
    expect(text).toContain('Verification code');
    expect(sortieVerify(jsonFile).stdout).toContain('compare');
  });

  it('says invalid, and which field, for a tampered report or evaluation, and exits 1', async () => {
    const { input, signed } = await signedReport();
    const tampered = structuredClone(signed);
    tampered.document.overallVerdict = 'pass';
    const pdfFile = join(workDir, 'tampered.pdf');
    writeFileSync(
      pdfFile,
      await pdfReport({ ...input, evaluation: { ...input.evaluation, signed: tampered } }),
    );
    const run = sortieVerify(pdfFile, '--key', publicKeyFile);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('INVALID');
    expect(run.stdout).toContain('the content of overallVerdict differs from what was signed');

    // Bytes flipped inside the PDF's embedded evaluation: nothing verifiable is left.
    const pdf = await pdfReport({ ...input, evaluation: { ...input.evaluation, signed } });
    const at = pdf.indexOf('/Type /EmbeddedFile');
    const stream = pdf.indexOf('stream', at) + 12;
    pdf[stream] = pdf[stream]! ^ 0xff;
    const flipped = join(workDir, 'flipped.pdf');
    writeFileSync(flipped, pdf);
    expect(sortieVerify(flipped, '--key', publicKeyFile).status).toBe(1);

    const other = join(workDir, 'other.pem');
    writeFileSync(
      other,
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }),
    );
    const wrongKey = sortieVerify(join(workDir, 'report.pdf'), '--key', other);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toMatch(/which is not a key given/);
    expect(sortieVerify(join(workDir, 'missing.pdf')).status).toBe(2);
  });
});

describe('GET /api/signing-keys', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await openApiWorld('signing-keys');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists the public keys to every signed-in user, makers included, and to nobody else', async () => {
    const answer = await request(world.app)
      .get('/api/signing-keys')
      .set('cookie', world.cookies.makerA);
    expect(answer.status).toBe(200);
    expect(answer.body.signingKeys[0]).toMatchObject({ algorithm: 'Ed25519', validUntil: null });
    expect(answer.body.signingKeys[0].publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await request(world.app).get('/api/signing-keys')).status).toBe(401);
  });
});
