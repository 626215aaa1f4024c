import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiKey } from '../../../server/auth/apiKeys.js';
import { PROJECT_ROOT } from '../../../server/config.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { batchLogDb } from '../../../server/store/ingest/ingestCollections.js';
import { runCli } from '../../ground-link/support/runCli.js';
import {
  freePort,
  startSortieServer,
  type RunningServer,
} from '../../ground-link/support/sortieServer.js';
import { tempDirForFile } from '../../ground-link/support/tempDir.js';
import { openTestDatabase } from '../../support/testDatabase.js';

/**
 * Real logs replayed by the real ground-link (`sortie-link replay --speed max`) into the real
 * server: the flight list must hold exactly the flights flown. Expected flights come from
 * pymavlink (scripts/pymavlink/arm_cycles.py: the armed bit of base_mode in the HEARTBEATs of
 * each vehicle's autopilot component, at the .tlog's own timestamps), grouped as Sortie groups
 * them: a disarm followed by a re-arm within SORTIE_FLIGHT_ARM_GRACE_S (the default, 10 s) is
 * one flight. Replayed frames keep their .tlog timestamps, so times are compared to the
 * millisecond, the flight list's resolution.
 */
const ARM_GRACE_S = 10;
/** Shorter than the default 60 s so the test sees the silent close; longer than the grace. */
const LINK_SILENT_TIMEOUT_S = 15;
const TIME_TOLERANCE_MS = 1;
const ARM_CYCLES_SCRIPT = join(PROJECT_ROOT, 'scripts/pymavlink/arm_cycles.py');
const REAL_LOGS = join(PROJECT_ROOT, 'fixtures/real-logs');
const ADMIN = { email: 'admin@range.test', password: 'real logs replayed' };

interface ArmCycle {
  armedUs: number;
  disarmedUs: number | null;
}
interface ExpectedFlight {
  sysId: number;
  armedAtMs: number;
  /** The last disarm of the flight; null when the log ends armed. */
  disarmedAtMs: number | null;
}
interface ListedFlight {
  id: string;
  linkId: string;
  sysId: number;
  status: string;
  startedAt: string;
  armedAt: string | null;
  disarmedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
}

/** Arm cycles by pymavlink, grouped into flights by the arm grace. */
function expectedFlights(tlog: string): ExpectedFlight[] {
  const run = spawnSync('python3', [ARM_CYCLES_SCRIPT, tlog], { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(
      `pymavlink could not read ${tlog} (run \`pip install -r test/requirements.txt\`): ` +
        (run.error?.message ?? run.stderr),
    );
  }
  const bySystem = JSON.parse(run.stdout) as Record<string, ArmCycle[]>;
  const flights: ExpectedFlight[] = [];
  for (const [sysId, cycles] of Object.entries(bySystem)) {
    let current: { armedUs: number; disarmedUs: number | null } | null = null;
    for (const cycle of cycles) {
      const bounce =
        current?.disarmedUs != null && cycle.armedUs - current.disarmedUs <= ARM_GRACE_S * 1e6;
      if (current && bounce) {
        current.disarmedUs = cycle.disarmedUs;
        continue;
      }
      if (current) flights.push(toExpected(Number(sysId), current));
      current = { ...cycle };
    }
    if (current) flights.push(toExpected(Number(sysId), current));
  }
  return flights.sort((a, b) => a.armedAtMs - b.armedAtMs);
}

function toExpected(sysId: number, cycle: ArmCycle): ExpectedFlight {
  return {
    sysId,
    armedAtMs: Math.floor(cycle.armedUs / 1000),
    disarmedAtMs: cycle.disarmedUs === null ? null : Math.floor(cycle.disarmedUs / 1000),
  };
}

const LOGS = [
  // Five flights of seven arm cycles (two re-arms within the grace), a reboot between
  // flights, a SiK radio and a GCS in the stream; the vehicle stays on after the last landing.
  { file: 'copter-ac32-sik-radio-gcs-badcrc-mavlink1.tlog', linkId: 'real-ac32' },
  // An ROV with five components under one system id; one short arm/disarm.
  { file: 'ardusub-ac41-qgc-five-components-mavlink2.tlog', linkId: 'real-ardusub' },
  // Ends while armed: the flight stays live until the link's silence closes it.
  { file: 'sitl-copter-ac41dev-guided-pair.tlog', linkId: 'real-sitl' },
] as const;

const dir = tempDirForFile('real-log-flights');
let database: Database;
let server: RunningServer;
let cookie = '';

beforeAll(async () => {
  database = await openTestDatabase('realLogFlights');
  server = await startSortieServer({
    mongodbUri: inject('databaseServerUri'),
    dbName: database.connection.name,
    port: await freePort(),
    env: {
      SORTIE_ADMIN_EMAIL: ADMIN.email,
      SORTIE_ADMIN_PASSWORD: ADMIN.password,
      SORTIE_LINK_SILENT_TIMEOUT_S: String(LINK_SILENT_TIMEOUT_S),
    },
  });
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(login.status).toBe(200);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { key } = await createApiKey(database.connection, { name: 'replay', rangeId: null });
  // One after the other, as a range would upload them; the last one ends armed.
  for (const log of LOGS) {
    const replay = await runCli([
      'replay',
      join(REAL_LOGS, log.file),
      '--speed',
      'max',
      '--server',
      server.url,
      '--key',
      key,
      '--link-id',
      log.linkId,
      '--spool',
      join(dir, log.linkId),
    ]);
    expect(replay.code, replay.stderr).toBe(0);
  }
}, 240_000);

afterAll(async () => {
  await server?.stop('SIGTERM');
  await batchLogDb(database.connection.db!).dropDatabase();
  await database.close();
});

async function listedFlights(linkId: string): Promise<ListedFlight[]> {
  const response = await fetch(`${server.url}/api/flights?limit=100`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const { flights } = (await response.json()) as { flights: ListedFlight[] };
  return flights
    .filter((flight) => flight.linkId === linkId)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** Polls the flight list until every flight of the link has landed. */
async function landedFlights(linkId: string, timeoutMs: number): Promise<ListedFlight[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const flights = await listedFlights(linkId);
    if (flights.length > 0 && flights.every((flight) => flight.status === 'landed')) {
      return flights;
    }
    if (Date.now() > deadline) return flights;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

describe('real logs replayed into the server', () => {
  it.each(LOGS)(
    'lists exactly the flights pymavlink finds in $file',
    async ({ file, linkId }) => {
      const expected = expectedFlights(join(REAL_LOGS, file));
      expect(expected.length).toBeGreaterThan(0);
      // Flights that end armed close on the link's silence; the rest at the grace.
      const flights = await landedFlights(linkId, (LINK_SILENT_TIMEOUT_S + 20) * 1000);

      expect(flights.map((f) => f.status)).toEqual(expected.map(() => 'landed'));
      flights.forEach((flight, i) => {
        const want = expected[i]!;
        expect(flight.sysId).toBe(want.sysId);
        expect(Math.abs(ms(flight.armedAt)! - want.armedAtMs)).toBeLessThanOrEqual(
          TIME_TOLERANCE_MS,
        );
        // The pre-flight part comes before the arming, and after the last flight's grace.
        expect(ms(flight.startedAt)!).toBeLessThanOrEqual(ms(flight.armedAt)!);
        const previous = expected[i - 1];
        if (previous?.disarmedAtMs != null) {
          expect(ms(flight.startedAt)!).toBeGreaterThan(previous.disarmedAtMs + ARM_GRACE_S * 1000);
        }
        if (want.disarmedAtMs === null) {
          expect(flight.endReason).toBe('link-silent');
          expect(flight.disarmedAt).toBeNull();
        } else {
          expect(flight.endReason).toBe('disarm');
          for (const end of [flight.disarmedAt, flight.endedAt]) {
            expect(Math.abs(ms(end)! - want.disarmedAtMs)).toBeLessThanOrEqual(TIME_TOLERANCE_MS);
          }
        }
      });
    },
    60_000,
  );
});
