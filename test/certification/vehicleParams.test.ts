import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeParamValue } from '../../server/certification/vehicleParams.js';
import { TlogRecordSplitter } from '../../telemetry/tlog/tlogRecordSplitter.js';

/** PARAM_VALUE frames as pymavlink encodes them (realLogs/param_value_record.py). */
function decodedRecord(args: string[]) {
  const run = spawnSync('python3', [
    join(import.meta.dirname, 'realLogs/param_value_record.py'),
    ...args,
  ]);
  if (run.status !== 0) throw new Error(`pymavlink failed: ${String(run.stderr)}`);
  const found: ReturnType<typeof decodeParamValue>[] = [];
  const splitter = new TlogRecordSplitter();
  splitter.push(new Uint8Array(run.stdout), ({ frame }) => found.push(decodeParamValue(frame)));
  splitter.finish(() => undefined);
  return found;
}

describe('PARAM_VALUE', () => {
  it("reads ArduPilot's FS_GCS_TIMEOUT, a float", () => {
    expect(decodedRecord(['FS_GCS_TIMEOUT', '2.5', '1000000'])).toEqual([
      { name: 'FS_GCS_TIMEOUT', value: 2.5 },
    ]);
  });

  it("reads PX4's COM_DL_LOSS_T, an int32 copied byte for byte into the float field", () => {
    expect(decodedRecord(['COM_DL_LOSS_T', '10', '1000000', 'px4-int32'])).toEqual([
      { name: 'COM_DL_LOSS_T', value: 10 },
    ]);
  });
});
