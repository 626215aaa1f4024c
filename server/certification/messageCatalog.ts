import type { CriterionOutcome, Verdict } from './criterionResult.js';
import type { Message, MessageParams } from './message.js';

export type MessageLanguage = 'en' | 'ko';
type Template = (p: MessageParams, lang: MessageLanguage) => string;

/** A number as a sentence shows it: integers as they are, else at most two decimals. */
function num(value: string | number | undefined): string {
  if (typeof value !== 'number') return String(value ?? '—');
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}

const VERDICT_WORDS: Record<MessageLanguage, Record<Verdict, string>> = {
  en: {
    pass: 'pass',
    fail: 'fail',
    'not-applicable': 'not-applicable',
    'insufficient-data': 'insufficient-data',
  },
  ko: {
    pass: '합격',
    fail: '불합격',
    'not-applicable': '해당 없음',
    'insufficient-data': '데이터 부족',
  },
};

/** Words that appear as parameters: channels, mode sets, vehicle classes. */
const TERMS: Record<MessageLanguage, Record<string, string>> = {
  en: {},
  ko: {
    position: '위치',
    gps: 'GPS',
    heartbeat: '하트비트',
    attitude: '자세',
    speed: '속도',
    'vertical speed': '수직 속도',
    altRelM: '상대 고도',
    hud: 'VFR_HUD',
    system: 'SYS_STATUS',
    battery: 'BATTERY_STATUS',
    vibration: 'VIBRATION',
    'position-hold': '위치 유지',
    'altitude-hold': '고도 유지',
    rtl: '자동 복귀',
    land: '착륙',
    mission: '임무 비행',
    takeoff: '이륙',
    guided: '유도 비행',
    multicopter: '멀티콥터',
    'fixed-wing': '고정익',
    vtol: '수직이착륙기(VTOL)',
    rover: '지상 로버',
    sub: '수중 드론',
  },
};

/** A channel, mode set or vehicle class (or a comma-separated list of them) in a language. */
export function term(value: string | number | undefined, lang: MessageLanguage): string {
  const text = String(value ?? '');
  return text
    .split(', ')
    .map((part) => TERMS[lang][part] ?? part)
    .join(', ');
}

const EN = {
  'judged-metrics': () => 'nothing to judge',
  'coverage-below-minimum': (p) =>
    `data cover ${num(p.coveragePct)} % of the window (${term(p.channels, 'en')}), below the minimum ${num(p.minPct)} %: the covered part alone would be ${String(p.verdictOfCovered)}`,
  'plan-vehicle-class-mismatch': (p) =>
    `the plan is written for a ${String(p.planClass)} but a ${String(p.flownClass)} flew: its thresholds and windows may not fit`,

  'window-whole-flight': () => 'whole flight',
  'window-airborne': () => 'airborne',
  'window-mode-set': (p) => `${String(p.modeSet)} modes`,
  'window-modes': (p) => `modes ${String(p.modes)}`,
  'window-time-range': (p) => `${num(p.startS)}–${num(p.endS)} s after start`,
  'window-mission-legs': (p) => `mission legs ${num(p.fromSeq)}→${num(p.toSeq)}`,
  'window-hold-segments': (p) => `position-hold segments ≥ ${num(p.minDurationS)} s`,

  'metric-2drms': () => '2DRMS',
  'metric-vertical-max-deviation': () => 'vertical max deviation',
  'metric-horizontal-max-deviation': () => 'horizontal max deviation',
  'metric-rms-altitude-error': () => 'RMS altitude error',
  'metric-max-altitude-error': () => 'max altitude error',
  'metric-rms-cross-track': () => 'RMS cross-track',
  'metric-max-cross-track': () => 'max cross-track',
  'metric-max-sustained-speed': (p) => `max ${num(p.sustainS)} s mean horizontal speed`,
  'metric-max-climb-rate': () => 'max steady climb rate',
  'metric-max-descent-rate': () => 'max steady descent rate',
  'metric-max-altitude': () => 'max altitude above take-off',
  'metric-breaches': () => 'breaches',
  'metric-max-breach-distance': () => 'max breach distance',
  'metric-breach-to-failsafe': () => 'worst time from breach to failsafe mode',
  'metric-time-outside': () => 'time outside',
  'metric-warnings': () => 'warnings',
  'metric-predicted-breaches': () => 'predicted breaches',
  'metric-link-loss-to-failsafe': () => 'worst time from link loss to RTL/LAND',
  'metric-landing-from-home': () => 'landing distance from home',
  'metric-low-battery-to-failsafe': () => 'time from low battery to RTL/LAND',
  'metric-touchdown-charge': () => 'charge at touchdown',
  'metric-airborne-time': () => 'airborne time',
  'metric-max-tilt': () => 'max tilt',
  'metric-rms-tilt-hover': () => 'RMS tilt in hover',
  'metric-max-vibration': (p) => `max vibration ${String(p.axis)}`,
  'metric-clipping-increase': () => 'clipping increase',
  'metric-gnss-good-share': () => 'airborne time with 3-D fix and low HDOP',
  'metric-worst-hdop': () => 'worst HDOP',
  'metric-packet-loss': () => 'packet loss',
  'metric-longest-heartbeat-gap': () => 'longest heartbeat gap',
  'metric-minimum-rssi': () => 'minimum RSSI',
  'metric-loss-range': (p) => `range where loss first exceeds ${num(p.lossPct)} %`,
  'metric-link-losses': (p) => `link losses longer than ${num(p.timeoutS)} s`,
  'metric-distance-at-disarm': () => 'distance at disarm',

  'reason-no-samples': (p) => `no ${String(p.kind)} samples`,
  'reason-no-samples-in-window': (p) => `no ${String(p.channel)} samples in the window`,
  'reason-no-airborne-time': () => 'no airborne time in the window',
  'reason-no-hold-segment': (p) =>
    `no position-hold segment of at least ${num(p.minHoldS)} s to judge`,
  'reason-every-hold-has-gaps': (p) =>
    `every hold segment has gaps in position data longer than ${num(p.maxGapS)} s`,
  'reason-no-level-segment': (p) => `no level segment of at least ${num(p.minSegmentS)} s`,
  'reason-no-continuous-level-segment': () => 'no level segment with continuous altitude data',
  'reason-no-planned-path': () => 'no planned path: fewer than 2 waypoints',
  'reason-too-few-samples': (p) =>
    `only ${num(p.count)} position samples in the window (need ${num(p.minSamples)})`,
  'reason-no-sustained-stretch': (p) =>
    `no ${num(p.sustainS)} s stretch of ${String(p.channel)} data in the window`,
  'reason-no-fences': () => 'no fences given for the range',
  'reason-no-link-loss': (p) =>
    `no link loss while armed in the window: no silence longer than the failsafe timeout of ${num(p.timeoutS)} s`,
  'reason-link-lost-no-modes': () => 'link lost but the flight has no mode timeline',
  'reason-data-end-after-loss': (p) =>
    `the data end ${num(p.delayS)} s after the link loss, before a failsafe could be seen`,
  'reason-switch-undated': () =>
    'the switch to RTL/LAND happened while the ground heard nothing: merge the onboard log to date it',
  'reason-no-battery-data': () => 'no battery data',
  'reason-battery-never-low': (p) =>
    `the battery never reached the low threshold (${num(p.thresholdPct)} %) while armed`,
  'reason-no-pad-no-home': () => 'no landing pad given and no home position',
  'reason-no-disarm-in-window': () => 'no disarm in the window: landing not observed',
  'reason-no-position-before-disarm': (p) => `no position within ${num(p.maxAgeS)} s before disarm`,

  'note-failsafe-timeout-vehicle': (p) =>
    `link loss = silence longer than ${num(p.timeoutS)} s, the vehicle's ${String(p.parameter)}`,
  'note-failsafe-timeout-plan': (p) =>
    `link loss = silence longer than ${num(p.timeoutS)} s, the plan's failsafe timeout (the log holds neither FS_GCS_TIMEOUT nor COM_DL_LOSS_T)`,
  'note-longest-heartbeat-gap': (p) => `longest heartbeat gap ${num(p.gapS)} s`,
  'note-no-failsafe-after-loss': (p) =>
    `no RTL/LAND after the loss at ${String(p.lossAt)} (${num(p.followingS)} s of data follow)`,
  'note-switch-undated': (p) =>
    `already in RTL/LAND when the link came back ${num(p.delayS)} s after the loss at ${String(p.lossAt)}: the switch is not dated`,
  'note-switch-from-onboard-log': (p) =>
    `switch at ${String(p.switchAt)} from the onboard log (sha256 ${String(p.sha256)})`,
  'note-no-disarm-after-loss': () => 'no disarm after the link loss: landing not observed',
  'note-home-unknown': () => 'home position unknown',
  'note-no-position-before-disarm': (p) => `no position within ${num(p.maxAgeS)} s before disarm`,
  'note-loss-from-sys-status': () =>
    'no ground-link counters: loss is the vehicle-side SYS_STATUS drop rate',
  'note-planned-losses-excluded': (p) => `${num(p.count)} planned link-loss span(s) excluded`,
  'note-planned-frames-left-out': (p) =>
    `${num(p.lossPct)} % lost in all; ≈ ${num(p.frames)} frames sent during planned link-loss spans left out`,
  'note-hold-skipped-gap': (p) =>
    `hold at ${String(p.holdAt)} skipped: ${num(p.gapS)} s without position`,
  'note-segment-skipped-gap': (p) => `segment skipped: ${num(p.gapS)} s without position data`,
  'note-limit-is-fence-ceiling': (p) => `limit is the fence ceiling ${num(p.ceilingM)} m`,
  'note-no-disarm-last-charge': () => 'no disarm seen: charge at the last sample',
  'note-no-failsafe-after-low-battery': () => 'no RTL/LAND after the low-battery crossing',
  'note-vibration-good': (p) => `good: every axis below ${num(p.goodBelowMps2)} m/s²`,
  'note-vibration-marginal': (p) =>
    `marginal: ${num(p.valueMps2)} m/s² is above the ${num(p.goodBelowMps2)} m/s² good level`,

  'span-link-lost': () => 'link lost',
  'span-loss-to-failsafe': (p) => `loss → failsafe ${num(p.delayS)} s`,
  'span-loss-to-failsafe-bounded': (p) =>
    `loss → failsafe ≤ ${num(p.delayS)} s (switched during the silence)`,
  'span-longest-heartbeat-gap': () => 'longest heartbeat gap',
  'span-gnss-bad': (p) => `fix ${num(p.fixType)}, HDOP ${num(p.hdop)}`,
  'span-hold': (p) => `hold: 2DRMS ${num(p.twoDrmsM)} m, vertical max ${num(p.verticalM)} m`,
  'span-level-segment': (p) => `level at ${num(p.targetM)} m, max error ${num(p.maxErrorM)} m`,
  'span-fastest-stretch': () => 'fastest sustained stretch',
  'span-steepest-climb': () => 'steepest steady climb',
  'span-steepest-descent': () => 'steepest steady descent',
  'span-breach': (p) => `breach ${num(p.number)}`,
  'span-low-charge': (p) => `charge ${num(p.pct)} % ≤ ${num(p.thresholdPct)} % → failsafe`,
  'span-low-voltage': (p) => `voltage ${num(p.voltageV)} V ≤ ${num(p.thresholdV)} V → failsafe`,
  'span-airborne-spans': (p) => `${num(p.count)} airborne span(s)`,
} satisfies Record<string, Template>;

export type MessageCode = keyof typeof EN;

/** Korean texts: the type makes a code without one a compile error. */
const KO: Record<MessageCode, Template> = {
  'judged-metrics': () => '판정할 지표가 없습니다',
  'coverage-below-minimum': (p, lang) =>
    `데이터가 평가 구간의 ${num(p.coveragePct)} %만 덮습니다(${term(p.channels, lang)}). 최소 ${num(p.minPct)} %에 못 미쳐, 덮인 부분만으로는 ${VERDICT_WORDS.ko[p.verdictOfCovered as Verdict] ?? String(p.verdictOfCovered)}입니다`,
  'plan-vehicle-class-mismatch': (p, lang) =>
    `이 시험 계획은 ${term(p.planClass, lang)}용인데 비행한 기체는 ${term(p.flownClass, lang)}입니다. 기준값과 평가 구간이 맞지 않을 수 있습니다`,

  'window-whole-flight': () => '비행 전체',
  'window-airborne': () => '비행 중(이륙 후)',
  'window-mode-set': (p, lang) => `${term(p.modeSet, lang)} 모드`,
  'window-modes': (p) => `모드 ${String(p.modes)}`,
  'window-time-range': (p) => `시작 후 ${num(p.startS)}–${num(p.endS)}초`,
  'window-mission-legs': (p) => `임무 구간 ${num(p.fromSeq)}→${num(p.toSeq)}`,
  'window-hold-segments': (p) => `${num(p.minDurationS)}초 이상의 위치 유지 구간`,

  'metric-2drms': () => '2DRMS',
  'metric-vertical-max-deviation': () => '수직 최대 편차',
  'metric-horizontal-max-deviation': () => '수평 최대 편차',
  'metric-rms-altitude-error': () => '고도 오차 RMS',
  'metric-max-altitude-error': () => '최대 고도 오차',
  'metric-rms-cross-track': () => '경로 이탈 거리 RMS',
  'metric-max-cross-track': () => '최대 경로 이탈 거리',
  'metric-max-sustained-speed': (p) => `${num(p.sustainS)}초 평균 최대 수평 속도`,
  'metric-max-climb-rate': () => '최대 정상 상승률',
  'metric-max-descent-rate': () => '최대 정상 하강률',
  'metric-max-altitude': () => '이륙 지점 기준 최대 고도',
  'metric-breaches': () => '이탈 횟수',
  'metric-max-breach-distance': () => '최대 이탈 거리',
  'metric-breach-to-failsafe': () => '이탈부터 안전 모드 전환까지 최장 시간',
  'metric-time-outside': () => '구역 밖 체류 시간',
  'metric-warnings': () => '경고 횟수',
  'metric-predicted-breaches': () => '이탈 예측 횟수',
  'metric-link-loss-to-failsafe': () => '통신 두절부터 RTL/LAND 전환까지 최장 시간',
  'metric-landing-from-home': () => '이륙 지점과 착륙 위치 사이 거리',
  'metric-low-battery-to-failsafe': () => '배터리 부족부터 RTL/LAND 전환까지 시간',
  'metric-touchdown-charge': () => '착륙 시 잔량',
  'metric-airborne-time': () => '비행 시간',
  'metric-max-tilt': () => '최대 기울기',
  'metric-rms-tilt-hover': () => '정지비행 중 기울기 RMS',
  'metric-max-vibration': (p) => `${String(p.axis)}축 최대 진동`,
  'metric-clipping-increase': () => '가속도계 포화(클리핑) 증가',
  'metric-gnss-good-share': () => '3차원 측위와 낮은 HDOP를 유지한 비행 시간 비율',
  'metric-worst-hdop': () => '최악 HDOP',
  'metric-packet-loss': () => '패킷 손실률',
  'metric-longest-heartbeat-gap': () => '최장 하트비트 공백',
  'metric-minimum-rssi': () => '최저 RSSI',
  'metric-loss-range': (p) => `손실률이 처음 ${num(p.lossPct)} %를 넘은 거리`,
  'metric-link-losses': (p) => `${num(p.timeoutS)}초보다 긴 통신 두절 횟수`,
  'metric-distance-at-disarm': () => '시동 해제 시 거리',

  'reason-no-samples': (p, lang) => `${term(p.kind, lang)} 표본이 없습니다`,
  'reason-no-samples-in-window': (p, lang) =>
    `평가 구간에 ${term(p.channel, lang)} 표본이 없습니다`,
  'reason-no-airborne-time': () => '평가 구간에 비행 중인 시간이 없습니다',
  'reason-no-hold-segment': (p) => `판정할 ${num(p.minHoldS)}초 이상의 위치 유지 구간이 없습니다`,
  'reason-every-hold-has-gaps': (p) =>
    `모든 위치 유지 구간에 ${num(p.maxGapS)}초보다 긴 위치 데이터 공백이 있습니다`,
  'reason-no-level-segment': (p) => `${num(p.minSegmentS)}초 이상의 수평 비행 구간이 없습니다`,
  'reason-no-continuous-level-segment': () => '고도 데이터가 끊기지 않은 수평 비행 구간이 없습니다',
  'reason-no-planned-path': () => '계획 경로가 없습니다: 경유점이 2개 미만입니다',
  'reason-too-few-samples': (p) =>
    `평가 구간의 위치 표본이 ${num(p.count)}개뿐입니다(필요: ${num(p.minSamples)}개)`,
  'reason-no-sustained-stretch': (p, lang) =>
    `평가 구간에 ${term(p.channel, lang)} 데이터가 ${num(p.sustainS)}초 동안 이어진 부분이 없습니다`,
  'reason-no-fences': () => '시험장에 지오펜스가 지정되지 않았습니다',
  'reason-no-link-loss': (p) =>
    `평가 구간에 시동 중 통신 두절이 없습니다: 안전 기능 시간 제한 ${num(p.timeoutS)}초보다 긴 공백이 없습니다`,
  'reason-link-lost-no-modes': () => '통신이 두절되었으나 비행 모드 기록이 없습니다',
  'reason-data-end-after-loss': (p) =>
    `통신 두절 후 ${num(p.delayS)}초 만에 데이터가 끝나 안전 기능 동작을 확인할 수 없습니다`,
  'reason-switch-undated': () =>
    '지상에서 아무것도 수신하지 못한 동안 RTL/LAND로 전환되었습니다: 기체 내부 로그를 병합하면 전환 시각을 알 수 있습니다',
  'reason-no-battery-data': () => '배터리 데이터가 없습니다',
  'reason-battery-never-low': (p) =>
    `시동 중 배터리가 부족 기준(${num(p.thresholdPct)} %)에 도달하지 않았습니다`,
  'reason-no-pad-no-home': () => '착륙 패드가 지정되지 않았고 이륙 지점도 알 수 없습니다',
  'reason-no-disarm-in-window': () => '평가 구간에 시동 해제가 없어 착륙을 확인할 수 없습니다',
  'reason-no-position-before-disarm': (p) =>
    `시동 해제 전 ${num(p.maxAgeS)}초 이내의 위치가 없습니다`,

  'note-failsafe-timeout-vehicle': (p) =>
    `통신 두절 = ${num(p.timeoutS)}초보다 긴 공백(기체 파라미터 ${String(p.parameter)})`,
  'note-failsafe-timeout-plan': (p) =>
    `통신 두절 = ${num(p.timeoutS)}초보다 긴 공백(시험 계획의 값; 로그에 FS_GCS_TIMEOUT과 COM_DL_LOSS_T가 없음)`,
  'note-longest-heartbeat-gap': (p) => `최장 하트비트 공백 ${num(p.gapS)}초`,
  'note-no-failsafe-after-loss': (p) =>
    `${String(p.lossAt)}의 통신 두절 뒤 RTL/LAND 전환이 없습니다(이후 데이터 ${num(p.followingS)}초)`,
  'note-switch-undated': (p) =>
    `${String(p.lossAt)}의 두절 후 ${num(p.delayS)}초 뒤 통신이 복구되었을 때 이미 RTL/LAND 상태였습니다: 전환 시각 미상`,
  'note-switch-from-onboard-log': (p) =>
    `${String(p.switchAt)} 전환은 기체 내부 로그 기준(sha256 ${String(p.sha256)})`,
  'note-no-disarm-after-loss': () => '통신 두절 후 시동 해제가 없어 착륙을 확인할 수 없습니다',
  'note-home-unknown': () => '이륙 지점을 알 수 없습니다',
  'note-no-position-before-disarm': (p) =>
    `시동 해제 전 ${num(p.maxAgeS)}초 이내의 위치가 없습니다`,
  'note-loss-from-sys-status': () =>
    '지상 링크 계수가 없어 손실률은 기체가 보고한 SYS_STATUS 드롭률입니다',
  'note-planned-losses-excluded': (p) => `계획된 통신 두절 구간 ${num(p.count)}개 제외`,
  'note-planned-frames-left-out': (p) =>
    `전체 손실률 ${num(p.lossPct)} %; 계획된 통신 두절 구간에 보낸 약 ${num(p.frames)}개 프레임 제외`,
  'note-hold-skipped-gap': (p) =>
    `${String(p.holdAt)} 위치 유지 구간 제외: 위치 데이터 ${num(p.gapS)}초 공백`,
  'note-segment-skipped-gap': (p) => `구간 제외: 위치 데이터 ${num(p.gapS)}초 공백`,
  'note-limit-is-fence-ceiling': (p) => `기준값은 지오펜스 상한 ${num(p.ceilingM)} m`,
  'note-no-disarm-last-charge': () => '시동 해제가 없어 마지막 표본의 잔량을 씁니다',
  'note-no-failsafe-after-low-battery': () => '배터리 부족 후 RTL/LAND 전환이 없습니다',
  'note-vibration-good': (p) => `양호: 모든 축이 ${num(p.goodBelowMps2)} m/s² 미만`,
  'note-vibration-marginal': (p) =>
    `주의: ${num(p.valueMps2)} m/s²로 양호 기준 ${num(p.goodBelowMps2)} m/s²를 넘습니다`,

  'span-link-lost': () => '통신 두절',
  'span-loss-to-failsafe': (p) => `두절 → 안전 모드 ${num(p.delayS)}초`,
  'span-loss-to-failsafe-bounded': (p) => `두절 → 안전 모드 ≤ ${num(p.delayS)}초(공백 중 전환)`,
  'span-longest-heartbeat-gap': () => '최장 하트비트 공백',
  'span-gnss-bad': (p) => `측위 ${num(p.fixType)}, HDOP ${num(p.hdop)}`,
  'span-hold': (p) => `위치 유지: 2DRMS ${num(p.twoDrmsM)} m, 수직 최대 ${num(p.verticalM)} m`,
  'span-level-segment': (p) => `고도 ${num(p.targetM)} m 유지, 최대 오차 ${num(p.maxErrorM)} m`,
  'span-fastest-stretch': () => '가장 빠른 지속 구간',
  'span-steepest-climb': () => '가장 가파른 정상 상승',
  'span-steepest-descent': () => '가장 가파른 정상 하강',
  'span-breach': (p) => `이탈 ${num(p.number)}`,
  'span-low-charge': (p) => `잔량 ${num(p.pct)} % ≤ ${num(p.thresholdPct)} % → 안전 모드`,
  'span-low-voltage': (p) => `전압 ${num(p.voltageV)} V ≤ ${num(p.thresholdV)} V → 안전 모드`,
  'span-airborne-spans': (p) => `비행 구간 ${num(p.count)}개`,
};

export const MESSAGE_CATALOG: Record<MessageLanguage, Record<MessageCode, Template>> = {
  en: EN,
  ko: KO,
};

export const MESSAGE_CODES = Object.keys(EN) as MessageCode[];

/** A message in a language; an unknown code (a newer server's) shows as code and parameters. */
export function renderMessage(msg: Message, lang: MessageLanguage): string {
  const template = (MESSAGE_CATALOG[lang] as Record<string, Template | undefined>)[msg.code];
  if (!template) return `${msg.code} ${JSON.stringify(msg.params)}`;
  return template(msg.params, lang);
}

/**
 * A result's reason in a language. The default reason lists the judged metrics, in that
 * language, from the result itself.
 */
export function renderReason(
  result: Pick<CriterionOutcome, 'reasonMessage' | 'metrics' | 'verdict'>,
  lang: MessageLanguage,
): string {
  if (result.reasonMessage.code !== 'judged-metrics')
    return renderMessage(result.reasonMessage, lang);
  const described = result.metrics
    .filter((m) => m.threshold !== null)
    .map((m) => {
      const value =
        m.value === null
          ? lang === 'ko'
            ? '측정 불가'
            : 'not measurable'
          : `${num(m.value)} ${m.unit}`;
      const limit = `${m.limit === 'max' ? '≤' : '≥'} ${num(m.threshold as number)} ${m.unit}`;
      return `${renderMessage(m.nameMessage, lang)} ${value.trim()} (${limit.trim()})`;
    })
    .join('; ');
  return `${VERDICT_WORDS[lang][result.verdict]}: ${described || renderMessage(result.reasonMessage, lang)}`;
}
