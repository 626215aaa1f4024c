import { EntityId } from '../../../server/store/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flightAccessFor } from '../../../server/access/flightAccess.js';
import type { SessionUser } from '../../../server/auth/sessionUser.js';
import type { Database } from '../../../server/db/connectDatabase.js';
import { HttpError } from '../../../server/http/httpError.js';
import { getModels } from '../../../server/store/models/models.js';
import { openTestDatabase } from '../../support/testDatabase.js';

function user(role: SessionUser['role'], makerId: string | null = null): SessionUser {
  return {
    id: new EntityId().toHexString(),
    email: `${role}@x.kr`,
    name: role,
    role,
    makerId,
  };
}

describe('flight access', () => {
  let database: Database;
  let makerA: string;
  let makerB: string;
  let flightA: string;
  let flightB: string;
  let rangeId: string;

  beforeAll(async () => {
    database = await openTestDatabase('flightAccess');
    const { Flight, Maker, Range, Vehicle } = getModels(database.connection);
    const range = await Range.create({ name: 'R', origin: { latDeg: 36, lonDeg: 127 } });
    rangeId = range._id.toHexString();
    const flightIds: string[] = [];
    for (const name of ['A', 'B']) {
      const maker = await Maker.create({ name });
      const vehicle = await Vehicle.create({ name, serial: name, makerId: maker._id });
      const flight = await Flight.create({
        vehicleId: vehicle._id,
        makerId: maker._id,
        rangeId: range._id,
        linkId: 'l',
        sysId: 1,
        compId: 1,
        startedAt: new Date(),
        lastHeardAt: new Date(),
      });
      flightIds.push(flight._id.toHexString());
    }
    [flightA, flightB] = flightIds as [string, string];
    const makers = await Maker.find().sort({ name: 1 }).lean();
    [makerA, makerB] = makers.map((m) => m._id.toHexString()) as [string, string];
  });
  afterAll(async () => {
    await database?.close();
  });

  async function visibleIds(who: SessionUser): Promise<string[]> {
    const { Flight } = getModels(database.connection);
    const flights = await Flight.find(
      flightAccessFor(database.connection, who).visibleFlightsFilter(),
    )
      .sort({ _id: 1 })
      .lean();
    return flights.map((f) => f._id.toHexString());
  }

  it('lists only its own flights to a maker', async () => {
    expect(await visibleIds(user('maker', makerA))).toEqual([flightA]);
    expect(await visibleIds(user('maker', makerB))).toEqual([flightB]);
  });

  it('lists every flight to operators, engineers and admins', async () => {
    for (const role of ['operator', 'engineer', 'admin'] as const) {
      expect(await visibleIds(user(role))).toEqual([flightA, flightB].sort());
    }
  });

  it('shows no flight to a maker user without an organisation', async () => {
    expect(await visibleIds(user('maker', null))).toEqual([]);
  });

  it("hides maker A's flight from maker B as 404, the same answer as a missing flight", async () => {
    const access = flightAccessFor(database.connection, user('maker', makerB));

    const hidden = await access.getFlight(flightA).catch((e: unknown) => e);
    const missing = await access.getFlight(new EntityId().toHexString()).catch((e) => e);

    expect(hidden).toBeInstanceOf(HttpError);
    expect((hidden as HttpError).status).toBe(404);
    expect((missing as HttpError).status).toBe(404);
    expect(await access.canSeeFlight(flightA)).toBe(false);
    expect(await access.canSeeFlight(flightB)).toBe(true);
    expect((await access.getFlight(flightB))._id.toHexString()).toBe(flightB);
  });

  it('answers 404 for an id that is not an ObjectId instead of failing', async () => {
    const access = flightAccessFor(database.connection, user('admin'));

    expect(await access.canSeeFlight('nope')).toBe(false);
    expect(((await access.getFlight('{"$ne":1}').catch((e) => e)) as HttpError).status).toBe(404);
  });

  it('lets operators into a range room but not makers', async () => {
    expect(await flightAccessFor(database.connection, user('operator')).canSeeRange(rangeId)).toBe(
      true,
    );
    expect(
      await flightAccessFor(database.connection, user('maker', makerA)).canSeeRange(rangeId),
    ).toBe(false);
    expect(
      await flightAccessFor(database.connection, user('admin')).canSeeRange(
        new EntityId().toHexString(),
      ),
    ).toBe(false);
  });
});
