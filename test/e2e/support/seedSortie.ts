import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../server/config.js';
import { DEFAULT_ORIGIN } from '../../../ground-link/simulator/index.js';
import { defaultRangeFence } from '../../../ground-link/simulator/rangeFence.js';
import { ApiSession } from './apiSession.js';
import { waitFor } from './waitFor.js';

export interface Person {
  email: string;
  password: string;
}

export interface SeededSortie {
  admin: ApiSession;
  rangeId: string;
  makerAId: string;
  makerBId: string;
  linkKey: string;
  /** The default certification plan (fixtures/test-plans/default.json). */
  planId: string;
  operator: Person;
  engineer: Person;
  makerA: Person;
  makerB: Person;
}

/** The simulated vehicles' system ids: 1 and 2 belong to maker A, 3 to maker B. */
export const SIMULATED_VEHICLES = [
  { sysId: 1, name: 'Alpha-1', maker: 'A' },
  { sysId: 2, name: 'Alpha-2', maker: 'A' },
  { sysId: 3, name: 'Bravo-3', maker: 'B' },
] as const;

/**
 * Sets Sortie up through its REST API as an admin would: two makers, the simulator's range with
 * the simulator's own fence, the three simulated vehicles, one user per role and a ground-link key.
 */
export async function seedSortie(
  url: string,
  adminEmail: string,
  adminPassword: string,
): Promise<SeededSortie> {
  // The first admin is created just after the server starts listening.
  const admin = await waitFor(
    'the first admin to exist',
    () => ApiSession.login(url, adminEmail, adminPassword),
    30_000,
    250,
  );
  const makerA = await admin.post<{ id: string }>('/api/makers', { name: 'Aero Alpha' });
  const makerB = await admin.post<{ id: string }>('/api/makers', { name: 'Bravo Drones' });

  const fence = defaultRangeFence(DEFAULT_ORIGIN);
  const range = await admin.post<{ id: string }>('/api/ranges', {
    name: 'Simulator range',
    timeZone: 'Asia/Seoul',
    origin: DEFAULT_ORIGIN,
    fences: {
      zones: [
        {
          id: fence.id,
          name: fence.name,
          role: 'inclusion',
          shape: 'polygon',
          vertices: fence.ringLonLat.slice(0, -1).map(([lonDeg, latDeg]) => ({ latDeg, lonDeg })),
        },
      ],
      floorM: fence.floorRelM,
      ceilingM: fence.ceilingRelM,
      marginM: fence.marginM,
    },
  });

  for (const vehicle of SIMULATED_VEHICLES) {
    await admin.post('/api/vehicles', {
      name: vehicle.name,
      serial: `SIM-${vehicle.sysId}`,
      model: 'Simulated quad',
      makerId: vehicle.maker === 'A' ? makerA.id : makerB.id,
      rangeId: range.id,
      sysId: vehicle.sysId,
    });
  }

  const password = 'e2e-password-123';
  const person = async (role: string, email: string, makerId: string | null): Promise<Person> => {
    await admin.post('/api/users', {
      email,
      name: `${role} ${email.split('@')[0]}`,
      role,
      makerId,
      password,
    });
    return { email, password };
  };
  const key = await admin.post<{ key: string }>('/api/api-keys', {
    name: 'Simulator link',
    rangeId: range.id,
  });

  // The server stores the default plans at its first start (fixtures/test-plans/).
  const { id: defaultPlanKey } = JSON.parse(
    readFileSync(join(PROJECT_ROOT, 'fixtures', 'test-plans', 'default.json'), 'utf8'),
  ) as { id: string };
  const { testPlans } = await admin.get<{ testPlans: { planId: string; key: string }[] }>(
    '/api/test-plans',
  );
  const createdPlan = testPlans.find((plan) => plan.key === defaultPlanKey);
  if (!createdPlan) throw new Error('the server did not store the default test plan');

  return {
    admin,
    planId: createdPlan.planId,
    rangeId: range.id,
    makerAId: makerA.id,
    makerBId: makerB.id,
    linkKey: key.key,
    operator: await person('operator', 'operator@e2e.sortie.test', null),
    engineer: await person('engineer', 'engineer@e2e.sortie.test', null),
    makerA: await person('maker', 'maker-a@e2e.sortie.test', makerA.id),
    makerB: await person('maker', 'maker-b@e2e.sortie.test', makerB.id),
  };
}
