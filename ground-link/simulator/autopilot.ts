import { FLIGHT_PROFILE, missionWaypoints } from './flightProfile.js';
import type { LocalPoint } from './geo.js';
import type { MultirotorDynamics, Setpoint } from './multirotorDynamics.js';
import type { SimFlightMode } from './px4Modes.js';

export type FlightPhase =
  'preflight' | 'spin-up' | 'takeoff' | 'hold' | 'mission' | 'land' | 'rtl' | 'landed';

/** MAV_SEVERITY of a STATUSTEXT. */
export const SEVERITY = { CRITICAL: 2, WARNING: 4, NOTICE: 5, INFO: 6 } as const;

export type AutopilotEvent =
  | { type: 'mode'; tUs: number; mode: SimFlightMode }
  | { type: 'arm' | 'disarm' | 'takeoff' | 'touchdown'; tUs: number }
  | { type: 'text'; tUs: number; severity: number; text: string };

type RtlStage = 'climb' | 'return' | 'descend';

const US_PER_S = 1_000_000;

/**
 * The flight logic of one vehicle: the profile's phases, PX4 modes, arming, failsafe returns.
 * It decides where the vehicle should go; MultirotorDynamics decides where it actually goes.
 */
export class Autopilot {
  phase: FlightPhase = 'preflight';
  mode: SimFlightMode = 'POSCTL';
  armed = false;
  missionIndex = 0;
  readonly missionTotal: number;
  readonly events: AutopilotEvent[] = [];
  /** Start time of each phase entered so far [µs]. */
  readonly phaseStartUs: Partial<Record<FlightPhase, number>> = {};

  private armAtUs: number;
  private readonly waypoints: LocalPoint[];
  private holdTarget: LocalPoint;
  private drift: { startUs: number; bearingRad: number; speedMps: number } | null = null;
  private rtlStage: RtlStage = 'climb';
  private rtlAltRelM = 0;
  private landingSpot: LocalPoint;
  private touchdownUs: number | null = null;

  constructor(
    private readonly home: LocalPoint,
    startUs: number,
    armDelayS: number,
  ) {
    this.armAtUs = startUs + Math.round(armDelayS * US_PER_S);
    this.waypoints = missionWaypoints(home);
    this.missionTotal = this.waypoints.length;
    this.holdTarget = { ...home };
    this.landingSpot = { ...home };
    this.phaseStartUs.preflight = startUs;
  }

  /** A reboot on the ground pushes arming back: the pilot waits for the autopilot again. */
  postponeArming(notBeforeUs: number): void {
    this.armAtUs = Math.max(this.armAtUs, notBeforeUs);
    if (this.mode !== 'POSCTL') this.setMode(notBeforeUs, 'POSCTL');
  }

  /** Failsafe return to launch (link loss, fence, battery). Ignored once landing or landed. */
  failsafeReturn(tUs: number, severity: number, text: string): boolean {
    if (!this.armed || this.phase === 'rtl' || this.phase === 'land' || this.phase === 'landed') {
      return false;
    }
    this.text(tUs, severity, text);
    this.enter(tUs, 'rtl');
    this.setMode(tUs, 'RTL');
    this.rtlStage = 'climb';
    return true;
  }

  /** Makes the position hold wander off along a bearing (the fence-breach scenario). */
  startHoldDrift(tUs: number, bearingDeg: number, speedMps: number): void {
    this.drift = { startUs: tUs, bearingRad: (bearingDeg * Math.PI) / 180, speedMps };
  }

  update(tUs: number, dynamics: MultirotorDynamics): void {
    const position = dynamics.position;
    switch (this.phase) {
      case 'preflight':
        if (tUs >= this.armAtUs - US_PER_S && this.mode === 'POSCTL') this.setMode(tUs, 'TAKEOFF');
        if (tUs >= this.armAtUs) {
          this.armed = true;
          this.events.push({ type: 'arm', tUs });
          this.text(tUs, SEVERITY.INFO, 'Armed by external command');
          this.enter(tUs, 'spin-up');
        }
        break;
      case 'spin-up':
        if (tUs - this.since('spin-up') >= FLIGHT_PROFILE.spinUpS * US_PER_S)
          this.enter(tUs, 'takeoff');
        break;
      case 'takeoff':
        if (position.upM >= FLIGHT_PROFILE.takeoffAltRelM - 0.3) {
          this.holdTarget = {
            eastM: position.eastM,
            northM: position.northM,
            upM: FLIGHT_PROFILE.takeoffAltRelM,
          };
          this.enter(tUs, 'hold');
          this.setMode(tUs, 'LOITER');
        }
        break;
      case 'hold':
        if (tUs - this.since('hold') >= FLIGHT_PROFILE.holdS * US_PER_S) {
          this.drift = null;
          this.enter(tUs, 'mission');
          this.setMode(tUs, 'MISSION');
        }
        break;
      case 'mission':
        this.advanceMission(tUs, position);
        break;
      case 'rtl':
        this.advanceReturn(position);
        break;
      case 'land':
        break;
      case 'landed':
        if (this.armed && this.touchdownUs !== null) {
          if (tUs - this.touchdownUs >= FLIGHT_PROFILE.disarmAfterLandingS * US_PER_S) {
            this.armed = false;
            this.events.push({ type: 'disarm', tUs });
            this.text(tUs, SEVERITY.INFO, 'Disarmed by landing');
          }
        }
        break;
    }
  }

  /** Called with what the dynamics did in the step that ended at tUs. */
  noteContact(tUs: number, contact: { tookOff: boolean; touchedDown: boolean }): void {
    if (contact.tookOff) {
      this.events.push({ type: 'takeoff', tUs });
      this.text(tUs, SEVERITY.INFO, 'Takeoff detected');
    }
    if (contact.touchedDown) {
      this.touchdownUs = tUs;
      this.events.push({ type: 'touchdown', tUs });
      this.text(tUs, SEVERITY.INFO, 'Landing detected');
      this.enter(tUs, 'landed');
    }
  }

  setpoint(tUs: number, dynamics: MultirotorDynamics): Setpoint | null {
    const profile = FLIGHT_PROFILE;
    switch (this.phase) {
      case 'preflight':
      case 'spin-up':
      case 'landed':
        return null;
      case 'takeoff':
        return this.goTo({ ...this.home, upM: profile.takeoffAltRelM }, 1, false);
      case 'hold':
        return this.goTo(this.driftedHoldTarget(tUs), profile.cruiseSpeedMps, false);
      case 'mission': {
        const waypoint = this.waypoints[this.missionIndex] ?? this.home;
        return this.goTo(waypoint, profile.cruiseSpeedMps, true);
      }
      case 'land':
        return this.descendOnto(this.landingSpot, dynamics.position.upM);
      case 'rtl':
        return this.returnSetpoint(dynamics);
    }
  }

  /** The mission leg being flown (from the previous waypoint, or home, to the current one). */
  missionLeg(): { from: LocalPoint; to: LocalPoint } | null {
    if (this.phase !== 'mission') return null;
    const to = this.waypoints[this.missionIndex];
    const from = this.waypoints[this.missionIndex - 1] ?? this.holdTarget;
    return to === undefined ? null : { from, to };
  }

  /** Failsafe returns report MAV_STATE_CRITICAL, as PX4 does while a failsafe is active. */
  get inFailsafe(): boolean {
    return this.phase === 'rtl';
  }

  /** MISSION_CURRENT.mission_state: MISSION_STATE_ACTIVE while flying it, COMPLETE after. */
  get missionState(): number {
    if (this.phase === 'mission') return 3;
    if (this.phase === 'land' || this.phase === 'landed' || this.phase === 'rtl') return 5;
    return 2;
  }

  private advanceMission(tUs: number, position: LocalPoint): void {
    const waypoint = this.waypoints[this.missionIndex];
    if (waypoint === undefined) return;
    const distanceM = Math.hypot(
      waypoint.eastM - position.eastM,
      waypoint.northM - position.northM,
      waypoint.upM - position.upM,
    );
    if (distanceM > FLIGHT_PROFILE.waypointReachedM) return;
    this.missionIndex += 1;
    if (this.missionIndex < this.waypoints.length) return;
    this.text(tUs, SEVERITY.INFO, 'Mission finished, landing');
    // The mission's last item lands on the take-off pad, not wherever the vehicle stopped.
    this.landingSpot = { ...this.home };
    this.enter(tUs, 'land');
    this.setMode(tUs, 'LAND');
  }

  private advanceReturn(position: LocalPoint): void {
    if (this.rtlStage === 'climb') {
      this.rtlAltRelM = Math.max(position.upM, FLIGHT_PROFILE.rtlReturnAltRelM);
      this.landingSpot = { eastM: position.eastM, northM: position.northM, upM: this.rtlAltRelM };
      this.rtlStage = 'return';
    }
    if (this.rtlStage === 'return') {
      const awayM = Math.hypot(
        this.home.eastM - position.eastM,
        this.home.northM - position.northM,
      );
      if (awayM < FLIGHT_PROFILE.waypointReachedM) this.rtlStage = 'descend';
    }
  }

  private returnSetpoint(dynamics: MultirotorDynamics): Setpoint {
    const position = dynamics.position;
    const climbedEnough = position.upM >= this.rtlAltRelM - 1;
    if (this.rtlStage === 'descend') return this.descendOnto(this.home, position.upM);
    if (!climbedEnough) return this.goTo(this.landingSpot, 0, false);
    return this.goTo({ ...this.home, upM: this.rtlAltRelM }, FLIGHT_PROFILE.returnSpeedMps, true);
  }

  private descendOnto(spot: LocalPoint, upM: number): Setpoint {
    const slow = upM < FLIGHT_PROFILE.finalDescentBelowM;
    return {
      // Aim below the ground so the descent ends in a touchdown, not a hover at 0 m.
      target: { eastM: spot.eastM, northM: spot.northM, upM: -1 },
      maxHorizontalSpeedMps: 1,
      maxClimbMps: FLIGHT_PROFILE.climbRateMps,
      maxDescentMps: slow ? FLIGHT_PROFILE.finalDescentRateMps : FLIGHT_PROFILE.descentRateMps,
      faceTravel: false,
    };
  }

  private goTo(target: LocalPoint, speedMps: number, faceTravel: boolean): Setpoint {
    return {
      target,
      maxHorizontalSpeedMps: speedMps,
      maxClimbMps: FLIGHT_PROFILE.climbRateMps,
      maxDescentMps: FLIGHT_PROFILE.descentRateMps,
      faceTravel,
    };
  }

  private driftedHoldTarget(tUs: number): LocalPoint {
    if (this.drift === null) return this.holdTarget;
    const driftedM = (this.drift.speedMps * (tUs - this.drift.startUs)) / US_PER_S;
    return {
      eastM: this.holdTarget.eastM + driftedM * Math.sin(this.drift.bearingRad),
      northM: this.holdTarget.northM + driftedM * Math.cos(this.drift.bearingRad),
      upM: this.holdTarget.upM,
    };
  }

  private since(phase: FlightPhase): number {
    return this.phaseStartUs[phase] ?? 0;
  }

  private enter(tUs: number, phase: FlightPhase): void {
    this.phase = phase;
    this.phaseStartUs[phase] = tUs;
  }

  private setMode(tUs: number, mode: SimFlightMode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.events.push({ type: 'mode', tUs, mode });
  }

  private text(tUs: number, severity: number, text: string): void {
    this.events.push({ type: 'text', tUs, severity, text });
  }
}
