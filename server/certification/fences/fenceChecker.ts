import type { LatLon } from '../localProjection.js';
import {
  CEILING_ID,
  FLOOR_ID,
  type FencePosition,
  type FenceState,
  type FenceStatus,
} from './fenceStatus.js';
import { prepareFences, type PreparedFences, type PreparedZone } from './preparedFences.js';
import type { RangeFences } from './rangeFences.js';
import { distanceToBoundingBoxM, newZoneClearance, zoneClearance } from './zoneClearance.js';

/** One boundary's clearance and inward normal (x east, y north, z up) at the checked position. */
interface Constraint {
  id: string;
  clearanceM: number;
  normalX: number;
  normalY: number;
  normalZ: number;
}

/**
 * Checks positions against a range's fences: inside / warning / breach, breach distance and the
 * predicted time to breach. Built once per range, then `check` runs on every position sample.
 *
 * Allowed region = (inclusions, intersected or united) minus exclusions, between floor and ceiling.
 * Its signed clearance is the minimum over the boundaries; with united inclusions the inclusion
 * part is the best single zone, a lower bound of the clearance to the union's boundary.
 */
export class FenceChecker {
  readonly fences: RangeFences;
  private readonly prepared: PreparedFences;
  private readonly scratch = newZoneClearance();
  /** Reused per check: one slot per zone plus floor and ceiling, so a check allocates little. */
  private readonly pool: Constraint[];
  private used = 0;
  private readonly deferred: { zone: PreparedZone; lowerBoundM: number }[] = [];

  constructor(fences: RangeFences, origin?: LatLon) {
    this.fences = fences;
    this.prepared = prepareFences(fences, origin);
    this.pool = Array.from({ length: fences.zones.length + 2 }, () => constraint('', 0, 0, 0, 0));
  }

  check(position: FencePosition): FenceStatus {
    const { projection, inclusions, exclusions } = this.prepared;
    const { marginM, reactionTimeS, brakingDecelerationMps2 } = this.fences;
    const x = projection.eastM(position.lonDeg);
    const y = projection.northM(position.latDeg);
    const hasVelocity = position.vnMps !== null && position.veMps !== null;
    const velocityX = position.veMps ?? 0;
    const velocityY = position.vnMps ?? 0;
    const velocityZ = position.vdMps === null ? 0 : -position.vdMps;
    const speedMps = Math.sqrt(
      velocityX * velocityX + velocityY * velocityY + velocityZ * velocityZ,
    );
    // Beyond this clearance no boundary can raise a warning or a predicted breach.
    const lookAheadM =
      marginM + speedMps * reactionTimeS + (speedMps * speedMps) / (2 * brakingDecelerationMps2);

    this.used = 0;
    const constraints = this.pool;
    const breachedIds: string[] = [];
    this.addInclusions(inclusions, x, y, breachedIds);

    const deferred = this.deferred;
    deferred.length = 0;
    for (const zone of exclusions) {
      if (zone.shape === 'polygon') {
        const lowerBoundM = distanceToBoundingBoxM(zone, x, y);
        if (lowerBoundM > lookAheadM) {
          deferred.push({ zone, lowerBoundM });
          continue;
        }
      }
      this.zoneConstraint(zone, x, y);
    }
    if (position.altRelM !== null) {
      if (this.fences.floorM !== null) {
        this.take(FLOOR_ID, position.altRelM - this.fences.floorM, 0, 0, 1);
      }
      if (this.fences.ceilingM !== null) {
        this.take(CEILING_ID, this.fences.ceilingM - position.altRelM, 0, 0, -1);
      }
    }

    let binding: Constraint | null = null;
    for (let k = 0; k < this.used; k++) {
      const item = constraints[k] as Constraint;
      if (binding === null || item.clearanceM < binding.clearanceM) binding = item;
    }
    // A far exclusion may still be the nearest boundary when nothing else is near: measure it then.
    for (const { zone, lowerBoundM } of deferred) {
      if (binding === null || lowerBoundM < binding.clearanceM) {
        const exact = this.zoneConstraint(zone, x, y);
        if (binding === null || exact.clearanceM < binding.clearanceM) binding = exact;
      }
    }
    for (let k = 0; k < this.used; k++) {
      const item = constraints[k] as Constraint;
      if (item.clearanceM < 0 && !breachedIds.includes(item.id)) breachedIds.push(item.id);
    }

    if (binding === null) {
      return {
        state: 'inside',
        clearanceM: null,
        breachDistanceM: 0,
        boundaryId: null,
        breachedIds: [],
        timeToBreachS: null,
        timeToBreachBoundaryId: null,
        predictedBreach: false,
      };
    }
    const clearanceM = binding.clearanceM;
    const boundaryId = binding.id;
    const state: FenceState =
      clearanceM < 0 ? 'breach' : clearanceM < marginM ? 'warning' : 'inside';

    let timeToBreachS: number | null = null;
    let timeToBreachBoundaryId: string | null = null;
    let predictedBreach = false;
    if (state === 'breach') {
      timeToBreachS = 0;
      timeToBreachBoundaryId = boundaryId;
    } else if (hasVelocity) {
      for (let k = 0; k < this.used; k++) {
        const item = constraints[k] as Constraint;
        const closingMps = -(
          velocityX * item.normalX +
          velocityY * item.normalY +
          velocityZ * item.normalZ
        );
        if (closingMps <= 0) continue;
        const timeS = item.clearanceM / closingMps;
        const stoppingTimeS = closingMps / (2 * brakingDecelerationMps2);
        if (timeS < reactionTimeS + stoppingTimeS) predictedBreach = true;
        if (timeToBreachS === null || timeS < timeToBreachS) {
          timeToBreachS = timeS;
          timeToBreachBoundaryId = item.id;
        }
      }
    }
    return {
      state,
      clearanceM,
      breachDistanceM: Math.max(0, -clearanceM),
      boundaryId,
      breachedIds,
      timeToBreachS,
      timeToBreachBoundaryId,
      predictedBreach,
    };
  }

  private addInclusions(inclusions: PreparedZone[], x: number, y: number, breachedIds: string[]) {
    if (inclusions.length === 0) return;
    if (this.fences.inclusionCombine === 'intersection') {
      for (const zone of inclusions) this.zoneConstraint(zone, x, y);
      return;
    }
    // Union: keep only the zone the vehicle is deepest in (or nearest to).
    const slot = this.used;
    let best: Constraint | null = null;
    for (const zone of inclusions) {
      this.used = slot;
      const item = this.zoneConstraint(zone, x, y);
      if (best === null || item.clearanceM > best.clearanceM) {
        best = constraint(item.id, item.clearanceM, item.normalX, item.normalY, item.normalZ);
      }
    }
    this.used = slot;
    if (best === null) return;
    this.take(best.id, best.clearanceM, best.normalX, best.normalY, best.normalZ);
    // Outside the union means outside every inclusion zone: all of them are breached.
    if (best.clearanceM < 0) breachedIds.push(...inclusions.map((zone) => zone.id));
  }

  private zoneConstraint(zone: PreparedZone, x: number, y: number): Constraint {
    zoneClearance(zone, x, y, this.scratch);
    return this.take(
      zone.id,
      this.scratch.clearanceM,
      this.scratch.normalX,
      this.scratch.normalY,
      0,
    );
  }

  private take(
    id: string,
    clearanceM: number,
    normalX: number,
    normalY: number,
    normalZ: number,
  ): Constraint {
    const item = this.pool[this.used++] as Constraint;
    item.id = id;
    item.clearanceM = clearanceM;
    item.normalX = normalX;
    item.normalY = normalY;
    item.normalZ = normalZ;
    return item;
  }
}

function constraint(
  id: string,
  clearanceM: number,
  normalX: number,
  normalY: number,
  normalZ: number,
): Constraint {
  return { id, clearanceM, normalX, normalY, normalZ };
}
