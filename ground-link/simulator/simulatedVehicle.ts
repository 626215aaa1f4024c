import { Autopilot, SEVERITY } from './autopilot.js';
import { Battery, flightCurrentA } from './battery.js';
import { FLIGHT_PROFILE } from './flightProfile.js';
import { FrameEncoder } from './frameEncoder.js';
import { bearingDeg, localToGeo, type LocalPoint, type RangeOrigin } from './geo.js';
import type { InjectedFault, VehicleTruth } from './groundTruth.js';
import { MESSAGE_BUILDERS, statusText } from './messageBuilders.js';
import { MultirotorDynamics } from './multirotorDynamics.js';
import { createRandom, type Random } from './prng.js';
import { MAV_LANDED_STATE, MAV_STATE } from './px4Modes.js';
import type { RangeFence } from './rangeFence.js';
import { ScenarioFaults } from './scenarioFaults.js';
import { SCENARIO_TIMING, type ScenarioName } from './scenarios.js';
import { TelemetryScheduler } from './telemetryScheduler.js';
import type { TelemetryView } from './telemetryView.js';
import { TruthRecorder } from './truthRecorder.js';
import { VehicleSensors } from './vehicleSensors.js';

/** One MAVLink frame as the ground receives it. */
export interface SimulatedChunk {
  /** Ground receive time [µs since Unix epoch]. */
  tUs: number;
  bytes: Uint8Array;
}

export interface VehicleSetup {
  sysId: number;
  compId: number;
  origin: RangeOrigin;
  pad: LocalPoint;
  startUs: number;
  seed: number;
  /** The scenario this vehicle flies: the run's scenario for the faulty one, else 'clean'. */
  scenario: ScenarioName;
  faulty: boolean;
  fence: RangeFence;
  /** Vehicles arm one after another, not all in the same second. */
  armDelayS: number;
}

const US_PER_S = 1_000_000;
const RAD_TO_DEG = 180 / Math.PI;
const TRUTH_PERIOD_US = 100_000;

/** One simulated PX4 quadrotor: flight, faults, sensors, its MAVLink output and its truth. */
export class SimulatedVehicle {
  readonly sysId: number;
  private readonly random: Random;
  private readonly dynamics: MultirotorDynamics;
  private readonly autopilot: Autopilot;
  private readonly faults: ScenarioFaults;
  private readonly battery: Battery;
  private readonly sensors: VehicleSensors;
  private readonly scheduler: TelemetryScheduler;
  private readonly encoder: FrameEncoder;
  private readonly recorder: TruthRecorder;
  private readonly home: RangeOrigin;
  private readonly cellOffsetsV: number[];
  private bootOriginUs: number;
  private seq = 0;
  private awaitingFirstFrameAfterBoot = false;
  private currentA = 0;
  private rxErrors = 0;
  private lastGpsFix: { latDeg: number; lonDeg: number; altMslM: number } | null = null;
  private view: TelemetryView | null = null;
  private stepUs: number;

  constructor(private readonly setup: VehicleSetup) {
    this.sysId = setup.sysId;
    this.random = createRandom(setup.seed);
    this.stepUs = setup.startUs;
    // The autopilot was switched on some time before the ground started listening.
    this.bootOriginUs = setup.startUs - Math.round(this.random.between(20, 60) * US_PER_S);
    const homeGeo = localToGeo(setup.origin, setup.pad.eastM, setup.pad.northM);
    this.home = { ...homeGeo, altMslM: setup.origin.altMslM };
    this.dynamics = new MultirotorDynamics(setup.pad, this.random.between(-0.3, 0.3), this.random);
    this.autopilot = new Autopilot(setup.pad, setup.startUs, setup.armDelayS);
    this.faults = new ScenarioFaults(setup.scenario, setup.startUs, this.autopilot, setup.fence);
    const batteryStartPct =
      setup.scenario === 'low-battery'
        ? SCENARIO_TIMING.lowBatteryStartPct
        : this.random.between(95, 100);
    this.battery = new Battery(batteryStartPct);
    this.sensors = new VehicleSensors(this.random);
    this.scheduler = new TelemetryScheduler(setup.startUs, this.random);
    this.encoder = new FrameEncoder(setup.sysId, setup.compId);
    this.cellOffsetsV = [0, 1, 2, 3].map(() => this.random.between(-0.008, 0.008));
    this.recorder = new TruthRecorder(
      setup.sysId,
      setup.compId,
      setup.faulty,
      setup.origin,
      this.home,
      batteryStartPct,
      setup.startUs,
      this.autopilot.mode,
    );
    this.recorder.samplePosition(setup.startUs, setup.pad.eastM, setup.pad.northM, 0);
  }

  get disarmedAfterFlightUs(): number | null {
    return this.autopilot.phase === 'landed' && !this.autopilot.armed
      ? this.recorder.disarmedAtUs
      : null;
  }

  /** Advances the physics from the previous step to tUs. */
  step(tUs: number): void {
    const previousTUs = this.stepUs;
    const dtS = (tUs - previousTUs) / US_PER_S;
    const previousPosition = { ...this.dynamics.position };
    const previousRemainingPct = this.battery.remainingPct;

    this.autopilot.update(tUs, this.dynamics);
    const contact = this.dynamics.step(dtS, this.autopilot.setpoint(tUs, this.dynamics));
    this.autopilot.noteContact(tUs, contact);
    this.currentA =
      flightCurrentA(
        this.autopilot.armed,
        this.dynamics.airborne,
        this.dynamics.velocityMps.upM,
        this.dynamics.accelerationMagnitudeMps2,
      ) + this.random.gaussian(0.2);
    this.battery.drain(Math.max(0, this.currentA), dtS);
    this.sensors.step(dtS);
    this.faults.update({
      tUs,
      previousTUs,
      previousPosition,
      position: this.dynamics.position,
      previousRemainingPct,
      remainingPct: this.battery.remainingPct,
      reboot: (rebootUs, backUpUs) => this.reboot(rebootUs, backUpUs),
    });
    this.drainAutopilotEvents();
    if ((tUs - this.setup.startUs) % TRUTH_PERIOD_US === 0) {
      const { eastM, northM, upM } = this.dynamics.position;
      this.recorder.samplePosition(tUs, eastM, northM, upM);
    }
    this.stepUs = tUs;
    this.view = null;
  }

  /** Encodes every message due at or before untilUs into `out`, in time order. */
  emitDue(untilUs: number, out: SimulatedChunk[]): void {
    for (
      let due = this.scheduler.takeNextDue(untilUs);
      due !== null;
      due = this.scheduler.takeNextDue(untilUs)
    ) {
      // A rebooting autopilot sends nothing: no frame, no sequence number used.
      if (!this.faults.autopilotRunning(due.tUs)) continue;
      const bootMs = Math.floor((due.tUs - this.bootOriginUs) / 1000);
      if (this.awaitingFirstFrameAfterBoot) {
        this.awaitingFirstFrameAfterBoot = false;
        this.faults.noteBackUp(due.tUs, bootMs);
      }
      const received = this.faults.linkUp(due.tUs);
      const seq = this.seq;
      // The vehicle sends into a dead link too: the gap shows in the sequence numbers.
      this.seq = (this.seq + 1) & 0xff;
      if (due.kind === 'text')
        this.recorder.recordStatusText(due.tUs, due.severity, due.text, received);
      if (!received) {
        this.recorder.framesLost += 1;
        continue;
      }
      let message;
      if (due.kind === 'text') {
        message = statusText(due.severity, due.text);
      } else {
        const view = this.telemetryView();
        view.tUs = due.tUs;
        view.bootMs = bootMs;
        message = MESSAGE_BUILDERS[due.name](view);
        if (due.name === 'GLOBAL_POSITION_INT') this.recorder.globalPositionIntFrames += 1;
      }
      this.recorder.framesReceived += 1;
      out.push({ tUs: due.tUs, bytes: this.encoder.encode(message, seq) });
    }
  }

  truth(): VehicleTruth {
    return this.recorder.snapshot(this.faults.faults as InjectedFault[], this.battery.remainingPct);
  }

  private reboot(rebootUs: number, backUpUs: number): number {
    const bootMsBefore = Math.floor((rebootUs - this.bootOriginUs) / 1000);
    // Power returns half a second after the reset; the first frames need the rest of the boot.
    this.bootOriginUs = rebootUs + US_PER_S / 2;
    this.seq = 0;
    this.awaitingFirstFrameAfterBoot = true;
    this.scheduler.queueText(backUpUs, SEVERITY.NOTICE, 'Autopilot started after reboot');
    return bootMsBefore;
  }

  private drainAutopilotEvents(): void {
    for (const event of this.autopilot.events) {
      this.recorder.recordEvent(event);
      if (event.type === 'text') this.scheduler.queueText(event.tUs, event.severity, event.text);
    }
    this.autopilot.events.length = 0;
  }

  /** What the vehicle reports now; built once per physics step, shared by that step's frames. */
  private telemetryView(): TelemetryView {
    if (this.view !== null) return this.view;
    const { origin } = this.setup;
    const dynamics = this.dynamics;
    const truePosition = dynamics.position;
    const velocity = dynamics.velocityMps;
    const sensors = this.sensors;
    const airborne = dynamics.airborne;

    const estimateEastM = truePosition.eastM + sensors.estimateEastErrorM.value;
    const estimateNorthM = truePosition.northM + sensors.estimateNorthErrorM.value;
    const estimateUpM = truePosition.upM + (airborne ? sensors.estimateUpErrorM.value : 0);
    const estimateGeo = localToGeo(origin, estimateEastM, estimateNorthM);

    const gpsLost = this.faults.gpsFixLost(this.stepUs);
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
    const remainingPct = this.battery.remainingPct;
    const cellV = this.battery.cellVoltageV(this.currentA);

    const setpoint = this.autopilot.setpoint(this.stepUs, dynamics);
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

    const vibrationBaseMps2 = airborne ? 9 : this.autopilot.armed ? 2.5 : 0.2;
    this.view = {
      tUs: this.stepUs,
      bootMs: 0,
      mode: this.autopilot.mode,
      armed: this.autopilot.armed,
      systemStatus: !this.autopilot.armed
        ? MAV_STATE.STANDBY
        : this.autopilot.inFailsafe
          ? MAV_STATE.CRITICAL
          : MAV_STATE.ACTIVE,
      landedState: this.landedState(),
      estimate: {
        latDeg: estimateGeo.latDeg,
        lonDeg: estimateGeo.lonDeg,
        altMslM: origin.altMslM + estimateUpM,
        altRelM: estimateUpM,
        northM: estimateNorthM - this.setup.pad.northM,
        eastM: estimateEastM - this.setup.pad.eastM,
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
        currentA: Math.max(0, this.currentA),
        remainingPct,
        consumedMah: this.battery.consumedMah,
        chargeState: remainingPct >= 15 ? 1 : remainingPct >= 10 ? 2 : 3,
      },
      home: this.home,
      navigation: {
        navRollDeg: dynamics.rollRad * RAD_TO_DEG,
        navPitchDeg: dynamics.pitchRad * RAD_TO_DEG,
        navBearingDeg: yawDeg > 180 ? yawDeg - 360 : yawDeg,
        targetBearingDeg: Math.round(bearingDeg(toEastM, toNorthM)),
        wpDistM: Math.hypot(toEastM, toNorthM),
        altErrorM: target.upM - truePosition.upM,
        xtrackErrorM: this.crossTrackErrorM(truePosition),
      },
      mission: {
        seq: this.autopilot.missionIndex,
        total: this.autopilot.missionTotal,
        state: this.autopilot.missionState,
      },
      hud: {
        groundSpeedMps,
        headingDeg: yawDeg,
        throttlePct: airborne
          ? 48 + 8 * velocity.upM + 3 * dynamics.accelerationMagnitudeMps2
          : this.autopilot.armed
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
    return this.view;
  }

  private landedState(): number {
    const phase = this.autopilot.phase;
    if (!this.dynamics.airborne) {
      return phase === 'takeoff' ? MAV_LANDED_STATE.TAKEOFF : MAV_LANDED_STATE.ON_GROUND;
    }
    if (phase === 'takeoff') return MAV_LANDED_STATE.TAKEOFF;
    const descending =
      phase === 'land' || (phase === 'rtl' && this.dynamics.velocityMps.upM < -0.3);
    return descending && this.dynamics.position.upM < FLIGHT_PROFILE.finalDescentBelowM * 2
      ? MAV_LANDED_STATE.LANDING
      : MAV_LANDED_STATE.IN_AIR;
  }

  /** Signed distance from the current mission leg, right of track positive [m]. */
  private crossTrackErrorM(position: LocalPoint): number {
    const leg = this.autopilot.missionLeg();
    if (leg === null) return 0;
    const legEastM = leg.to.eastM - leg.from.eastM;
    const legNorthM = leg.to.northM - leg.from.northM;
    const legLengthM = Math.hypot(legEastM, legNorthM);
    if (legLengthM < 1e-6) return 0;
    const offEastM = position.eastM - leg.from.eastM;
    const offNorthM = position.northM - leg.from.northM;
    return (offEastM * legNorthM - offNorthM * legEastM) / legLengthM;
  }
}
