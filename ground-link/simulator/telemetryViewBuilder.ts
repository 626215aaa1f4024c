import type { Autopilot } from './autopilot.js';
import type { Battery } from './battery.js';
import { FLIGHT_PROFILE } from './flightProfile.js';
import { bearingDeg, localToGeo, type LocalPoint, type RangeOrigin } from './geo.js';
import type { MultirotorDynamics } from './multirotorDynamics.js';
import type { Random } from './prng.js';
import { MAV_LANDED_STATE, MAV_STATE } from './px4Modes.js';
import type { TelemetryView } from './telemetryView.js';
import type { VehicleSensors } from './vehicleSensors.js';

const RAD_TO_DEG = 180 / Math.PI;

/** The parts of a simulated vehicle its telemetry is made from, at one physics step. */
export interface ReportedVehicle {
  tUs: number;
  origin: RangeOrigin;
  pad: LocalPoint;
  home: RangeOrigin;
  dynamics: MultirotorDynamics;
  autopilot: Autopilot;
  battery: Battery;
  sensors: VehicleSensors;
  currentA: number;
  gpsFixLost: boolean;
}

/**
 * Turns the simulated truth into what the autopilot reports: the estimate and the GPS with
 * their errors, a receiver that freezes its last fix when it loses it, battery cells, radio
 * levels, vibration. Keeps the little state reports carry over (last fix, error counters).
 */
export class TelemetryViewBuilder {
  private rxErrors = 0;
  private lastGpsFix: { latDeg: number; lonDeg: number; altMslM: number } | null = null;
  private readonly cellOffsetsV: number[];

  constructor(private readonly random: Random) {
    this.cellOffsetsV = [0, 1, 2, 3].map(() => random.between(-0.008, 0.008));
  }

  build(vehicle: ReportedVehicle): TelemetryView {
    const { origin, dynamics, autopilot, battery, sensors, currentA, tUs } = vehicle;
    const truePosition = dynamics.position;
    const velocity = dynamics.velocityMps;
    const airborne = dynamics.airborne;

    const estimateEastM = truePosition.eastM + sensors.estimateEastErrorM.value;
    const estimateNorthM = truePosition.northM + sensors.estimateNorthErrorM.value;
    const estimateUpM = truePosition.upM + (airborne ? sensors.estimateUpErrorM.value : 0);
    const estimateGeo = localToGeo(origin, estimateEastM, estimateNorthM);

    const gpsLost = vehicle.gpsFixLost;
    const gpsGeo = localToGeo(
      origin,
      truePosition.eastM + sensors.gpsEastErrorM.value,
      truePosition.northM + sensors.gpsNorthErrorM.value,
    );
    const gpsAltMslM = origin.altMslM + truePosition.upM + sensors.gpsUpErrorM.value;
    if (!gpsLost) this.lastGpsFix = { ...gpsGeo, altMslM: gpsAltMslM };
    const frozenFix = this.lastGpsFix ?? { ...gpsGeo, altMslM: gpsAltMslM };

    const groundSpeedMps = dynamics.horizontalSpeedMps;
    const yawDeg = (dynamics.yawRad * RAD_TO_DEG + 360) % 360;
    const remainingPct = battery.remainingPct;
    const cellV = battery.cellVoltageV(currentA);

    const setpoint = autopilot.setpoint(tUs, dynamics);
    const target = setpoint?.target ?? truePosition;
    const toEastM = target.eastM - truePosition.eastM;
    const toNorthM = target.northM - truePosition.northM;
    const distanceFromOriginM = Math.hypot(
      truePosition.eastM,
      truePosition.northM,
      truePosition.upM,
    );
    const rssi =
      205 - 20 * Math.log10(Math.max(10, distanceFromOriginM) / 10) + this.random.gaussian(2);
    if (this.random.next() < 0.05) this.rxErrors += 1;

    const vibrationBaseMps2 = airborne ? 9 : autopilot.armed ? 2.5 : 0.2;
    return {
      tUs,
      bootMs: 0,
      mode: autopilot.mode,
      armed: autopilot.armed,
      systemStatus: reportedSystemStatus(autopilot),
      landedState: landedState(autopilot, dynamics),
      estimate: {
        latDeg: estimateGeo.latDeg,
        lonDeg: estimateGeo.lonDeg,
        altMslM: origin.altMslM + estimateUpM,
        altRelM: estimateUpM,
        northM: estimateNorthM - vehicle.pad.northM,
        eastM: estimateEastM - vehicle.pad.eastM,
        vnMps: velocity.northM,
        veMps: velocity.eastM,
        vdMps: -velocity.upM,
      },
      attitude: {
        rollRad: dynamics.rollRad,
        pitchRad: dynamics.pitchRad,
        yawRad: dynamics.yawRad,
        rollRateRadps: dynamics.rollRateRadps,
        pitchRateRadps: dynamics.pitchRateRadps,
        yawRateRadps: dynamics.yawRateRadps,
      },
      gps: {
        fixType: gpsLost ? 1 : 3,
        latDeg: frozenFix.latDeg,
        lonDeg: frozenFix.lonDeg,
        altMslM: frozenFix.altMslM,
        satellites: gpsLost ? 3 : Math.round(15 + sensors.satelliteDrift.value),
        hdop: gpsLost ? null : 0.8 + Math.abs(sensors.hdopDrift.value),
        vdop: gpsLost ? null : 1.2 + Math.abs(sensors.hdopDrift.value),
        speedMps: gpsLost ? 0 : groundSpeedMps,
        courseDeg: bearingDeg(velocity.eastM, velocity.northM),
      },
      battery: {
        voltageV: cellV * 4 + this.cellOffsetsV.reduce((sum, offset) => sum + offset, 0),
        cellVoltagesV: this.cellOffsetsV.map((offset) => cellV + offset),
        currentA: Math.max(0, currentA),
        remainingPct,
        consumedMah: battery.consumedMah,
        chargeState: remainingPct >= 15 ? 1 : remainingPct >= 10 ? 2 : 3,
      },
      home: vehicle.home,
      navigation: {
        navRollDeg: dynamics.rollRad * RAD_TO_DEG,
        navPitchDeg: dynamics.pitchRad * RAD_TO_DEG,
        navBearingDeg: yawDeg > 180 ? yawDeg - 360 : yawDeg,
        targetBearingDeg: Math.round(bearingDeg(toEastM, toNorthM)),
        wpDistM: Math.hypot(toEastM, toNorthM),
        altErrorM: target.upM - truePosition.upM,
        xtrackErrorM: crossTrackErrorM(autopilot, truePosition),
      },
      mission: {
        seq: autopilot.missionIndex,
        total: autopilot.missionTotal,
        state: autopilot.missionState,
      },
      hud: {
        groundSpeedMps,
        headingDeg: yawDeg,
        throttlePct: airborne
          ? 48 + 8 * velocity.upM + 3 * dynamics.accelerationMagnitudeMps2
          : autopilot.armed
            ? 12
            : 0,
        climbMps: velocity.upM,
      },
      vibration: {
        xMps2: vibrationBaseMps2 * (1 + 0.1 * this.random.gaussian(1)),
        yMps2: vibrationBaseMps2 * (1 + 0.1 * this.random.gaussian(1)),
        zMps2: vibrationBaseMps2 * (1.4 + 0.1 * this.random.gaussian(1)),
      },
      radio: {
        rssi,
        remRssi: rssi - 3 + this.random.gaussian(2),
        noise: 40 + this.random.gaussian(1.5),
        remNoise: 42 + this.random.gaussian(1.5),
        rxErrors: this.rxErrors,
      },
      loadPct: 28 + this.random.gaussian(2),
    };
  }
}

function landedState(autopilot: Autopilot, dynamics: MultirotorDynamics): number {
  const phase = autopilot.phase;
  if (!dynamics.airborne) {
    return phase === 'takeoff' ? MAV_LANDED_STATE.TAKEOFF : MAV_LANDED_STATE.ON_GROUND;
  }
  if (phase === 'takeoff') return MAV_LANDED_STATE.TAKEOFF;
  const descending = phase === 'land' || (phase === 'rtl' && dynamics.velocityMps.upM < -0.3);
  return descending && dynamics.position.upM < FLIGHT_PROFILE.finalDescentBelowM * 2
    ? MAV_LANDED_STATE.LANDING
    : MAV_LANDED_STATE.IN_AIR;
}

/** Signed distance from the current mission leg, right of track positive [m]. */
function crossTrackErrorM(autopilot: Autopilot, position: LocalPoint): number {
  const leg = autopilot.missionLeg();
  if (leg === null) return 0;
  const legEastM = leg.to.eastM - leg.from.eastM;
  const legNorthM = leg.to.northM - leg.from.northM;
  const legLengthM = Math.hypot(legEastM, legNorthM);
  if (legLengthM < 1e-6) return 0;
  const offEastM = position.eastM - leg.from.eastM;
  const offNorthM = position.northM - leg.from.northM;
  return (offEastM * legNorthM - offNorthM * legEastM) / legLengthM;
}

/** MAV_STATE as the HEARTBEAT reports it: CRITICAL while a failsafe return flies. */
export function reportedSystemStatus(autopilot: Pick<Autopilot, 'armed' | 'inFailsafe'>): number {
  if (!autopilot.armed) return MAV_STATE.STANDBY;
  return autopilot.inFailsafe ? MAV_STATE.CRITICAL : MAV_STATE.ACTIVE;
}
