/**
 * Shapes of the API answers the client reads. They follow the server's route schemas; fields the
 * client does not use are left out.
 */
export type Role = 'admin' | 'operator' | 'engineer' | 'maker';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  makerId: string | null;
}

/** GET /api/me: the user and what their role may do (server/auth/permissions.ts). */
export interface MeAnswer {
  user: SessionUser;
  permissions: string[];
}

export interface Me extends SessionUser {
  permissions: ReadonlySet<string>;
}

export type Verdict = 'pass' | 'fail' | 'incomplete';
export type FlightStatus = 'live' | 'landed' | 'evaluated';

export interface BoundingBox {
  minLatDeg: number;
  minLonDeg: number;
  maxLatDeg: number;
  maxLonDeg: number;
}

export interface FlightSummary {
  durationS: number;
  distanceM: number;
  maxAltRelM: number | null;
  maxGroundSpeedMps: number | null;
  boundingBox: BoundingBox | null;
  sampleCounts?: Record<string, number>;
  eventCount?: number;
  linkLossPct: number | null;
}

export interface Flight {
  id: string;
  vehicleId: string;
  makerId: string | null;
  rangeId: string | null;
  testPlanId: string | null;
  vehicleName: string;
  makerName: string;
  testPlanName?: string | null;
  sysId: number;
  status: FlightStatus;
  source: 'live' | 'import';
  startedAt: string;
  armedAt: string | null;
  endedAt: string | null;
  summary: FlightSummary;
  verdict: Verdict | null;
}

export interface FlightPage {
  flights: Flight[];
  nextCursor: string | null;
}

/** GET /api/flights/:id/series: one shared or per-channel time axis, values in channel units. */
export interface SeriesAnswer {
  channels: Record<string, { tUs: number[]; values: (number | null)[] }>;
}

export interface FenceVertex {
  latDeg: number;
  lonDeg: number;
}

export type FenceZone =
  | {
      id: string;
      name?: string;
      role: 'inclusion' | 'exclusion';
      shape: 'polygon';
      vertices: FenceVertex[];
    }
  | {
      id: string;
      name?: string;
      role: 'inclusion' | 'exclusion';
      shape: 'circle';
      center: FenceVertex;
      radiusM: number;
    };

export interface RangeFences {
  zones: FenceZone[];
  floorM?: number | null;
  ceilingM?: number | null;
  marginM?: number;
}

export interface Range {
  id: string;
  name: string;
  timeZone: string;
  origin: { latDeg: number; lonDeg: number; altMslM?: number };
  fences: RangeFences | null;
}
