import type { SignedEvaluation } from '../../../telemetry/evidence/signedEvaluation.js';
import type { CriterionResult } from '../criterionResult.js';
import type { RangeFences } from '../fences/rangeFences.js';
import type { FlightData } from '../flightData.js';
import type { Message } from '../message.js';

export type ReportLanguage = 'ko' | 'en';
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['ko', 'en'];

/** pass: every judged item passed; fail: one failed; incomplete: none failed, one could not be judged. */
export type OverallVerdict = 'pass' | 'fail' | 'incomplete';

/** What a report says about the flight, already joined with its vehicle, maker and range. */
export interface ReportFlight {
  id: string;
  vehicleName: string;
  vehicleSerial: string | null;
  vehicleModel: string | null;
  makerName: string;
  rangeName: string;
  /** IANA zone the range reads its clocks in; report times are written in it. */
  rangeTimeZone: string;
  sysId: number;
  startedAt: Date;
  endedAt: Date | null;
}

/** A stored, signed evaluation as a report prints it. */
export interface ReportEvaluation {
  id: string;
  /** 1 for the flight's first evaluation, n+1 for each re-evaluation. */
  version: number;
  planName: string;
  planVersion: number;
  createdAt: Date;
  overallVerdict: OverallVerdict;
  results: CriterionResult[];
  /** Said before any result: a plan written for another vehicle class … */
  warnings: Message[];
  /** SHA-256 of the flight's raw MAVLink bytes (the .tlog), hex. */
  rawFramesSha256: string;
  /** SHA-256 over the raw-frame hash, the plan version and the results, hex. */
  signatureSha256: string;
  /** The range's signature over the evidence; null for an evaluation stored unsigned. */
  signed: SignedEvaluation | null;
}

/** Everything a report generator needs; generators are pure functions of it. */
export interface ReportInput {
  flight: ReportFlight;
  evaluation: ReportEvaluation;
  flightData: FlightData;
  fences: RangeFences | null;
  lang: ReportLanguage;
}
