import { createHash } from 'node:crypto';
import { TlogRecordSplitter } from '../../../telemetry/tlog/tlogRecordSplitter.js';
import type { TlogRecord } from '../../../telemetry/tlog/tlogRecord.js';
import type { Db } from '../driver.js';
import {
  CRITERIA_PARAM_NAMES,
  decodeParamValue,
  PARAM_VALUE_ID,
} from '../../certification/vehicleParams.js';
import { rawPieceChunks } from './rawPieceChunks.js';

/** SHA-256 of an empty input: a flight with no raw frames stored. */
export const EMPTY_SHA256 = createHash('sha256').digest('hex');

export interface RawRecordScan {
  /** SHA-256 of the raw .tlog bytes, hex (what the evaluation signs). */
  rawFramesSha256: string;
  /** The criteria's vehicle parameters the vehicle sent in PARAM_VALUE, last value heard. */
  vehicleParams: Record<string, number>;
}

const WANTED = new Set<string>(CRITERIA_PARAM_NAMES);

/**
 * One pass over the flight's raw record: its hash and the few vehicle parameters the criteria
 * read (a ground station's parameter download passes through the ground-link, so PARAM_VALUE
 * frames are in the record even though telemetry keeps no samples of them).
 */
export async function scanRawRecord(
  db: Db,
  flightId: string,
  rawPieceCount: number,
  sysId: number,
): Promise<RawRecordScan> {
  const hash = createHash('sha256');
  const splitter = new TlogRecordSplitter();
  const vehicleParams: Record<string, number> = {};
  const onRecord = ({ frame }: TlogRecord) => {
    if (frame.msgId !== PARAM_VALUE_ID || frame.sysId !== sysId) return;
    const param = decodeParamValue(frame);
    if (param && WANTED.has(param.name)) vehicleParams[param.name] = param.value;
  };
  for await (const chunk of rawPieceChunks(db, flightId, rawPieceCount)) {
    hash.update(chunk);
    splitter.push(chunk, onRecord);
  }
  splitter.finish(onRecord);
  return { rawFramesSha256: hash.digest('hex'), vehicleParams };
}
