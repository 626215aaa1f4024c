import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signEvidence,
  verificationCode,
  type EvaluationEvidence,
} from '../../../telemetry/evidence/signedEvaluation.js';
import { csvField } from '../../../server/certification/reports/csvFormat.js';
import {
  MAX_HELD_VALUE_AGE_S,
  samplesCsv,
} from '../../../server/certification/reports/samplesCsv.js';
import { verdictsCsv } from '../../../server/certification/reports/verdictsCsv.js';
import { flightDataFromSamples } from '../../../server/certification/flightData.js';
import { DURATION_S, POSITION_HZ, START_US, reportInput, result, sample } from './reportFixture.js';

/** A minimal RFC 4180 reader for checking what we wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('samples CSV', () => {
  const input = reportInput('en');
  const rows = parseCsv(samplesCsv(input.flightData));
  const header = rows[0] ?? [];
  const column = (name: string) => header.indexOf(name);

  it('names every column with its unit', () => {
    expect(header.slice(0, 4)).toEqual([
      'Time (UTC)',
      'Time since start (s)',
      'Flight mode',
      'Armed',
    ]);
    for (const name of [
      'Latitude (deg)',
      'Altitude above home (m)',
      'Ground speed (m/s)',
      'Battery voltage (V)',
    ]) {
      expect(header).toContain(name);
    }
  });

  it('writes one row per position sample with the mode and the latest value of slower channels', () => {
    expect(rows).toHaveLength(1 + DURATION_S * POSITION_HZ + 1);
    const at60s = rows.find((row) => row[column('Time since start (s)')] === '60.2');
    expect(at60s?.[column('Time (UTC)')]).toBe('2026-11-20T01:01:00.200Z');
    expect(at60s?.[column('Flight mode')]).toBe('LOITER');
    expect(at60s?.[column('Altitude above home (m)')]).toBe('20');
    // Battery is sent at 1 Hz: at 60.2 s the row holds the 60 s value.
    expect(Number(at60s?.[column('Battery voltage (V)')])).toBeCloseTo(16.8 - 60 * 0.01, 2);
    expect(rows.at(-1)?.[column('Flight mode')]).toBe('LAND');
  });

  it('leaves a cell empty rather than repeating a value older than the hold limit', () => {
    const staleUs = START_US + (MAX_HELD_VALUE_AGE_S + 1) * 1e6;
    const data = flightDataFromSamples(
      [
        sample('system', START_US, { voltageV: 12.5 }),
        sample('position', START_US, { latDeg: 1, lonDeg: 2 }),
        sample('position', staleUs, { latDeg: 1, lonDeg: 2 }),
      ],
      [],
    );
    const [head, fresh, stale] = parseCsv(samplesCsv(data));
    const voltage = head?.indexOf('Battery voltage (V)') ?? -1;
    expect(fresh?.[voltage]).toBe('12.5');
    expect(stale?.[voltage]).toBe('');
  });
});

describe('verdicts CSV', () => {
  /** The table under the file's `# label: value` preamble. */
  const tableOf = (text: string) => parseCsv(text).filter((row) => !row[0]?.startsWith('# '));

  it('writes one row per plan item, with the requirement it tests, and quotes fields with commas and quotes', () => {
    const input = reportInput('en');
    const tricky = {
      ...result('a,b', 'max-speed', 'fail', 25, 19, 'm/s'),
      requirement: { id: 'KIAST-MR-07', text: 'Max speed, as declared' },
      reason: 'fail: "max, sustained" 25 m/s',
    };
    const rows = tableOf(
      verdictsCsv({ ...input.evaluation, results: [...input.evaluation.results, tricky] }),
    );
    expect(rows[0]).toEqual([
      'Item',
      'Requirement',
      'Requirement text',
      'Criterion',
      'Verdict',
      'Measured',
      'Threshold',
      'Unit',
      'Threshold source',
      'Window',
      'Reason',
    ]);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[4]])).toEqual([
      ['speed', '', 'pass'],
      ['fence', '', 'fail'],
      ['vibe', '', 'insufficient-data'],
      ['a,b', 'KIAST-MR-07', 'fail'],
    ]);
    expect(rows[4]?.[2]).toBe('Max speed, as declared');
    expect(rows[4]?.[10]).toBe('fail: "max, sustained" 25 m/s');
    expect(rows[3]?.[5]).toBe('');
  });

  it('heads the file with the evaluation it belongs to and its signature', () => {
    const input = reportInput('en');
    const unsigned = verdictsCsv(input.evaluation).split('\r\n');
    expect(unsigned.slice(0, 2)).toEqual([
      `# Sortie evaluation: ${input.evaluation.id}`,
      '# Signature: none: stored before evaluations were signed',
    ]);
    const keys = generateKeyPairSync('ed25519');
    const signed = signEvidence(
      { evaluationId: input.evaluation.id } as EvaluationEvidence,
      keys.privateKey,
      keys.publicKey,
    );
    const lines = verdictsCsv({ ...input.evaluation, signed }).split('\r\n');
    expect(lines).toContain(`# Signed with range key (Ed25519): ${signed.keyId}`);
    expect(lines).toContain(`# Signature: ${signed.signature}`);
    expect(lines).toContain(`# Verification code: ${verificationCode(signed)}`);
    // The samples CSV carries the same head when exported with its evaluation.
    const samples = samplesCsv(input.flightData, { ...input.evaluation, signed }).split('\r\n');
    expect(samples.slice(0, 5)).toEqual(lines.slice(0, 5));
  });

  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(Number.NaN)).toBe('');
  });
});
