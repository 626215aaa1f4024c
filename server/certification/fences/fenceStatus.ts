/** What one position check against a range's fences finds. */
export type FenceState = 'inside' | 'warning' | 'breach';

/** The floor and ceiling are boundaries too; they get these ids in statuses and events. */
export const FLOOR_ID = 'floor';
export const CEILING_ID = 'ceiling';

export interface FencePosition {
  latDeg: number;
  lonDeg: number;
  /** Altitude above home [m]; null leaves the floor and ceiling unchecked. */
  altRelM: number | null;
  /** Velocity north, east, down [m/s]; null leaves the predicted breach unchecked. */
  vnMps: number | null;
  veMps: number | null;
  vdMps: number | null;
}

export interface FenceStatus {
  state: FenceState;
  /**
   * Signed distance to the nearest boundary of the allowed region [m]: positive inside, negative
   * beyond it; null when the range has no fence that applies.
   */
  clearanceM: number | null;
  /** How far beyond the boundary the vehicle is [m]; 0 unless in breach. Polygons included. */
  breachDistanceM: number;
  /** Zone id (or 'floor' / 'ceiling') of the nearest or most violated boundary. */
  boundaryId: string | null;
  /** Every zone id (or 'floor' / 'ceiling') the vehicle is beyond. */
  breachedIds: string[];
  /**
   * Time to reach a boundary at the current closing speed along its normal [s]; null when none
   * is being approached. 0 when already beyond one. Exclusions the bounding-box prefilter found
   * too far to matter (beyond margin + reaction and braking distance) are left out.
   */
  timeToBreachS: number | null;
  /** Zone id the time to breach refers to. */
  timeToBreachBoundaryId: string | null;
  /** True when the time to breach is below reaction time + stopping time. */
  predictedBreach: boolean;
}
