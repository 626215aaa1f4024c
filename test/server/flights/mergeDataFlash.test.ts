import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/db/connectDatabase.js';
import { mergeOnboardLog, ONBOARD_LOG_BUCKET } from '../../../server/flights/mergeOnboardLog.js';
import type { HttpError } from '../../../server/http/httpError.js';
import { decodeTlog } from '../../../telemetry/mavlink/decodeTlog.js';
import {
  storeLandedFlight,
  type StoredFlight,
} from '../../certification/store/storedFlightFixture.js';
import { openTestDatabase } from '../../support/testDatabase.js';
import { uploadedLog } from './uploadedLog.js';

const REAL_LOGS = join(import.meta.dirname, '../../../fixtures/real-logs');

/**
 * One SITL copter flight recorded twice (fixtures/NOTICE.md): the ground station's .tlog, stored
 * here as the live record with its raw frames, and the autopilot's own DataFlash .bin.
 */
describe('merging the DataFlash .bin of a SITL flight recorded live as .tlog', () => {
  let database: Database;
  let flight: StoredFlight;

  beforeAll(async () => {
    database = await openTestDatabase('mergeDataFlash');
    const tlog = readFileSync(join(REAL_LOGS, 'sitl-copter-ac41dev-guided-pair.tlog'));
    const decoded = await decodeTlog(join(REAL_LOGS, 'sitl-copter-ac41dev-guided-pair.tlog'));
    const own = (s: { sysId: number; compId: number }) => s.sysId === 1 && s.compId === 1;
    flight = await storeLandedFlight(
      database.connection,
      decoded.samples.filter(own),
      decoded.events.filter(own),
      [tlog],
      { maker: 'SITL', vehicle: 'SITL copter', range: 'SITL range' },
    );
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it('refuses it: the simulator ran slower than the ground’s clock, so no one offset places it', async () => {
    // pymavlink 2.4.50 on the .tlog, SYSTEM_TIME of system 1: record time − time_unix_usec is
    // 39.2 s at the first GPS time and 108.1 s at the end (the vehicle's clock ran at ≈ 0.36×
    // the ground's wall clock), far past the 1 s of drift an offset may absorb.
    const bin = readFileSync(join(REAL_LOGS, 'sitl-copter-ac41dev-guided-pair.bin'));
    const error = (await mergeOnboardLog(
      database.connection,
      flight.flightId,
      uploadedLog(bin),
    ).catch((e: unknown) => e)) as HttpError;
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/clocks drift \d+(\.\d)? s apart over the log \(by GPS time\)/);
    const kept = await database.connection
      .db!.collection(`${ONBOARD_LOG_BUCKET}.files`)
      .countDocuments();
    expect(kept).toBe(0);
  }, 120_000);
});
