import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import {
  cachedReport,
  REPORT_CACHE_BUCKET,
} from '../../../server/store/certification/reportCache.js';
import { seededRandom } from '../syntheticFlight.js';
import { openTestDatabase } from '../../support/testDatabase.js';

/** Bytes from a fixed seed: several GridFS chunks' worth, so the chunk edges are crossed. */
function reportBytes(length: number, seed: number): Buffer {
  const random = seededRandom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

describe('report cache', () => {
  let database: Database;
  const db = () => database.connection.db!;

  beforeAll(async () => {
    database = await openTestDatabase('reportCache');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('renders a report once and serves the same bytes on the next download', async () => {
    const pdf = reportBytes(600 * 1024 + 17, 1);
    let renders = 0;
    const render = async () => {
      renders++;
      return pdf;
    };
    const key = { evaluationId: 'e1', file: 'report.pdf', lang: 'ko' };
    const first = await cachedReport(db(), key, render);
    const second = await cachedReport(db(), key, render);
    expect(renders).toBe(1);
    expect(first.equals(pdf)).toBe(true);
    expect(second.equals(pdf)).toBe(true);
  });

  it('keeps each language and file of an evaluation apart', async () => {
    const render = (text: string) => async () => text;
    const ko = await cachedReport(
      db(),
      { evaluationId: 'e2', file: 'report.pdf', lang: 'ko' },
      render('한국어'),
    );
    const en = await cachedReport(
      db(),
      { evaluationId: 'e2', file: 'report.pdf', lang: 'en' },
      render('English'),
    );
    const kml = await cachedReport(
      db(),
      { evaluationId: 'e2', file: 'track.kml', lang: 'en' },
      render('<kml/>'),
    );
    const again = await cachedReport(
      db(),
      { evaluationId: 'e2', file: 'report.pdf', lang: 'ko' },
      render('changed'),
    );
    expect([ko, en, kml, again].map((b) => b.toString('utf8'))).toEqual([
      '한국어',
      'English',
      '<kml/>',
      '한국어',
    ]);
  });

  it('stores one copy when two downloads of a new report render at once', async () => {
    const key = { evaluationId: 'e3', file: 'report.csv', lang: 'en' };
    const results = await Promise.all(
      [11, 12, 13].map((seed) =>
        cachedReport(db(), key, async () => reportBytes(300 * 1024, seed)),
      ),
    );
    // Each download gets a whole report of its own render; the cache keeps exactly one of them.
    const stored = await cachedReport(db(), key, async () => Buffer.from('not rendered again'));
    expect(results.some((bytes) => bytes.equals(stored))).toBe(true);
    const files = await db()
      .collection(`${REPORT_CACHE_BUCKET}.files`)
      .find({ 'metadata.evaluationId': 'e3' })
      .toArray();
    expect(files).toHaveLength(1);
    const chunks = await db()
      .collection(`${REPORT_CACHE_BUCKET}.chunks`)
      .find({ files_id: files[0]!._id })
      .toArray();
    expect(chunks).toHaveLength(2);
  });

  it('drops the oldest reports beyond its bound', async () => {
    const at = (n: number) => ({ evaluationId: `bound${n}`, file: 'verdicts.csv', lang: 'en' });
    for (let n = 0; n < 4; n++) {
      await cachedReport(db(), at(n), async () => `report ${n}`, { maxReports: 2 });
    }
    let renders = 0;
    const oldest = await cachedReport(db(), at(0), async () => (renders++, 'report 0 again'), {
      maxReports: 100,
    });
    const newest = await cachedReport(db(), at(3), async () => (renders++, 'report 3 again'), {
      maxReports: 100,
    });
    expect(oldest.toString()).toBe('report 0 again');
    expect(newest.toString()).toBe('report 3');
    expect(renders).toBe(1);
    const keys = await db().collection(`${REPORT_CACHE_BUCKET}.keys`).countDocuments();
    expect(keys).toBeLessThanOrEqual(3);
  });
});
