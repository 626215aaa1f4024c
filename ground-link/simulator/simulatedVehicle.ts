import { Autopilot, SEVERITY } from './autopilot.js';
import { Battery, flightCurrentA } from './battery.js';
import { FrameEncoder } from './frameEncoder.js';
import { localToGeo, type LocalPoint, type RangeOrigin } from './geo.js';
import type { VehicleTruth } from './groundTruth.js';
import { heartbeat, MESSAGE_BUILDERS, statusText } from './messageBuilders.js';
import { MultirotorDynamics } from './multirotorDynamics.js';
import { createRandom, type Random } from './prng.js';
import type { RangeFence } from './rangeFence.js';
import { ScenarioFaults } from './scenarioFaults.js';
import { SCENARIO_TIMING, type ScenarioName } from './scenarios.js';
import { TelemetryScheduler } from './telemetryScheduler.js';
import type { TelemetryView } from './telemetryView.js';
import { reportedSystemStatus, TelemetryViewBuilder } from './telemetryViewBuilder.js';
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
  private readonly viewBuilder: TelemetryViewBuilder;
  private bootOriginUs: number;
  private seq = 0;
  private awaitingFirstFrameAfterBoot = false;
  private currentA = 0;
  private view: TelemetryView | null = null;
  private stepUs: number;
  /**
   * The vehicle's own log of its state: every HEARTBEAT and STATUSTEXT it sent, heard on the
   * ground or not, as an onboard MAVLink logger (a companion computer's .tlog) keeps them. It
   * is what dates a mode switch made while the link was down.
   */
  private readonly onboard: SimulatedChunk[] = [];

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
    this.viewBuilder = new TelemetryViewBuilder(this.random);
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
      reboot: this.rebootAutopilot,
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
        // Built from the autopilot's state alone: a full view would draw from the random
        // stream and change what the ground hears after the silence.
        if (due.kind === 'text') {
          this.logOnboard(due.tUs, this.encoder.encode(statusText(due.severity, due.text), seq));
        } else if (due.name === 'HEARTBEAT') {
          const state = {
            mode: this.autopilot.mode,
            armed: this.autopilot.armed,
            systemStatus: reportedSystemStatus(this.autopilot),
          };
          this.logOnboard(due.tUs, this.encoder.encode(heartbeat(state), seq));
        }
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
      const bytes = this.encoder.encode(message, seq);
      out.push({ tUs: due.tUs, bytes });
      if (due.kind === 'text' || due.name === 'HEARTBEAT') this.logOnboard(due.tUs, bytes);
    }
  }

  /** HEARTBEAT and STATUSTEXT frames the vehicle sent so far, lost ones included, in time order. */
  onboardLog(): readonly SimulatedChunk[] {
    return this.onboard;
  }

  private logOnboard(tUs: number, bytes: Uint8Array): void {
    this.onboard.push({ tUs, bytes });
  }

  truth(): VehicleTruth {
    return this.recorder.snapshot(this.faults.faults, this.battery.remainingPct);
  }

  /** Bound once: a fresh closure every physics step would only feed the garbage collector. */
  private readonly rebootAutopilot = (rebootUs: number, backUpUs: number): number =>
    this.reboot(rebootUs, backUpUs);

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
    this.view ??= this.viewBuilder.build({
      tUs: this.stepUs,
      origin: this.setup.origin,
      pad: this.setup.pad,
      home: this.home,
      dynamics: this.dynamics,
      autopilot: this.autopilot,
      battery: this.battery,
      sensors: this.sensors,
      currentA: this.currentA,
      gpsFixLost: this.faults.gpsFixLost(this.stepUs),
    });
    return this.view;
  }
}
