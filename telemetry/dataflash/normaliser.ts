import type { FlightEvent, FlightEventType } from '../model/flightEvent.js';
import type { AnySample, Sample } from '../model/sample.js';
import type { SampleKind } from '../model/sampleKinds.js';
import { SEVERITY } from '../mavlink/flightEvents.js';
import type { DataFlashFormat } from './dataFlashFormat.js';
import type { DataFlashRecord } from './dataFlashParser.js';
import { errSubsystemName, isFailsafeSubsystem } from './errSubsystems.js';
import type { LogClock } from './logClock.js';
import { inferredSeverity, isFailsafeText } from './messageSeverity.js';
import {
  classOfBanner,
  classOfBuild,
  dataFlashModeName,
  MAV_TYPE_OF_CLASS,
  type VehicleClass,
} from './vehicleClass.js';

export interface DataFlashVehicle {
  sysId: number;
  compId: number;
  vehicleClass: VehicleClass | null;
  mavType: number | null;
  autopilot: number;
  modeName: string;
  /** Null while the log has said nothing about arming. */
  armed: boolean | null;
  /** Records the logger itself counted as dropped (DSF.Dp). */
  droppedRecords: number;
}

type Handler = (record: DataFlashRecord, tUs: number, bootMs: number | null) => void;
type Binder = (format: DataFlashFormat) => Handler | null;

const MAV_AUTOPILOT_ARDUPILOTMEGA = 3;
const GPS_FIX_3D = 3;
const EV_ARMED = 10;
const EV_DISARMED = 11;
/** ArduPlane's failsafe code says the mode it switches to only as this text. */
const FLIGHT_MODE_TEXT = /^Flight mode = (\d+)$/;
/** Volts and amps were logged ×100 in 16-bit integers by ArduPilot 3.x CURR records. */
const CENTI = 0.01;

/** Column index by the first name that exists, or -1. */
function col(format: DataFlashFormat, ...names: string[]): number {
  for (const name of names) {
    const index = format.columnIndex.get(name);
    if (index !== undefined) return index;
  }
  return -1;
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Turns DataFlash records into the samples and events MAVLink telemetry becomes, so a flight
 * looks the same whichever way it arrived: position (POS, or GPS in logs before POS), GPS
 * quality, attitude, battery, vibration, home, and arm/disarm, mode, message and failsafe events.
 * Every record of those types becomes a sample (full rate); other record types are left in the
 * log. Time: UTC from the log's GPS clock when it has one, else the boot time itself.
 * No heartbeat samples: a log has no periodic heartbeat, and made-up ones would read as link
 * gaps; armed state and modes are the arm, disarm and mode-change events.
 */
export class DataFlashNormaliser {
  private samples: AnySample[] = [];
  private events: FlightEvent[] = [];
  private readonly handlers: (Handler | null | undefined)[] = new Array(256);
  private readonly handlerFormats: (DataFlashFormat | undefined)[] = new Array(256);
  private readonly binders: ReadonlyMap<string, Binder>;
  private readonly utcMinusBootUs: number;
  /** The log's first timed record [µs since epoch, or boot]. */
  private readonly firstUs: number;
  private sysId = 1;
  private readonly compId = 1;
  private vehicleClass: VehicleClass | null = null;
  private quadPlane = false;
  private armed: boolean | null = null;
  private modeNumber: number | null = null;
  private modeName = 'UNKNOWN';
  private modeNumberSeen = false;
  private droppedRecords = 0;
  // Latest values that records of other types complete.
  private gpsFixType: number | null = null;
  private gpsFix: 'none-yet' | 'ok' | 'lost' = 'none-yet';
  private gpsVelocity: { vn: number; ve: number; vd: number } | null = null;
  private ekfVelocity: { vn: number; ve: number; vd: number } | null = null;
  private yawDeg: number | null = null;
  private rates: { roll: number; pitch: number; yaw: number } | null = null;
  private vdop: number | null = null;
  private readonly clipping: (number | null)[] = [null, null, null];

  constructor(clock: LogClock) {
    this.utcMinusBootUs = clock.utcMinusBootUs ?? 0;
    this.firstUs =
      clock.firstBootUs === null
        ? 0
        : Math.max(0, Math.round(clock.firstBootUs + this.utcMinusBootUs));
    this.binders = new Map<string, Binder>([
      ['POS', (f) => this.bindPosition(f)],
      ['GPS', (f) => this.bindGps(f)],
      ['GPA', (f) => this.bindGpa(f)],
      ['ATT', (f) => this.bindAttitude(f)],
      ['RATE', (f) => this.bindRate(f)],
      ['NKF1', (f) => this.bindEkfVelocity(f)],
      ['XKF1', (f) => this.bindEkfVelocity(f)],
      ['BAT', (f) => this.bindBattery(f, 0)],
      ['CURR', (f) => this.bindBattery(f, 0)],
      ['CUR2', (f) => this.bindBattery(f, 1)],
      ['VIBE', (f) => this.bindVibration(f)],
      ['ORGN', (f) => this.bindHome(f)],
      ['MODE', (f) => this.bindMode(f)],
      ['EV', (f) => this.bindEv(f)],
      ['ARM', (f) => this.bindArm(f)],
      ['ERR', (f) => this.bindErr(f)],
      ['MSG', (f) => this.bindMsg(f)],
      ['PARM', (f) => this.bindParm(f)],
      ['VER', (f) => this.bindVer(f)],
      ['DSF', (f) => this.bindDsf(f)],
    ]);
  }

  ingest(record: DataFlashRecord): void {
    const format = record.format;
    const type = format.type;
    let handler = this.handlers[type];
    if (handler === undefined || this.handlerFormats[type] !== format) {
      handler = this.binders.get(format.name)?.(format) ?? null;
      this.handlers[type] = handler;
      this.handlerFormats[type] = format;
    }
    if (handler === null) return;
    const bootUs = record.bootUs;
    const tUs = bootUs === null ? 0 : Math.max(0, Math.round(bootUs + this.utcMinusBootUs));
    handler(record, tUs, bootUs === null ? null : Math.floor(bootUs / 1000));
  }

  takeSamples(): AnySample[] {
    const out = this.samples;
    this.samples = [];
    return out;
  }

  takeEvents(): FlightEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  vehicle(): DataFlashVehicle {
    const vehicleClass = this.effectiveClass();
    return {
      sysId: this.sysId,
      compId: this.compId,
      vehicleClass,
      mavType: vehicleClass === null ? null : MAV_TYPE_OF_CLASS[vehicleClass],
      autopilot: MAV_AUTOPILOT_ARDUPILOTMEGA,
      modeName: this.modeName,
      armed: this.armed,
      droppedRecords: this.droppedRecords,
    };
  }

  private effectiveClass(): VehicleClass | null {
    return this.vehicleClass === 'plane' && this.quadPlane ? 'quadplane' : this.vehicleClass;
  }

  private push<K extends SampleKind>(
    kind: K,
    tUs: number,
    bootMs: number | null,
    values: Sample<K>['values'],
  ): void {
    const sample: Sample<K> = { kind, tUs, bootMs, sysId: this.sysId, compId: this.compId, values };
    this.samples.push(sample as unknown as AnySample);
  }

  private event(
    type: FlightEventType,
    tUs: number,
    severity: number,
    message: string,
    data: FlightEvent['data'],
  ): void {
    this.events.push({
      type,
      tUs,
      sysId: this.sysId,
      compId: this.compId,
      severity,
      message,
      data,
    });
  }

  private bindPosition(f: DataFlashFormat): Handler | null {
    const lat = col(f, 'Lat');
    const lng = col(f, 'Lng');
    const alt = col(f, 'Alt');
    const rel = col(f, 'RelHomeAlt', 'RelAlt');
    if (lat < 0 || lng < 0) return null;
    return (r, tUs, bootMs) => {
      const v = r.view;
      const at = r.at;
      this.pushPosition(
        tUs,
        bootMs,
        f.number(v, at, lat),
        f.number(v, at, lng),
        alt < 0 ? NaN : f.number(v, at, alt),
        rel < 0 ? NaN : f.number(v, at, rel),
      );
    };
  }

  /** No 3-D fix, no position: a fused estimate without GPS is not a place (and never 0, 0). */
  private pushPosition(
    tUs: number,
    bootMs: number | null,
    latDeg: number,
    lonDeg: number,
    altMslM: number,
    altRelM: number,
  ): void {
    const placed =
      (this.gpsFixType ?? 0) >= GPS_FIX_3D &&
      Number.isFinite(latDeg) &&
      Number.isFinite(lonDeg) &&
      !(latDeg === 0 && lonDeg === 0);
    const velocity = this.ekfVelocity ?? this.gpsVelocity;
    this.push('position', tUs, bootMs, {
      latDeg: placed ? latDeg : null,
      lonDeg: placed ? lonDeg : null,
      altMslM: placed ? finite(altMslM) : null,
      altRelM: finite(altRelM),
      vnMps: velocity ? finite(velocity.vn) : null,
      veMps: velocity ? finite(velocity.ve) : null,
      vdMps: velocity ? finite(velocity.vd) : null,
      headingDeg: this.yawDeg,
    });
  }

  private bindGps(f: DataFlashFormat): Handler | null {
    const instance = col(f, 'I');
    const status = col(f, 'Status');
    const sats = col(f, 'NSats');
    const hdop = col(f, 'HDop');
    const lat = col(f, 'Lat');
    const lng = col(f, 'Lng');
    const alt = col(f, 'Alt');
    const spd = col(f, 'Spd');
    const crs = col(f, 'GCrs');
    const vz = col(f, 'VZ');
    // Logs from before the POS record carry the height above home in GPS.
    const relAlt = col(f, 'RelAlt');
    if (status < 0) return null;
    return (r, tUs, bootMs) => {
      const v = r.view;
      const at = r.at;
      if (instance >= 0 && f.number(v, at, instance) !== 0) return;
      const fixType = f.number(v, at, status);
      this.gpsFixType = fixType;
      this.checkGpsFix(fixType, tUs);
      const speedMps = spd < 0 ? NaN : f.number(v, at, spd);
      const courseDeg = crs < 0 ? NaN : f.number(v, at, crs);
      const courseRad = (courseDeg * Math.PI) / 180;
      this.gpsVelocity = {
        vn: speedMps * Math.cos(courseRad),
        ve: speedMps * Math.sin(courseRad),
        vd: vz < 0 ? NaN : f.number(v, at, vz),
      };
      const latDeg = lat < 0 ? NaN : f.number(v, at, lat);
      const lonDeg = lng < 0 ? NaN : f.number(v, at, lng);
      const altMslM = alt < 0 ? NaN : f.number(v, at, alt);
      const placed = fixType >= 2 && !(latDeg === 0 && lonDeg === 0);
      this.push('gps', tUs, bootMs, {
        gpsLatDeg: placed ? finite(latDeg) : null,
        gpsLonDeg: placed ? finite(lonDeg) : null,
        gpsAltMslM: placed ? finite(altMslM) : null,
        fixType,
        satellites: sats < 0 ? null : f.number(v, at, sats),
        hdop: hdop < 0 ? null : finite(f.number(v, at, hdop)),
        vdop: this.vdop,
        gpsSpeedMps: finite(speedMps),
        gpsCourseDeg: finite(courseDeg),
      });
      if (relAlt >= 0) {
        this.pushPosition(tUs, bootMs, latDeg, lonDeg, altMslM, f.number(v, at, relAlt));
      }
    };
  }

  private checkGpsFix(fixType: number, tUs: number): void {
    const ok = fixType >= GPS_FIX_3D;
    if (ok && this.gpsFix === 'lost') {
      this.event('gps-fix-regained', tUs, SEVERITY.info, 'GPS 3D fix regained', { fixType });
    } else if (!ok && this.gpsFix === 'ok') {
      this.event('gps-fix-lost', tUs, SEVERITY.warning, 'GPS 3D fix lost', { fixType });
    }
    if (ok) this.gpsFix = 'ok';
    else if (this.gpsFix === 'ok') this.gpsFix = 'lost';
  }

  private bindGpa(f: DataFlashFormat): Handler | null {
    const instance = col(f, 'I');
    const vdop = col(f, 'VDop');
    if (vdop < 0) return null;
    return (r) => {
      if (instance >= 0 && f.number(r.view, r.at, instance) !== 0) return;
      this.vdop = finite(f.number(r.view, r.at, vdop));
    };
  }

  private bindAttitude(f: DataFlashFormat): Handler | null {
    const roll = col(f, 'Roll');
    const pitch = col(f, 'Pitch');
    const yaw = col(f, 'Yaw');
    if (roll < 0 || pitch < 0 || yaw < 0) return null;
    return (r, tUs, bootMs) => {
      const yawDeg = f.number(r.view, r.at, yaw);
      this.yawDeg = finite(yawDeg);
      const rates = this.rates;
      this.push('attitude', tUs, bootMs, {
        rollDeg: finite(f.number(r.view, r.at, roll)),
        pitchDeg: finite(f.number(r.view, r.at, pitch)),
        yawDeg: this.yawDeg,
        rollRateDps: rates ? finite(rates.roll) : null,
        pitchRateDps: rates ? finite(rates.pitch) : null,
        yawRateDps: rates ? finite(rates.yaw) : null,
      });
    };
  }

  private bindRate(f: DataFlashFormat): Handler | null {
    const roll = col(f, 'R');
    const pitch = col(f, 'P');
    const yaw = col(f, 'Y');
    if (roll < 0 || pitch < 0 || yaw < 0) return null;
    return (r) => {
      this.rates = {
        roll: f.number(r.view, r.at, roll),
        pitch: f.number(r.view, r.at, pitch),
        yaw: f.number(r.view, r.at, yaw),
      };
    };
  }

  /** EKF core 0's velocity (NKF1/XKF1 VN, VE, VD), the fused estimate positions go with. */
  private bindEkfVelocity(f: DataFlashFormat): Handler | null {
    const core = col(f, 'C');
    const vn = col(f, 'VN');
    const ve = col(f, 'VE');
    const vd = col(f, 'VD');
    if (vn < 0 || ve < 0 || vd < 0) return null;
    return (r) => {
      if (core >= 0 && f.number(r.view, r.at, core) !== 0) return;
      this.ekfVelocity = {
        vn: f.number(r.view, r.at, vn),
        ve: f.number(r.view, r.at, ve),
        vd: f.number(r.view, r.at, vd),
      };
    };
  }

  private bindBattery(f: DataFlashFormat, defaultId: number): Handler | null {
    const instance = col(f, 'Instance', 'Inst', 'I');
    const volt = col(f, 'Volt');
    const curr = col(f, 'Curr');
    const total = col(f, 'CurrTot');
    const remaining = col(f, 'RemPct');
    if (volt < 0) return null;
    const integer = (index: number) => index >= 0 && 'hHiI'.includes(f.columns[index]?.type ?? '');
    const voltScale = integer(volt) ? CENTI : 1;
    const currScale = integer(curr) ? CENTI : 1;
    return (r, tUs, bootMs) => {
      const v = r.view;
      const at = r.at;
      this.push('battery', tUs, bootMs, {
        batteryId: instance < 0 ? defaultId : f.number(v, at, instance),
        batteryVoltageV: finite(f.number(v, at, volt) * voltScale),
        batteryCurrentA: curr < 0 ? null : finite(f.number(v, at, curr) * currScale),
        batteryRemainingPct: remaining < 0 ? null : finite(f.number(v, at, remaining)),
        consumedMah: total < 0 ? null : finite(f.number(v, at, total)),
      });
    };
  }

  /** VIBE: one record per IMU (IMU, Clip) in newer logs, one with Clip0..2 in older ones. */
  private bindVibration(f: DataFlashFormat): Handler | null {
    const imu = col(f, 'IMU');
    const x = col(f, 'VibeX');
    const y = col(f, 'VibeY');
    const z = col(f, 'VibeZ');
    const clip = col(f, 'Clip');
    const clips = [col(f, 'Clip0'), col(f, 'Clip1'), col(f, 'Clip2')];
    if (x < 0 || y < 0 || z < 0) return null;
    return (r, tUs, bootMs) => {
      const v = r.view;
      const at = r.at;
      const index = imu < 0 ? 0 : f.number(v, at, imu);
      if (clip >= 0 && index >= 0 && index < 3) this.clipping[index] = f.number(v, at, clip);
      clips.forEach((c, i) => {
        if (c >= 0) this.clipping[i] = f.number(v, at, c);
      });
      if (index !== 0) return;
      this.push('vibration', tUs, bootMs, {
        vibeXMps2: finite(f.number(v, at, x)),
        vibeYMps2: finite(f.number(v, at, y)),
        vibeZMps2: finite(f.number(v, at, z)),
        clipping0: this.clipping[0] ?? null,
        clipping1: this.clipping[1] ?? null,
        clipping2: this.clipping[2] ?? null,
      });
    };
  }

  /** ORGN type 1 is the home position (type 0 the EKF origin). */
  private bindHome(f: DataFlashFormat): Handler | null {
    const type = col(f, 'Type');
    const lat = col(f, 'Lat');
    const lng = col(f, 'Lng');
    const alt = col(f, 'Alt');
    if (type < 0 || lat < 0 || lng < 0) return null;
    return (r, tUs, bootMs) => {
      if (f.number(r.view, r.at, type) !== 1) return;
      const latDeg = f.number(r.view, r.at, lat);
      const lonDeg = f.number(r.view, r.at, lng);
      if (latDeg === 0 && lonDeg === 0) return;
      this.push('home', tUs, bootMs, {
        homeLatDeg: finite(latDeg),
        homeLonDeg: finite(lonDeg),
        homeAltMslM: alt < 0 ? null : finite(f.number(r.view, r.at, alt)),
      });
    };
  }

  private bindMode(f: DataFlashFormat): Handler | null {
    const number = col(f, 'ModeNum', 'Mode');
    const reason = col(f, 'Rsn');
    if (number < 0) return null;
    return (r, tUs) => {
      const data: FlightEvent['data'] =
        reason < 0 ? {} : { reason: f.number(r.view, r.at, reason) };
      this.changeMode(f.number(r.view, r.at, number), tUs, 'MODE', data);
    };
  }

  private changeMode(
    modeNumber: number,
    tUs: number,
    source: string,
    extra: FlightEvent['data'] = {},
  ): void {
    const toMode = dataFlashModeName(this.effectiveClass(), modeNumber);
    if (modeNumber === this.modeNumber && toMode === this.modeName) return;
    const fromMode = this.modeName;
    this.modeNumber = modeNumber;
    this.modeName = toMode;
    const message = this.modeNumberSeen ? `Mode ${fromMode} → ${toMode}` : `Mode ${toMode}`;
    this.modeNumberSeen = true;
    this.event('mode-change', tUs, SEVERITY.notice, message, {
      fromMode,
      toMode,
      modeName: toMode,
      customMode: modeNumber,
      source,
      ...extra,
    });
  }

  private bindEv(f: DataFlashFormat): Handler | null {
    const id = col(f, 'Id');
    if (id < 0) return null;
    return (r, tUs) => {
      const event = f.number(r.view, r.at, id);
      if (event === EV_ARMED) this.setArmed(true, tUs, 'EV');
      else if (event === EV_DISARMED) this.setArmed(false, tUs, 'EV');
    };
  }

  private bindArm(f: DataFlashFormat): Handler | null {
    const state = col(f, 'ArmState');
    if (state < 0) return null;
    return (r, tUs) => this.setArmed(f.number(r.view, r.at, state) !== 0, tUs, 'ARM');
  }

  /** Newer logs write both an ARM record and EV 10/11 for one arming: one event. */
  private setArmed(armed: boolean, tUs: number, source: string): void {
    if (this.armed === armed) return;
    if (this.armed === null && !armed) {
      // The first arming record is a disarm: the log began armed (ArduPilot starts logging at
      // arming). The arming is stated at the log's first record, as the ULog reader does.
      this.event('arm', this.firstUs, SEVERITY.notice, 'Armed (when the log starts)', {
        modeName: this.modeName,
        source,
        atLogStart: true,
      });
    }
    this.armed = armed;
    this.event(armed ? 'arm' : 'disarm', tUs, SEVERITY.notice, armed ? 'Armed' : 'Disarmed', {
      modeName: this.modeName,
      source,
    });
  }

  private bindErr(f: DataFlashFormat): Handler | null {
    const subsystem = col(f, 'Subsys');
    const code = col(f, 'ECode');
    if (subsystem < 0 || code < 0) return null;
    return (r, tUs) => {
      const sub = f.number(r.view, r.at, subsystem);
      const errorCode = f.number(r.view, r.at, code);
      const name = errSubsystemName(sub);
      const data = { source: 'ERR', subsystem: sub, subsystemName: name, code: errorCode };
      if (isFailsafeSubsystem(sub)) {
        if (errorCode !== 0) {
          this.event(
            'failsafe',
            tUs,
            SEVERITY.critical,
            `Failsafe ${name} (code ${errorCode})`,
            data,
          );
        } else this.event('text', tUs, SEVERITY.info, `Failsafe ${name} resolved`, data);
      } else if (errorCode !== 0) {
        this.event('text', tUs, SEVERITY.warning, `Error ${name} (code ${errorCode})`, data);
      } else this.event('text', tUs, SEVERITY.info, `Error ${name} cleared`, data);
    };
  }

  private bindMsg(f: DataFlashFormat): Handler | null {
    const message = col(f, 'Message', 'Msg');
    if (message < 0) return null;
    return (r, tUs) => {
      const text = f.text(r.bytes, r.at, message);
      this.vehicleClass ??= classOfBanner(text);
      const severity = inferredSeverity(text);
      const failsafe = isFailsafeText(text);
      this.event('text', tUs, severity, text, { source: 'MSG', severityInferred: true, failsafe });
      if (failsafe) this.event('failsafe', tUs, SEVERITY.critical, text, { source: 'MSG' });
      const mode = FLIGHT_MODE_TEXT.exec(text);
      if (mode) this.changeMode(Number(mode[1]), tUs, 'MSG');
    };
  }

  private bindParm(f: DataFlashFormat): Handler | null {
    const name = col(f, 'Name');
    const value = col(f, 'Value');
    if (name < 0 || value < 0) return null;
    return (r) => {
      const parameter = f.text(r.bytes, r.at, name);
      if (parameter === 'SYSID_THISMAV') {
        const sysId = f.number(r.view, r.at, value);
        if (Number.isInteger(sysId) && sysId >= 1 && sysId <= 255) this.sysId = sysId;
      } else if (parameter === 'Q_ENABLE') {
        this.quadPlane = f.number(r.view, r.at, value) >= 1;
      }
    };
  }

  private bindVer(f: DataFlashFormat): Handler | null {
    const build = col(f, 'BU');
    if (build < 0) return null;
    return (r) => {
      this.vehicleClass = classOfBuild(f.number(r.view, r.at, build)) ?? this.vehicleClass;
    };
  }

  private bindDsf(f: DataFlashFormat): Handler | null {
    const dropped = col(f, 'Dp');
    if (dropped < 0) return null;
    return (r) => {
      this.droppedRecords = Math.max(this.droppedRecords, f.number(r.view, r.at, dropped));
    };
  }
}
