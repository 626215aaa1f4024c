import type { LocalPoint } from './geo.js';

/**
 * The test profile every vehicle flies: take-off, a position hold long enough for a hover
 * accuracy check, a square path, a climb to the ceiling, the way home and a landing.
 * Takes about four minutes of simulated time.
 */
export const FLIGHT_PROFILE = {
  preflightS: 5,
  /** Motors spin up this long after arming before the vehicle leaves the ground. */
  spinUpS: 1,
  takeoffAltRelM: 20,
  holdS: 60,
  squareSideM: 80,
  /** The square lies north of home so it never passes over the other vehicles' pads. */
  squareNearEdgeNorthM: 20,
  ceilingAltRelM: 60,
  cruiseSpeedMps: 4,
  returnSpeedMps: 5,
  climbRateMps: 2,
  descentRateMps: 1.5,
  /** PX4 MPC_LAND_SPEED-like: the last metres are slow. */
  finalDescentRateMps: 0.7,
  finalDescentBelowM: 8,
  /** PX4 RTL_RETURN_ALT-like. */
  rtlReturnAltRelM: 40,
  waypointReachedM: 1.5,
  /** PX4 COM_DISARM_LAND: disarm this long after touchdown. */
  disarmAfterLandingS: 2,
  /** Spacing of the vehicles' take-off pads [m]. */
  padSpacingM: 5,
  /** 16 per row keeps even 255 vehicles' squares inside the ±150 m range fence. */
  padsPerRow: 16,
} as const;

/** Take-off pad of the vehicle at `index` among `count`, in a grid centred on the origin. */
export function padPosition(index: number, count: number): LocalPoint {
  const columns = Math.min(count, FLIGHT_PROFILE.padsPerRow);
  const rows = Math.ceil(count / FLIGHT_PROFILE.padsPerRow);
  const column = index % FLIGHT_PROFILE.padsPerRow;
  const row = Math.floor(index / FLIGHT_PROFILE.padsPerRow);
  return {
    eastM: (column - (columns - 1) / 2) * FLIGHT_PROFILE.padSpacingM,
    northM: ((rows - 1) / 2 - row) * FLIGHT_PROFILE.padSpacingM,
    upM: 0,
  };
}

/** Mission waypoints after the hold: the square, the climb, the way home (then LAND). */
export function missionWaypoints(home: LocalPoint): LocalPoint[] {
  const halfSideM = FLIGHT_PROFILE.squareSideM / 2;
  const nearM = FLIGHT_PROFILE.squareNearEdgeNorthM;
  const farM = nearM + FLIGHT_PROFILE.squareSideM;
  const cruiseUpM = FLIGHT_PROFILE.takeoffAltRelM;
  const at = (eastM: number, northM: number, upM: number): LocalPoint => ({
    eastM: home.eastM + eastM,
    northM: home.northM + northM,
    upM,
  });
  return [
    at(-halfSideM, nearM, cruiseUpM),
    at(halfSideM, nearM, cruiseUpM),
    at(halfSideM, farM, cruiseUpM),
    at(-halfSideM, farM, cruiseUpM),
    at(-halfSideM, nearM, cruiseUpM),
    at(-halfSideM, nearM, FLIGHT_PROFILE.ceilingAltRelM),
    at(0, 0, FLIGHT_PROFILE.ceilingAltRelM),
  ];
}
