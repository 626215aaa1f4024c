import { flightEvent, SEVERITY } from '../mavlink/flightEvents.js';
import { modeName } from '../mavlink/modeNames.js';
import { newSourceState, type SourceState } from '../mavlink/sourceState.js';
import type { FlightEvent } from '../model/flightEvent.js';
import type { AnySample, Sample } from '../model/sample.js';
import type { SampleKind } from '../model/sampleKinds.js';
import { px4CustomModeOfNavState } from './px4NavState.js';
import { scaled, TopicFields, value } from './topicFields.js';
import type { UlogFieldLayout } from './ulogFormat.js';
import type { UlogSubscription, UlogVisitor } from './ulogReader.js';

/**
 * Turns the topics of a PX4 ULog into the same samples and flight events the MAVLink
 * normaliser makes of a live link, so a .ulg and a .tlog of one flight read alike.
 *
 * Time: ULog timestamps are µs since the vehicle booted. `tUs` (the model's master clock) is
 * that plus `utcOffsetUs` (from the GPS's UTC time, see findUlogUtcOffsetUs), or boot time
 * itself when the log never had one. A timestamp of 0 (a topic published before it was
 * stamped) takes the last good time instead of jumping to the start.
 */

export interface UlogNormaliserOptions {
  /** UTC − boot time [µs]; 0 keeps boot time. */
  utcOffsetUs?: number;
  /** Called whenever this many samples have built up (memory stays bounded). */
  batchSize?: number;
  onBatch?: (samples: AnySample[], events: FlightEvent[]) => void;
}

const MAV_AUTOPILOT_PX4 = 12;
const MAV_MODE_FLAG_CUSTOM_MODE_ENABLED = 1;
const MAV_MODE_FLAG_SAFETY_ARMED = 128;
const ARMING_STATE_ARMED = 2;
const GPS_FIX_2D = 2;
const GPS_FIX_3D = 3;
const LANDED_STATE_ON_GROUND = 1;
const LANDED_STATE_IN_AIR = 2;
const BATTERY_WARNING_CRITICAL = 2;
/** libevents levels above debug (protocol, disabled) are not for people. */
const MAX_EVENT_LEVEL = 7;
const RAD_TO_DEG = 180 / Math.PI;
const FAILSAFE_TEXT = /failsafe/i;
const FAILSAFE_CLEARED_TEXT = /clear|resolved|ended|off\b|deactivated/i;

/**
 * Flags of failsafe_flags (PX4 ≥ 1.14) and of vehicle_status (older releases) whose rising
 * edge while armed is a failsafe. Flags that are simply true on the ground (no mission, no
 * offboard link, no position yet) are left out: they only make PX4 refuse a mode.
 */
const FAILSAFE_FLAGS = [
  'manual_control_signal_lost',
  'gcs_connection_lost',
  'battery_low_remaining_time',
  'battery_unhealthy',
  'primary_geofence_breached',
  'mission_failure',
  'vtol_fixed_wing_system_failure',
  'wind_limit_exceeded',
  'flight_time_limit_exceeded',
  'fd_critical_failure',
  'fd_esc_arming_failure',
  'fd_imbalanced_prop',
  'fd_motor_failure',
  'rc_signal_lost',
  'data_link_lost',
  'engine_failure',
  'geofence_violated',
] as const;

type Handler = (view: DataView, base: number, timestampUs: number) => void;

interface FlagWatch {
  name: string;
  field: UlogFieldLayout;
  /** Null before the first message: a flag already set then was not raised during the log. */
  on: boolean | null;
}

export class UlogNormaliser implements UlogVisitor {
  private samples: AnySample[] = [];
  private events: FlightEvent[] = [];
  private readonly utcOffsetUs: number;
  private readonly batchSize: number;
  private readonly onBatch: UlogNormaliserOptions['onBatch'];
  private readonly source: SourceState = newSourceState(1, 1);
  private lastGoodTimestampUs = 0;
  /** Counts of data messages stamped 0, given the last good time. */
  zeroTimestamps = 0;
  readonly sampleCounts = new Map<SampleKind, number>();
  /** Whether any vehicle_status was read: without it, arming is unknown. */
  statusSeen = false;
  private statusArmed: boolean | null = null;
  private customMode: number | null = null;
  private statusFailsafe = false;
  private mavTypeParam: number | null = null;
  private hasVehicleGps = false;
  private hasGlobalPosition = false;
  // Latest values of topics other samples need.
  private homeAltMslM: number | null = null;
  private homeLocalZM: number | null = null;
  private localResetCounter: number | null = null;
  private velocity: { vnMps: number | null; veMps: number | null; vdMps: number | null } = {
    vnMps: null,
    veMps: null,
    vdMps: null,
  };
  private headingDeg: number | null = null;
  private rates: { x: number | null; y: number | null; z: number | null } = {
    x: null,
    y: null,
    z: null,
  };
  private gpsFixOk: boolean | null = null;

  constructor(options: UlogNormaliserOptions = {}) {
    this.utcOffsetUs = options.utcOffsetUs ?? 0;
    this.batchSize = options.batchSize ?? 4096;
    this.onBatch = options.onBatch;
    this.source.role = 'vehicle';
    this.source.autopilot = MAV_AUTOPILOT_PX4;
    this.source.modeName = 'UNKNOWN';
  }

  get sysId(): number {
    return this.source.sysId;
  }

  get armed(): boolean {
    return this.statusArmed === true;
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

  // ── visitor ────────────────────────────────────────────────────────────────────────

  parameter(name: string, v: number): void {
    // PX4's MAVLink system id, so a .ulg's vehicle is the one its .tlog names.
    if (name === 'MAV_SYS_ID' && v >= 1 && v <= 255 && Number.isInteger(v)) {
      this.source.sysId = v;
    } else if (name === 'MAV_TYPE' && Number.isInteger(v)) {
      this.mavTypeParam = v;
    }
  }

  subscribe(sub: UlogSubscription): void {
    sub.handler = this.handlerFor(sub);
  }

  data(
    sub: UlogSubscription,
    view: DataView,
    start: number,
    _length: number,
    timestampUs: number,
  ): void {
    const handler = sub.handler as Handler | null;
    if (handler === null) return;
    let t = timestampUs;
    if (t === 0) {
      this.zeroTimestamps++;
      t = this.lastGoodTimestampUs;
    } else if (t > this.lastGoodTimestampUs) {
      this.lastGoodTimestampUs = t;
    }
    handler(view, start, t);
  }

  log(level: number, tag: number | null, timestampUs: number, text: string): void {
    const t = timestampUs === 0 ? this.lastGoodTimestampUs : timestampUs;
    const severity = Math.min(Math.max(level, 0), 7);
    const tUs = this.tUs(t);
    const clean = text.trim();
    this.events.push(
      flightEvent('text', this.source, tUs, severity, clean, {
        source: 'ulog',
        ...(tag === null ? {} : { tag }),
      }),
    );
    if (FAILSAFE_TEXT.test(clean) && !FAILSAFE_CLEARED_TEXT.test(clean)) {
      this.failsafe(tUs, clean, { source: 'logged message' });
    }
  }

  // ── topics ─────────────────────────────────────────────────────────────────────────

  private handlerFor(sub: UlogSubscription): Handler | null {
    const f = new TopicFields(sub);
    const first = sub.multiId === 0;
    switch (sub.topic) {
      case 'vehicle_status':
        return first ? this.vehicleStatus(f) : null;
      case 'failsafe_flags':
        return first ? this.flagsHandler(f, 'failsafe_flags') : null;
      case 'vehicle_global_position':
        if (!first) return null;
        this.hasGlobalPosition = true;
        return this.globalPosition(f);
      case 'vehicle_local_position':
        return first ? this.localPosition(f) : null;
      case 'home_position':
        return first ? this.homePosition(f) : null;
      case 'vehicle_attitude':
        return first ? this.attitude(f) : null;
      case 'vehicle_angular_velocity':
        return first ? this.angularVelocity(f) : null;
      case 'battery_status':
        return this.battery(f, sub.multiId);
      case 'vehicle_gps_position':
        if (!first) return null;
        this.hasVehicleGps = true;
        return this.gps(f, () => true);
      case 'sensor_gps':
        // The raw receiver, only where the log has no fused vehicle_gps_position.
        return first ? this.gps(f, () => !this.hasVehicleGps) : null;
      case 'vehicle_imu_status':
        return first ? this.imuStatus(f) : null;
      case 'vehicle_land_detected':
        return first ? this.landDetected(f) : null;
      case 'event':
        return this.px4Event(f);
      default:
        return null;
    }
  }

  private vehicleStatus(f: TopicFields): Handler {
    const arming = f.field('arming_state');
    const navState = f.field('nav_state');
    const failsafe = f.field('failsafe');
    const systemType = f.field('system_type');
    const flags = this.flagsHandler(f, 'vehicle_status');
    return (view, base, t) => {
      const tUs = this.tUs(t);
      const armed = value(view, base, arming) === ARMING_STATE_ARMED;
      const nav = value(view, base, navState);
      const customMode = nav === null ? null : (px4CustomModeOfNavState(nav) ?? nav);
      const mavType = value(view, base, systemType) ?? this.mavTypeParam;
      const baseMode = MAV_MODE_FLAG_CUSTOM_MODE_ENABLED | (armed ? MAV_MODE_FLAG_SAFETY_ARMED : 0);
      const mode =
        customMode === null
          ? 'UNKNOWN'
          : modeName(MAV_AUTOPILOT_PX4, mavType ?? 0, baseMode, customMode);
      this.source.mavType = mavType;
      if (this.statusArmed === null) {
        // PX4 starts logging at arming: a first status that is armed is the arming itself.
        if (armed) {
          this.events.push(
            flightEvent('arm', this.source, tUs, SEVERITY.notice, 'Armed', {
              modeName: mode,
              atLogStart: true,
            }),
          );
        }
      } else if (armed !== this.statusArmed) {
        this.events.push(
          flightEvent(
            armed ? 'arm' : 'disarm',
            this.source,
            tUs,
            SEVERITY.notice,
            armed ? 'Armed' : 'Disarmed',
            {
              modeName: mode,
            },
          ),
        );
      }
      if (this.customMode !== null && customMode !== null && customMode !== this.customMode) {
        this.events.push(
          flightEvent(
            'mode-change',
            this.source,
            tUs,
            SEVERITY.notice,
            `Mode ${this.source.modeName} → ${mode}`,
            {
              fromMode: this.source.modeName,
              toMode: mode,
              customMode,
              navState: nav,
            },
          ),
        );
      }
      const failsafeNow = value(view, base, failsafe) === 1;
      if (failsafeNow && !this.statusFailsafe) {
        this.failsafe(tUs, `Failsafe active in ${mode}`, {
          source: 'vehicle_status',
          modeName: mode,
        });
      }
      this.statusFailsafe = failsafeNow;
      this.statusSeen = true;
      this.statusArmed = armed;
      this.source.armed = armed;
      if (customMode !== null) {
        this.customMode = customMode;
        this.source.modeName = mode;
      }
      this.push('heartbeat', t, {
        armed: armed ? 1 : 0,
        baseMode,
        customMode: this.customMode,
        systemStatus: null,
        mavType,
        autopilot: MAV_AUTOPILOT_PX4,
      });
      flags(view, base, t);
    };
  }

  /** Rising edges of failsafe flags while armed. */
  private flagsHandler(f: TopicFields, topic: string): Handler {
    const watches: FlagWatch[] = [];
    for (const name of FAILSAFE_FLAGS) {
      const field = f.field(name);
      if (field && (field.type === 'bool' || field.type === 'uint8_t'))
        watches.push({ name, field, on: null });
    }
    const batteryWarning = topic === 'failsafe_flags' ? f.field('battery_warning') : null;
    let batteryCritical = false;
    return (view, base, t) => {
      for (const watch of watches) {
        const on = value(view, base, watch.field) === 1;
        if (on && watch.on === false && this.armed) {
          this.failsafe(this.tUs(t), `Failsafe: ${watch.name.replaceAll('_', ' ')}`, {
            source: topic,
            flag: watch.name,
          });
        }
        watch.on = on;
      }
      const warning = value(view, base, batteryWarning);
      const critical = warning !== null && warning >= BATTERY_WARNING_CRITICAL;
      if (critical && !batteryCritical && this.armed) {
        this.failsafe(this.tUs(t), 'Failsafe: battery critical', {
          source: topic,
          flag: 'battery_warning',
          batteryWarning: warning,
        });
      }
      batteryCritical = critical;
    };
  }

  /**
   * Altitude above home: the fused AMSL altitude minus the AMSL altitude of the home position
   * most recently published before it.
   *
   * Why not the local frame: its origin is where the estimator started, which may sit metres
   * above or below the vehicle (−z negative for a whole flight), and it jumps at every height
   * reset (z_reset_counter); ref_alt, the origin's AMSL height, may be NaN. The global
   * altitude is continuous through those resets. Why the latest home: PX4 sets home again at
   * takeoff and republishes it with a different altitude; the latest is the one the vehicle
   * flies RTL to and subtracts for MAVLink's relative altitude, so a .ulg and a .tlog of one
   * flight agree. Without a global position (no GPS), the local frame is used, home.z moved
   * by each reset's delta_z.
   */
  private globalPosition(f: TopicFields): Handler {
    const lat = f.field('lat');
    const lon = f.field('lon');
    const alt = f.field('alt');
    const latLonValid = f.field('lat_lon_valid');
    const altValid = f.field('alt_valid');
    const velN = f.field('vel_n');
    const velE = f.field('vel_e');
    const velD = f.field('vel_d');
    const yaw = f.field('yaw');
    return (view, base, t) => {
      const latDeg = value(view, base, lat);
      const lonDeg = value(view, base, lon);
      if (latDeg === null || lonDeg === null) return;
      if (latLonValid !== null && value(view, base, latLonValid) !== 1) return;
      // No fix: PX4 ≤ 1.7 published zeros before the estimator had a position.
      if (latDeg === 0 && lonDeg === 0) return;
      if (Math.abs(latDeg) > 90 || Math.abs(lonDeg) > 180) return;
      const altMslM =
        altValid !== null && value(view, base, altValid) !== 1 ? null : value(view, base, alt);
      const altRelM =
        altMslM !== null && this.homeAltMslM !== null ? altMslM - this.homeAltMslM : null;
      const vnMps = velN !== null ? value(view, base, velN) : this.velocity.vnMps;
      const veMps = velE !== null ? value(view, base, velE) : this.velocity.veMps;
      const vdMps = velD !== null ? value(view, base, velD) : this.velocity.vdMps;
      const yawRad = yaw !== null ? value(view, base, yaw) : null;
      this.push('position', t, {
        latDeg,
        lonDeg,
        altMslM,
        altRelM,
        vnMps,
        veMps,
        vdMps,
        headingDeg: yawRad !== null ? degrees360(yawRad) : this.headingDeg,
      });
    };
  }

  private localPosition(f: TopicFields): Handler {
    const z = f.field('z');
    const vx = f.field('vx');
    const vy = f.field('vy');
    const vz = f.field('vz');
    const heading = f.field('heading', 'yaw');
    const zValid = f.field('z_valid');
    const resetCounter = f.field('z_reset_counter');
    const deltaZ = f.field('delta_z');
    return (view, base, t) => {
      this.velocity = {
        vnMps: value(view, base, vx),
        veMps: value(view, base, vy),
        vdMps: value(view, base, vz),
      };
      const headingRad = value(view, base, heading);
      this.headingDeg = headingRad === null ? null : degrees360(headingRad);
      const counter = value(view, base, resetCounter);
      if (
        counter !== null &&
        this.localResetCounter !== null &&
        counter !== this.localResetCounter
      ) {
        // The frame moved by delta_z: home, stored in the old frame, moves with it.
        const delta = value(view, base, deltaZ);
        if (this.homeLocalZM !== null && delta !== null) this.homeLocalZM += delta;
      }
      if (counter !== null) this.localResetCounter = counter;
      if (this.hasGlobalPosition) return;
      const zM = zValid !== null && value(view, base, zValid) !== 1 ? null : value(view, base, z);
      this.push('position', t, {
        latDeg: null,
        lonDeg: null,
        altMslM: null,
        altRelM: zM !== null && this.homeLocalZM !== null ? this.homeLocalZM - zM : null,
        vnMps: this.velocity.vnMps,
        veMps: this.velocity.veMps,
        vdMps: this.velocity.vdMps,
        headingDeg: this.headingDeg,
      });
    };
  }

  private homePosition(f: TopicFields): Handler {
    const lat = f.field('lat');
    const lon = f.field('lon');
    const alt = f.field('alt');
    const z = f.field('z');
    const validAlt = f.field('valid_alt');
    const validHpos = f.field('valid_hpos');
    return (view, base, t) => {
      const altOk = validAlt === null || value(view, base, validAlt) === 1;
      const hposOk = validHpos === null || value(view, base, validHpos) === 1;
      let homeLatDeg = hposOk ? value(view, base, lat) : null;
      let homeLonDeg = hposOk ? value(view, base, lon) : null;
      if (homeLatDeg === 0 && homeLonDeg === 0) homeLatDeg = homeLonDeg = null;
      const homeAltMslM = altOk ? value(view, base, alt) : null;
      if (homeAltMslM !== null) this.homeAltMslM = homeAltMslM;
      const zM = altOk ? value(view, base, z) : null;
      if (zM !== null) this.homeLocalZM = zM;
      this.push('home', t, { homeLatDeg, homeLonDeg, homeAltMslM });
    };
  }

  private attitude(f: TopicFields): Handler {
    const q = f.field('q');
    const rollSpeed = f.field('rollspeed');
    const pitchSpeed = f.field('pitchspeed');
    const yawSpeed = f.field('yawspeed');
    return (view, base, t) => {
      const w = value(view, base, q, 0);
      const x = value(view, base, q, 1);
      const y = value(view, base, q, 2);
      const zq = value(view, base, q, 3);
      if (w === null || x === null || y === null || zq === null) return;
      const roll = Math.atan2(2 * (w * x + y * zq), 1 - 2 * (x * x + y * y));
      const pitch = Math.asin(Math.min(1, Math.max(-1, 2 * (w * y - zq * x))));
      const yaw = Math.atan2(2 * (w * zq + x * y), 1 - 2 * (y * y + zq * zq));
      this.push('attitude', t, {
        rollDeg: roll * RAD_TO_DEG,
        pitchDeg: pitch * RAD_TO_DEG,
        yawDeg: yaw * RAD_TO_DEG,
        rollRateDps: scaled(rollSpeed ? value(view, base, rollSpeed) : this.rates.x, RAD_TO_DEG),
        pitchRateDps: scaled(pitchSpeed ? value(view, base, pitchSpeed) : this.rates.y, RAD_TO_DEG),
        yawRateDps: scaled(yawSpeed ? value(view, base, yawSpeed) : this.rates.z, RAD_TO_DEG),
      });
    };
  }

  private angularVelocity(f: TopicFields): Handler {
    const xyz = f.field('xyz');
    return (view, base) => {
      this.rates = {
        x: value(view, base, xyz, 0),
        y: value(view, base, xyz, 1),
        z: value(view, base, xyz, 2),
      };
    };
  }

  private battery(f: TopicFields, multiId: number): Handler {
    const voltage = f.field('voltage_v', 'voltage_filtered_v');
    const current = f.field('current_a', 'current_filtered_a');
    const remaining = f.field('remaining');
    const discharged = f.field('discharged_mah');
    const connected = f.field('connected');
    return (view, base, t) => {
      if (connected !== null && value(view, base, connected) !== 1) return;
      const fraction = value(view, base, remaining);
      this.push('battery', t, {
        batteryId: multiId,
        batteryVoltageV: value(view, base, voltage),
        batteryCurrentA: value(view, base, current),
        // PX4 writes −1 for "unknown".
        batteryRemainingPct: fraction === null || fraction < 0 ? null : fraction * 100,
        consumedMah: value(view, base, discharged),
      });
    };
  }

  private gps(f: TopicFields, use: () => boolean): Handler {
    const latDeg = f.field('latitude_deg');
    const lonDeg = f.field('longitude_deg');
    const altMsl = f.field('altitude_msl_m');
    const latE7 = f.field('lat');
    const lonE7 = f.field('lon');
    const altMm = f.field('alt');
    const fixType = f.field('fix_type');
    const satellites = f.field('satellites_used');
    const hdop = f.field('hdop');
    const vdop = f.field('vdop');
    const speed = f.field('vel_m_s');
    const cog = f.field('cog_rad');
    return (view, base, t) => {
      if (!use()) return;
      const fix = value(view, base, fixType);
      const hasFix = fix !== null && fix >= GPS_FIX_2D;
      this.checkGpsFix(fix, t);
      const lat = latDeg ? value(view, base, latDeg) : scaled(value(view, base, latE7), 1e-7);
      const lon = lonDeg ? value(view, base, lonDeg) : scaled(value(view, base, lonE7), 1e-7);
      const cogRad = value(view, base, cog);
      this.push('gps', t, {
        gpsLatDeg: hasFix ? lat : null,
        gpsLonDeg: hasFix ? lon : null,
        gpsAltMslM: hasFix
          ? altMsl
            ? value(view, base, altMsl)
            : scaled(value(view, base, altMm), 1e-3)
          : null,
        fixType: fix,
        satellites: value(view, base, satellites),
        hdop: value(view, base, hdop),
        vdop: value(view, base, vdop),
        gpsSpeedMps: value(view, base, speed),
        gpsCourseDeg: cogRad === null ? null : degrees360(cogRad),
      });
    };
  }

  private checkGpsFix(fixType: number | null, t: number): void {
    const ok = fixType !== null && fixType >= GPS_FIX_3D;
    if (ok && this.gpsFixOk === false) {
      this.events.push(
        flightEvent(
          'gps-fix-regained',
          this.source,
          this.tUs(t),
          SEVERITY.info,
          'GPS 3D fix regained',
          { fixType },
        ),
      );
    } else if (!ok && this.gpsFixOk === true) {
      this.events.push(
        flightEvent('gps-fix-lost', this.source, this.tUs(t), SEVERITY.warning, 'GPS 3D fix lost', {
          fixType,
        }),
      );
    }
    if (ok) this.gpsFixOk = true;
    else if (this.gpsFixOk === true) this.gpsFixOk = false;
  }

  /**
   * vehicle_imu_status as PX4 sends it in MAVLink's VIBRATION (x: gyro vibration, y: gyro
   * coning, z: accel vibration metric, clipping per accel axis), so the channels mean the same
   * as a live link's.
   */
  private imuStatus(f: TopicFields): Handler {
    const accelVibration = f.field('accel_vibration_metric');
    if (accelVibration === null) return () => {};
    const gyroVibration = f.field('gyro_vibration_metric');
    const gyroConing = f.field('gyro_coning_vibration');
    const clipping = f.field('accel_clipping');
    return (view, base, t) => {
      this.push('vibration', t, {
        vibeXMps2: value(view, base, gyroVibration),
        vibeYMps2: value(view, base, gyroConing),
        vibeZMps2: value(view, base, accelVibration),
        clipping0: value(view, base, clipping, 0),
        clipping1: value(view, base, clipping, 1),
        clipping2: value(view, base, clipping, 2),
      });
    };
  }

  private landDetected(f: TopicFields): Handler {
    const landed = f.field('landed');
    return (view, base, t) => {
      const isLanded = value(view, base, landed);
      if (isLanded === null) return;
      this.push('extendedState', t, {
        vtolState: null,
        landedState: isLanded === 1 ? LANDED_STATE_ON_GROUND : LANDED_STATE_IN_AIR,
      });
    };
  }

  /**
   * PX4 events (libevents): their text needs the firmware's event metadata, which this reader
   * does not decode, so the event is kept by id with its level.
   */
  private px4Event(f: TopicFields): Handler {
    const id = f.field('id');
    const levels = f.field('log_levels');
    const sequence = f.field('event_sequence');
    return (view, base, t) => {
      const eventId = value(view, base, id);
      const level = value(view, base, levels);
      if (eventId === null || level === null) return;
      const external = level & 0x0f;
      if (external > MAX_EVENT_LEVEL) return;
      this.events.push(
        flightEvent('text', this.source, this.tUs(t), external, `PX4 event ${eventId}`, {
          source: 'ulog event',
          eventId,
          sequence: value(view, base, sequence),
        }),
      );
    };
  }

  // ── output ─────────────────────────────────────────────────────────────────────────

  private failsafe(tUs: number, message: string, data: FlightEvent['data']): void {
    this.events.push(flightEvent('failsafe', this.source, tUs, SEVERITY.critical, message, data));
  }

  private tUs(timestampUs: number): number {
    return Math.max(0, Math.round(this.utcOffsetUs + timestampUs));
  }

  private push<K extends SampleKind>(
    kind: K,
    timestampUs: number,
    values: Sample<K>['values'],
  ): void {
    const sample: Sample<K> = {
      kind,
      tUs: this.tUs(timestampUs),
      bootMs: Math.floor(timestampUs / 1000),
      sysId: this.source.sysId,
      compId: this.source.compId,
      values,
    };
    this.samples.push(sample as unknown as AnySample);
    this.sampleCounts.set(kind, (this.sampleCounts.get(kind) ?? 0) + 1);
    if (this.onBatch && this.samples.length >= this.batchSize)
      this.onBatch(this.takeSamples(), this.takeEvents());
  }

  /** Hands over what is left (call at the end). */
  flush(): void {
    if (this.onBatch) this.onBatch(this.takeSamples(), this.takeEvents());
  }
}

function degrees360(rad: number): number {
  const deg = (rad * RAD_TO_DEG) % 360;
  return deg < 0 ? deg + 360 : deg;
}
