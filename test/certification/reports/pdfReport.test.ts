import { describe, expect, it } from 'vitest';
import { pdfReport } from '../../../server/certification/reports/pdf/pdfReport.js';
import { popplerOutput } from './pdfText.js';
import { reportInput } from './reportFixture.js';

/** pdftotext breaks lines where the layout does; compare text with whitespace squeezed out. */
function squeezed(text: string): string {
  return text.replace(/\s+/g, '');
}

describe('PDF report', () => {
  it('writes the Korean report in Korean with the flight, plan, verdicts, events and signature', async () => {
    const input = reportInput('ko');
    const text = await popplerOutput('pdftotext', await pdfReport(input));
    const flat = squeezed(text);
    for (const expected of [
      '인증 시험 성적서',
      '종합 판정',
      '불합격',
      '판정표',
      '최대 수평 속도',
      '지오펜스 준수',
      '데이터 부족',
      '비행 궤적과 지오펜스',
      '이벤트',
      input.flight.rangeName,
      input.flight.vehicleName,
      input.flight.makerName,
      input.flight.vehicleSerial ?? '',
      `${input.evaluation.planName}, 버전 ${input.evaluation.planVersion}`,
      '2026년 11월 20일 10:00:00',
      'Fence breach: zone-east by 3.2 m',
    ]) {
      expect(flat).toContain(squeezed(expected));
    }
    expect(flat).toContain(input.evaluation.signatureSha256);
    expect(flat).toContain(input.evaluation.rawFramesSha256);
    expect(text).not.toContain('Certification test report');
  });

  it('writes the English report in English', async () => {
    const input = reportInput('en');
    const text = await popplerOutput('pdftotext', await pdfReport(input));
    const flat = squeezed(text);
    for (const expected of [
      'Certification test report',
      'Overall verdict',
      'FAIL',
      'Maximum horizontal speed',
      'Geofence containment',
      'Insufficient data',
      'Track and fences',
      `${input.evaluation.planName}, version ${input.evaluation.planVersion}`,
      'Mode LOITER → RTL',
    ]) {
      expect(flat).toContain(squeezed(expected));
    }
    expect(flat).toContain(input.evaluation.signatureSha256);
    expect(text).not.toContain('인증 시험 성적서');
  });

  it('prints the overall verdict it is given, not a fixed one', async () => {
    const input = reportInput('en');
    const passing = reportInput('en', {
      evaluation: {
        ...input.evaluation,
        overallVerdict: 'pass',
        results: input.evaluation.results.filter((r) => r.verdict === 'pass'),
      },
    });
    const text = squeezed(await popplerOutput('pdftotext', await pdfReport(passing)));
    expect(text).toContain('PASS');
    expect(text).not.toContain('FAIL');
    expect(text).not.toContain('Geofencecontainment');
  });

  it('embeds its Hangul font instead of relying on the reader', async () => {
    const fonts = await popplerOutput('pdffonts', await pdfReport(reportInput('ko')));
    const pretendard = fonts.split('\n').filter((line) => line.includes('Pretendard'));
    expect(pretendard.length).toBeGreaterThan(0);
    // pdffonts columns: … emb sub uni …; every Pretendard face is embedded as a subset.
    for (const line of pretendard) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
  });

  it('numbers every page with the total page count', async () => {
    const pdf = await pdfReport(reportInput('en'));
    const info = await popplerOutput('pdfinfo', pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    const text = await popplerOutput('pdftotext', pdf);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).not.toContain(`Page ${pages + 1} of`);
  });

  it('still renders a flight without position samples or fences', async () => {
    const input = reportInput('en');
    const { position: _position, ...withoutPosition } = input.flightData.series;
    const bare = reportInput('en', {
      flightData: { ...input.flightData, series: withoutPosition },
      fences: null,
    });
    const text = squeezed(await popplerOutput('pdftotext', await pdfReport(bare)));
    expect(text).toContain(squeezed('The flight has no position samples.'));
  });
});
