import type { Verdict } from '../criterionResult.js';
import type { OverallVerdict, ReportLanguage } from './reportInput.js';

/** Every fixed word a report prints, in both languages; data (names, reasons) is printed as stored. */
export interface ReportText {
  title: string;
  range: string;
  vehicle: string;
  serial: string;
  model: string;
  maker: string;
  plan: string;
  version: string;
  flightDate: string;
  evaluatedAt: string;
  evaluationVersion: string;
  overallVerdict: string;
  verdictTable: string;
  item: string;
  criterion: string;
  verdict: string;
  measured: string;
  threshold: string;
  thresholdSource: string;
  window: string;
  reason: string;
  metric: string;
  worstSample: string;
  spans: string;
  notes: string;
  samples: string;
  coverage: string;
  coverageValue: (pct: string, channels: string, minPct: string | null) => string;
  warnings: string;
  noPlotData: string;
  track: string;
  noTrack: string;
  legend: string;
  fenceInclusion: string;
  fenceExclusion: string;
  home: string;
  events: string;
  noEvents: string;
  moreEvents: (count: number) => string;
  time: string;
  type: string;
  message: string;
  signature: string;
  rawFramesSha256: string;
  signatureSha256: string;
  signingKey: string;
  verificationCode: string;
  unsigned: string;
  signatureExplanation: string;
  page: (n: number, total: number) => string;
  verdicts: Record<Verdict, string>;
  overall: Record<OverallVerdict, string>;
  thresholdSources: Record<'declared' | 'range' | 'default', string>;
  criteria: Record<string, string>;
}

const EN: ReportText = {
  title: 'Certification test report',
  range: 'Range',
  vehicle: 'Vehicle',
  serial: 'Serial',
  model: 'Model',
  maker: 'Maker',
  plan: 'Test plan',
  version: 'version',
  flightDate: 'Flight',
  evaluatedAt: 'Evaluated',
  evaluationVersion: 'Evaluation',
  overallVerdict: 'Overall verdict',
  verdictTable: 'Verdicts',
  item: 'Item',
  criterion: 'Criterion',
  verdict: 'Verdict',
  measured: 'Measured',
  threshold: 'Threshold',
  thresholdSource: 'Threshold source',
  window: 'Window',
  reason: 'Reason',
  metric: 'Metric',
  worstSample: 'Worst sample',
  spans: 'Time spans',
  notes: 'Notes',
  samples: 'Samples',
  coverage: 'Data coverage',
  coverageValue: (pct, channels, minPct) =>
    `${pct} of the window (${channels})${minPct === null ? '' : `, minimum ${minPct}`}`,
  warnings: 'Warnings',
  noPlotData: 'No samples of this channel in the flight.',
  track: 'Track and fences',
  noTrack: 'The flight has no position samples.',
  legend: 'Flight modes',
  fenceInclusion: 'Inclusion fence',
  fenceExclusion: 'Exclusion fence',
  home: 'Home',
  events: 'Events',
  noEvents: 'No events were recorded.',
  moreEvents: (count) => `… and ${count} more events (see the GeoJSON or KML export).`,
  time: 'Time',
  type: 'Type',
  message: 'Message',
  signature: 'Signature',
  rawFramesSha256: 'Raw MAVLink frames (.tlog), SHA-256',
  signatureSha256: 'Evaluation content hash, SHA-256',
  signingKey: 'Signed with range key (Ed25519)',
  verificationCode: 'Verification code',
  unsigned: 'Stored before evaluations were signed: no range signature.',
  signatureExplanation:
    'This PDF carries its signed evaluation as an attachment (evaluation.json): the raw-record hash, the plan version, the fences version, every result, the software version and the time, signed with the range key. Anyone can check it without the server: npx sortie-verify report.pdf --key range-key.pem (the range publishes its keys at /api/signing-keys). The content hash is the SHA-256 over the raw-frame hash, the plan version and the results; re-evaluating makes a new evaluation version.',
  page: (n, total) => `Page ${n} of ${total}`,
  verdicts: {
    pass: 'Pass',
    fail: 'Fail',
    'not-applicable': 'Not applicable',
    'insufficient-data': 'Insufficient data',
  },
  overall: { pass: 'PASS', fail: 'FAIL', incomplete: 'INCOMPLETE' },
  thresholdSources: { declared: 'declared by maker', range: 'range', default: 'default' },
  criteria: {
    'hover-accuracy': 'Fixed-point hover',
    'altitude-hold': 'Altitude hold',
    'path-tracking': 'Path tracking',
    'max-speed': 'Maximum horizontal speed',
    'climb-rate': 'Maximum climb and descent rate',
    'height-ceiling': 'Height limit',
    geofence: 'Geofence containment',
    'link-loss-rth': 'Failsafe on link loss',
    'low-battery': 'Low-battery failsafe',
    endurance: 'Flight time',
    'attitude-stability': 'Maximum tilt and hover stability',
    vibration: 'Vibration health',
    'gnss-quality': 'GNSS quality',
    'link-integrity': 'Telemetry link integrity',
    'landing-accuracy': 'Landing accuracy',
  },
};

const KO: ReportText = {
  title: '인증 시험 성적서',
  range: '시험장',
  vehicle: '기체',
  serial: '일련번호',
  model: '모델',
  maker: '제조사',
  plan: '시험 계획',
  version: '버전',
  flightDate: '비행 일시',
  evaluatedAt: '평가 일시',
  evaluationVersion: '평가 버전',
  overallVerdict: '종합 판정',
  verdictTable: '판정표',
  item: '항목',
  criterion: '평가 기준',
  verdict: '판정',
  measured: '측정값',
  threshold: '기준값',
  thresholdSource: '기준값 출처',
  window: '평가 구간',
  reason: '판정 근거',
  metric: '지표',
  worstSample: '최악 표본',
  spans: '시간 구간',
  notes: '비고',
  samples: '표본 수',
  coverage: '데이터 포함률',
  coverageValue: (pct, channels, minPct) =>
    `평가 구간의 ${pct}(${channels})${minPct === null ? '' : `, 최소 ${minPct}`}`,
  warnings: '경고',
  noPlotData: '이 비행에는 해당 채널의 표본이 없습니다.',
  track: '비행 궤적과 지오펜스',
  noTrack: '이 비행에는 위치 표본이 없습니다.',
  legend: '비행 모드',
  fenceInclusion: '허용 구역',
  fenceExclusion: '금지 구역',
  home: '이륙 지점',
  events: '이벤트',
  noEvents: '기록된 이벤트가 없습니다.',
  moreEvents: (count) => `… 외 ${count}건 (GeoJSON 또는 KML 내보내기 참조).`,
  time: '시각',
  type: '유형',
  message: '내용',
  signature: '서명',
  rawFramesSha256: '원본 MAVLink 프레임(.tlog) SHA-256',
  signatureSha256: '평가 내용 해시 SHA-256',
  signingKey: '레인지 서명 키(Ed25519)',
  verificationCode: '검증 코드',
  unsigned: '평가 서명 도입 이전에 저장된 평가로, 레인지 서명이 없습니다.',
  signatureExplanation:
    '이 PDF에는 서명된 평가(evaluation.json)가 첨부되어 있습니다. 원본 기록 해시, 시험 계획 버전, 지오펜스 버전, 모든 결과, 소프트웨어 버전과 시각을 레인지 키로 서명한 것입니다. 누구나 서버 없이 검증할 수 있습니다: npx sortie-verify report.pdf --key range-key.pem (레인지의 공개 키는 /api/signing-keys 에 게시됩니다). 내용 해시는 원본 프레임 해시, 시험 계획 버전, 결과에 대한 SHA-256이며, 재평가하면 새 평가 버전이 만들어집니다.',
  page: (n, total) => `${total}쪽 중 ${n}쪽`,
  verdicts: {
    pass: '합격',
    fail: '불합격',
    'not-applicable': '해당 없음',
    'insufficient-data': '데이터 부족',
  },
  overall: { pass: '합격', fail: '불합격', incomplete: '판정 보류' },
  thresholdSources: { declared: '제조사 신고값', range: '시험장 기준', default: '기본값' },
  criteria: {
    'hover-accuracy': '정지비행 정확도',
    'altitude-hold': '고도유지',
    'path-tracking': '경로비행',
    'max-speed': '최대 수평 속도',
    'climb-rate': '최대 상승·하강률',
    'height-ceiling': '고도 제한',
    geofence: '지오펜스 준수',
    'link-loss-rth': '통신 두절 시 자동 복귀',
    'low-battery': '저전압 안전 기능',
    endurance: '비행 시간',
    'attitude-stability': '최대 기울기와 자세 안정성',
    vibration: '진동',
    'gnss-quality': 'GNSS 품질',
    'link-integrity': '텔레메트리 링크 품질',
    'landing-accuracy': '착륙 정확도',
  },
};

export function reportText(lang: ReportLanguage): ReportText {
  return lang === 'ko' ? KO : EN;
}

/** A criterion's title in the report's language, its id when the id is one we do not know. */
export function criterionTitle(text: ReportText, criterionId: string): string {
  return text.criteria[criterionId] ?? criterionId;
}

/** Date and time on the range's clock, in the report's language, with the zone named. */
export function formatDateTime(date: Date, lang: ReportLanguage, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${formatted} (${timeZone})`;
}

/** "T+12.3 s": flight time as the plots and tables show it. */
export function formatFlightTime(tUs: number, startUs: number): string {
  return `T+${((tUs - startUs) / 1e6).toFixed(1)} s`;
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—';
  const text = Number.isInteger(value)
    ? String(value)
    : value.toFixed(Math.abs(value) >= 100 ? 1 : 2);
  return unit ? `${text} ${unit}` : text;
}
