import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { hashPassword } from '../auth/passwords.js';
import { validateRangeFences } from '../certification/fences/validateRangeFences.js';
import { getCertificationModels } from '../store/models/certificationModels.js';
import { getModels } from '../store/models/models.js';
import { DEMO_FENCES, DEMO_MAKERS, DEMO_ORIGIN, DEMO_RANGE_NAME, DEMO_USERS } from './demoRange.js';

/** A demo sign-in, with the password set at this start. */
export interface DemoLogin {
  email: string;
  role: string;
  password: string;
}

/** The seeded multicopter plan (fixtures/test-plans/default.json): the demo's drones are quads. */
const DEMO_PLAN_KEY = 'default';

/**
 * Lays out the demonstration: the demo range and its fences, two makers with the simulator's
 * vehicles (each with the default plan, so its flights are evaluated when they land) and one
 * user per role. Safe to run at every demo start: what exists is kept (an admin's fence edits
 * included), except the demo users' passwords, which are new each time and returned to be
 * printed once.
 */
export async function seedDemo(connection: Connection): Promise<DemoLogin[]> {
  const { Range, Maker, Vehicle, User } = getModels(connection);
  const planId = await demoPlanId(connection);

  let range = await Range.findOne({ name: DEMO_RANGE_NAME }).lean();
  if (!range) {
    const created = await Range.create({
      name: DEMO_RANGE_NAME,
      timeZone: 'Asia/Seoul',
      origin: DEMO_ORIGIN,
      fences: validateRangeFences(DEMO_FENCES),
      fencesVersion: 1,
    });
    range = created.toObject();
  }

  const makerIds = new Map<string, unknown>();
  for (const maker of DEMO_MAKERS) {
    const doc = await Maker.findOneAndUpdate(
      { name: maker.name },
      { $setOnInsert: { name: maker.name, contactEmail: maker.contactEmail } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    makerIds.set(maker.name, doc._id);
    for (const vehicle of maker.vehicles) {
      await Vehicle.updateOne(
        { serial: vehicle.serial },
        {
          $setOnInsert: {
            ...vehicle,
            makerId: doc._id,
            rangeId: range._id,
            defaultTestPlanId: planId,
          },
        },
        { upsert: true },
      );
    }
  }

  const logins: DemoLogin[] = [];
  for (const user of DEMO_USERS) {
    const password = randomBytes(9).toString('base64url');
    const makerId = user.role === 'maker' ? makerIds.get(DEMO_MAKERS[0].name) : null;
    await User.updateOne(
      { email: user.email },
      {
        $set: {
          passwordHash: await hashPassword(password),
          disabled: false,
          role: user.role,
          makerId,
        },
        $setOnInsert: { email: user.email, name: user.name },
      },
      { upsert: true },
    );
    logins.push({ email: user.email, role: user.role, password });
  }
  return logins;
}

/** The plan the demo vehicles are evaluated against: the seeded multicopter plan. */
async function demoPlanId(connection: Connection): Promise<unknown> {
  const { TestPlan } = getCertificationModels(connection);
  const plan = await TestPlan.findOne({ key: DEMO_PLAN_KEY }, { _id: 1 }).lean();
  if (!plan) throw new Error(`The default test plan "${DEMO_PLAN_KEY}" is not seeded.`);
  return plan._id;
}
