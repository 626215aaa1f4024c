import type { AutopilotEvent } from './autopilot.js';
import { localToGeo, type RangeOrigin } from './geo.js';
import type { InjectedFault, TruePositionSample, VehicleTruth } from './groundTruth.js';
import { px4CustomMode, type SimFlightMode } from './px4Modes.js';

/** Rounds to a fixed number of decimals so the truth JSON stays small and stable. */
function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Collects one vehicle's ground truth as the simulation runs. */
export class TruthRecorder {
  private readonly positions: TruePositionSample[] = [];
  private readonly modes: VehicleTruth['modes'] = [];
  private readonly statusTexts: VehicleTruth['statusTexts'] = [];
  private armUs: number | null = null;
  private takeoffUs: number | null = null;
  private landingUs: number | null = null;
  private disarmUs: number | null = null;
  private maxAltRelM = 0;
  private trackLengthM = 0;
  private lastEastM: number | null = null;
  private lastNorthM = 0;
  globalPositionIntFrames = 0;
  framesReceived = 0;
  framesLost = 0;

  constructor(
    private readonly sysId: number,
    private readonly compId: number,
    private readonly faulty: boolean,
    private readonly origin: RangeOrigin,
    private readonly home: RangeOrigin,
    private readonly batteryStartPct: number,
    startUs: number,
    initialMode: SimFlightMode,
  ) {
    this.modes.push({ tUs: startUs, mode: initialMode, customMode: px4CustomMode(initialMode) });
  }

  get disarmedAtUs(): number | null {
    return this.disarmUs;
  }

  samplePosition(tUs: number, eastM: number, northM: number, upM: number): void {
    const point = localToGeo(this.origin, eastM, northM);
    this.positions.push([tUs, roundTo(point.latDeg, 9), roundTo(point.lonDeg, 9), roundTo(upM, 3)]);
    this.maxAltRelM = Math.max(this.maxAltRelM, upM);
    if (this.lastEastM !== null) {
      this.trackLengthM += Math.hypot(eastM - this.lastEastM, northM - this.lastNorthM);
    }
    this.lastEastM = eastM;
    this.lastNorthM = northM;
  }

  recordEvent(event: AutopilotEvent): void {
    switch (event.type) {
      case 'mode':
        this.modes.push({
          tUs: event.tUs,
          mode: event.mode,
          customMode: px4CustomMode(event.mode),
        });
        break;
      case 'arm':
        this.armUs ??= event.tUs;
        break;
      case 'takeoff':
        this.takeoffUs ??= event.tUs;
        break;
      case 'touchdown':
        this.landingUs = event.tUs;
        break;
      case 'disarm':
        this.disarmUs = event.tUs;
        break;
      case 'text':
        break;
    }
  }

  recordStatusText(tUs: number, severity: number, text: string, received: boolean): void {
    this.statusTexts.push({ tUs, severity, text, received });
  }

  snapshot(faults: InjectedFault[], batteryEndPct: number): VehicleTruth {
    return structuredClone({
      sysId: this.sysId,
      compId: this.compId,
      faulty: this.faulty,
      home: this.home,
      armUs: this.armUs,
      takeoffUs: this.takeoffUs,
      landingUs: this.landingUs,
      disarmUs: this.disarmUs,
      positions: this.positions,
      modes: this.modes,
      faults,
      statusTexts: this.statusTexts,
      maxAltRelM: roundTo(this.maxAltRelM, 3),
      trackLengthM: roundTo(this.trackLengthM, 3),
      batteryStartPct: roundTo(this.batteryStartPct, 3),
      batteryEndPct: roundTo(batteryEndPct, 3),
      globalPositionIntFrames: this.globalPositionIntFrames,
      framesReceived: this.framesReceived,
      framesLost: this.framesLost,
    });
  }
}
