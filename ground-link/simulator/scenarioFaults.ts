import { SEVERITY, type Autopilot } from './autopilot.js';
import { FLIGHT_PROFILE } from './flightProfile.js';
import type { LocalPoint } from './geo.js';
import type { InjectedFault } from './groundTruth.js';
import { distanceOutsideFenceM, type RangeFence } from './rangeFence.js';
import { SCENARIO_TIMING, type ScenarioName } from './scenarios.js';

const US_PER_S = 1_000_000;

/** A half-open window of simulated time [startUs, endUs). */
interface TimeWindow {
  startUs: number;
  endUs: number;
}

/** What the faults need to see of the vehicle after each physics step. */
export interface FaultObservation {
  tUs: number;
  previousTUs: number;
  previousPosition: LocalPoint;
  position: LocalPoint;
  previousRemainingPct: number;
  remainingPct: number;
  /** Reboots the autopilot; returns its boot time [ms] just before. */
  reboot: (tUs: number, backUpUs: number) => number;
}

/**
 * Injects one scenario's faults into one vehicle at the scenario's times and records them
 * as ground truth. Vehicles flying clean get a ScenarioFaults for 'clean', which does nothing.
 */
export class ScenarioFaults {
  readonly faults: InjectedFault[] = [];
  private linkSilence: TimeWindow | null = null;
  private rebootSilence: TimeWindow | null = null;
  private gpsLoss: TimeWindow | null = null;
  private pendingFailsafe: { atUs: number; text: string; severity: number } | null = null;

  constructor(
    readonly scenario: ScenarioName,
    private readonly startUs: number,
    private readonly autopilot: Autopilot,
    private readonly fence: RangeFence,
  ) {}

  /** False while the ground cannot hear the vehicle (frames are sent but lost). */
  linkUp(tUs: number): boolean {
    return !inside(this.linkSilence, tUs);
  }

  /** False while the autopilot reboots (nothing is sent at all). */
  autopilotRunning(tUs: number): boolean {
    return !inside(this.rebootSilence, tUs);
  }

  gpsFixLost(tUs: number): boolean {
    return inside(this.gpsLoss, tUs);
  }

  update(observation: FaultObservation): void {
    switch (this.scenario) {
      case 'clean':
        return;
      case 'reboot':
        this.updateReboot(observation);
        break;
      case 'gps-loss':
        this.updateGpsLoss(observation.tUs);
        break;
      case 'link-loss':
        this.updateLinkLoss(observation.tUs);
        break;
      case 'fence-breach':
        this.updateFenceBreach(observation);
        break;
      case 'low-battery':
        this.updateLowBattery(observation);
        break;
    }
    this.firePendingFailsafe(observation.tUs);
  }

  private updateReboot(observation: FaultObservation): void {
    const { tUs } = observation;
    if (this.faults.length > 0 || this.autopilot.phase !== 'preflight') return;
    if (tUs < this.startUs + SCENARIO_TIMING.rebootAfterStartS * US_PER_S) return;
    const backUpUs = tUs + SCENARIO_TIMING.rebootSilenceS * US_PER_S;
    this.rebootSilence = { startUs: tUs, endUs: backUpUs };
    const bootMsBefore = observation.reboot(tUs, backUpUs);
    // The pilot runs the pre-flight wait again once the autopilot is back.
    this.autopilot.postponeArming(backUpUs + FLIGHT_PROFILE.preflightS * US_PER_S);
    this.faults.push({
      kind: 'reboot',
      startUs: tUs,
      endUs: null,
      bootMsBefore,
      bootMsAfter: null,
    });
  }

  /** Called by the vehicle when its first frame after the reboot goes out. */
  noteBackUp(tUs: number, bootMs: number): void {
    const fault = this.faults[0];
    if (fault?.kind === 'reboot' && fault.endUs === null) {
      fault.endUs = tUs;
      fault.bootMsAfter = bootMs;
    }
  }

  private updateGpsLoss(tUs: number): void {
    const missionStartUs = this.autopilot.phaseStartUs.mission;
    if (this.faults.length > 0 || missionStartUs === undefined) return;
    const lossUs = missionStartUs + SCENARIO_TIMING.gpsLossAfterMissionStartS * US_PER_S;
    if (tUs < lossUs) return;
    const endUs = tUs + SCENARIO_TIMING.gpsLossDurationS * US_PER_S;
    this.gpsLoss = { startUs: tUs, endUs };
    this.faults.push({ kind: 'gps-loss', startUs: tUs, endUs, fixTypeDuringLoss: 1 });
    this.announce(tUs, SEVERITY.WARNING, 'GPS fix lost');
    this.announce(endUs, SEVERITY.NOTICE, 'GPS fix regained');
  }

  private updateLinkLoss(tUs: number): void {
    const missionStartUs = this.autopilot.phaseStartUs.mission;
    if (this.faults.length > 0 || missionStartUs === undefined) return;
    if (tUs < missionStartUs + SCENARIO_TIMING.linkLossAfterMissionStartS * US_PER_S) return;
    const endUs = tUs + SCENARIO_TIMING.linkSilenceS * US_PER_S;
    this.linkSilence = { startUs: tUs, endUs };
    this.faults.push({ kind: 'link-loss', startUs: tUs, endUs, failsafeUs: null });
    this.announce(endUs, SEVERITY.NOTICE, 'Data link regained');
    this.pendingFailsafe = {
      atUs: tUs + SCENARIO_TIMING.linkLossFailsafeDelayS * US_PER_S,
      severity: SEVERITY.CRITICAL,
      text: 'Connection to ground station lost, returning',
    };
  }

  private updateFenceBreach(observation: FaultObservation): void {
    const { tUs } = observation;
    const fault = this.faults[0];
    if (fault === undefined) {
      const holdStartUs = this.autopilot.phaseStartUs.hold;
      if (holdStartUs === undefined || this.autopilot.phase !== 'hold') return;
      if (tUs < holdStartUs + SCENARIO_TIMING.fenceDriftAfterHoldStartS * US_PER_S) return;
      this.autopilot.startHoldDrift(tUs, 0, SCENARIO_TIMING.fenceDriftSpeedMps);
      this.faults.push({
        kind: 'fence-breach',
        startUs: tUs,
        crossingUs: null,
        failsafeUs: null,
        endUs: null,
        maxOutsideM: 0,
      });
      return;
    }
    if (fault.kind !== 'fence-breach' || fault.endUs !== null) return;
    const outsideBeforeM = this.signedOutsideM(observation.previousPosition);
    const outsideNowM = this.signedOutsideM(observation.position);
    if (fault.crossingUs === null && outsideNowM > 0) {
      fault.crossingUs = interpolateCrossingUs(observation, outsideBeforeM, outsideNowM, 0);
      this.pendingFailsafe = {
        atUs: tUs + SCENARIO_TIMING.fenceFailsafeDelayS * US_PER_S,
        severity: SEVERITY.CRITICAL,
        text: 'Geofence breached, returning',
      };
    }
    if (fault.crossingUs !== null) {
      fault.maxOutsideM = Math.max(fault.maxOutsideM, Math.max(0, outsideNowM));
      if (outsideNowM <= 0)
        fault.endUs = interpolateCrossingUs(observation, outsideBeforeM, outsideNowM, 0);
    }
  }

  private updateLowBattery(observation: FaultObservation): void {
    const threshold = SCENARIO_TIMING.lowBatteryThresholdPct;
    if (this.faults.length > 0 || observation.remainingPct >= threshold) return;
    const crossingUs = interpolateCrossingUs(
      observation,
      observation.previousRemainingPct,
      observation.remainingPct,
      threshold,
    );
    this.faults.push({
      kind: 'low-battery',
      startUs: crossingUs,
      thresholdPct: threshold,
      failsafeUs: null,
      endUs: null,
    });
    this.announce(observation.tUs, SEVERITY.WARNING, 'Low battery level! Return advised');
    this.pendingFailsafe = {
      atUs: crossingUs + SCENARIO_TIMING.lowBatteryFailsafeDelayS * US_PER_S,
      severity: SEVERITY.CRITICAL,
      text: 'Low battery, returning',
    };
  }

  private firePendingFailsafe(tUs: number): void {
    if (this.pendingFailsafe === null || tUs < this.pendingFailsafe.atUs) return;
    const { severity, text } = this.pendingFailsafe;
    this.pendingFailsafe = null;
    if (!this.autopilot.failsafeReturn(tUs, severity, text)) return;
    const fault = this.faults[0];
    if (fault !== undefined && 'failsafeUs' in fault) fault.failsafeUs = tUs;
  }

  /** Queues a STATUSTEXT, now or at a later time (the scheduler sends it when it is due). */
  private announce(tUs: number, severity: number, text: string): void {
    this.autopilot.events.push({ type: 'text', tUs, severity, text });
  }

  /** Positive outside the fence square, negative inside [m]. */
  private signedOutsideM(position: LocalPoint): number {
    const outsideM = distanceOutsideFenceM(this.fence, position.eastM, position.northM);
    if (outsideM > 0) return outsideM;
    return Math.max(Math.abs(position.eastM), Math.abs(position.northM)) - this.fence.halfSideM;
  }
}

function inside(window: TimeWindow | null, tUs: number): boolean {
  return window !== null && tUs >= window.startUs && tUs < window.endUs;
}

/** When a value that changed linearly over the last step passed `level` [µs]. */
function interpolateCrossingUs(
  observation: FaultObservation,
  before: number,
  now: number,
  level: number,
): number {
  const fraction = now === before ? 1 : (level - before) / (now - before);
  const clamped = Math.min(1, Math.max(0, fraction));
  return Math.round(
    observation.previousTUs + clamped * (observation.tUs - observation.previousTUs),
  );
}
