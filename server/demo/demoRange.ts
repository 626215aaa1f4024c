import type { RangeFencesInput } from '../certification/fences/rangeFences.js';

/**
 * The demonstration range around the simulator's origin (ground-link/simulator: 36.3725° N,
 * 127.3628° E): the simulator's own 300 m inclusion square with its 100 m ceiling, so its
 * fence-breach scenario breaks the same fence here, and an exclusion zone in the south-east
 * corner, away from the simulated missions (they fly north of the pads).
 */
export const DEMO_RANGE_NAME = 'Demo range';

export const DEMO_ORIGIN = { latDeg: 36.3725, lonDeg: 127.3628, altMslM: 60 } as const;

/** Metres per degree at the origin, flat-earth: the range is a few hundred metres across. */
const M_PER_DEG_LAT = 110_540;
const M_PER_DEG_LON = 111_320 * Math.cos((DEMO_ORIGIN.latDeg * Math.PI) / 180);

function at(eastM: number, northM: number): { latDeg: number; lonDeg: number } {
  const round = (deg: number) => Math.round(deg * 1e7) / 1e7;
  return {
    latDeg: round(DEMO_ORIGIN.latDeg + northM / M_PER_DEG_LAT),
    lonDeg: round(DEMO_ORIGIN.lonDeg + eastM / M_PER_DEG_LON),
  };
}

function square(centreEastM: number, centreNorthM: number, halfSideM: number) {
  return [
    at(centreEastM - halfSideM, centreNorthM - halfSideM),
    at(centreEastM + halfSideM, centreNorthM - halfSideM),
    at(centreEastM + halfSideM, centreNorthM + halfSideM),
    at(centreEastM - halfSideM, centreNorthM + halfSideM),
  ];
}

export const DEMO_FENCES: RangeFencesInput = {
  zones: [
    {
      id: 'demo-boundary',
      name: 'Range boundary',
      role: 'inclusion',
      shape: 'polygon',
      vertices: square(0, 0, 150),
    },
    {
      id: 'demo-no-fly',
      name: 'Control tower (no-fly)',
      role: 'exclusion',
      shape: 'polygon',
      vertices: square(95, -95, 25),
    },
  ],
  floorM: -10,
  ceilingM: 100,
  marginM: 2,
};

/** The vehicles the simulator flies (system ids 1–3) and whose they are. */
export const DEMO_MAKERS = [
  {
    name: 'Hanbit Aero',
    contactEmail: 'cert@hanbit-aero.example',
    vehicles: [{ sysId: 1, name: 'HA-400 #1', serial: 'HA400-0001', model: 'HA-400' }],
  },
  {
    name: 'Mirae Drones',
    contactEmail: 'test@mirae-drones.example',
    vehicles: [
      { sysId: 2, name: 'MD-Quad #7', serial: 'MDQ-0007', model: 'MD-Quad' },
      { sysId: 3, name: 'MD-Quad #8', serial: 'MDQ-0008', model: 'MD-Quad' },
    ],
  },
] as const;

/** Demo sign-ins; the maker user belongs to the first maker. */
export const DEMO_USERS = [
  { email: 'admin@demo.sortie', name: 'Demo admin', role: 'admin' },
  { email: 'operator@demo.sortie', name: 'Range operator', role: 'operator' },
  { email: 'engineer@demo.sortie', name: 'Certification engineer', role: 'engineer' },
  { email: 'maker@demo.sortie', name: 'Hanbit Aero engineer', role: 'maker' },
] as const;

/**
 * What the demo ground-link runs: three vehicles, one breaking the north boundary about 35 s in
 * (the simulator at twice real time), the others flying their missions and landing about two
 * minutes in, so their evaluations appear within minutes.
 */
export const DEMO_GROUND_LINK_ARGS = [
  'simulate',
  '--vehicles',
  '3',
  '--scenario',
  'fence-breach',
  '--speed',
  '2',
];
