/**
 * The normalised telemetry channels, grouped by the MAVLink message they come from.
 *
 * Every channel name carries its unit (`altRelM`, `groundSpeedMps`) and is unique across
 * kinds, so a channel name alone finds its kind (the series API takes bare channel names).
 * Samples of one kind share one timestamp; the server stores each kind in its own columnar
 * buckets because kinds arrive at different rates.
 */
export const SAMPLE_KINDS = {
  /** HEARTBEAT: flight state as numbers so criteria can read it over time. */
  heartbeat: ['armed', 'baseMode', 'customMode', 'systemStatus', 'mavType', 'autopilot'],
  /** GLOBAL_POSITION_INT: the fused position estimate. */
  position: ['latDeg', 'lonDeg', 'altMslM', 'altRelM', 'vnMps', 'veMps', 'vdMps', 'headingDeg'],
  /** GPS_RAW_INT: the receiver's own solution and its quality. */
  gps: [
    'gpsLatDeg',
    'gpsLonDeg',
    'gpsAltMslM',
    'fixType',
    'satellites',
    'hdop',
    'vdop',
    'gpsSpeedMps',
    'gpsCourseDeg',
  ],
  /** ATTITUDE */
  attitude: ['rollDeg', 'pitchDeg', 'yawDeg', 'rollRateDps', 'pitchRateDps', 'yawRateDps'],
  /** VFR_HUD */
  hud: ['airspeedMps', 'groundSpeedMps', 'hudHeadingDeg', 'throttlePct', 'hudAltMslM', 'climbMps'],
  /** SYS_STATUS: battery as the autopilot reports it, plus link and load figures. */
  system: ['voltageV', 'currentA', 'remainingPct', 'loadPct', 'dropRateCommPct'],
  /** BATTERY_STATUS: per battery; `batteryId` tells them apart. */
  battery: [
    'batteryId',
    'batteryVoltageV',
    'batteryCurrentA',
    'batteryRemainingPct',
    'consumedMah',
  ],
  /** RADIO_STATUS: telemetry radio quality, both ends. */
  radio: ['rssi', 'remRssi', 'noise', 'remNoise', 'txBufPct', 'rxErrors', 'fixedErrors'],
  /** VIBRATION */
  vibration: ['vibeXMps2', 'vibeYMps2', 'vibeZMps2', 'clipping0', 'clipping1', 'clipping2'],
  /** HOME_POSITION */
  home: ['homeLatDeg', 'homeLonDeg', 'homeAltMslM'],
  /** EXTENDED_SYS_STATE: MAV_VTOL_STATE and MAV_LANDED_STATE. */
  extendedState: ['vtolState', 'landedState'],
  /** MISSION_CURRENT */
  mission: ['missionSeq', 'missionTotal', 'missionState'],
  /** NAV_CONTROLLER_OUTPUT */
  navigation: [
    'navRollDeg',
    'navPitchDeg',
    'navBearingDeg',
    'targetBearingDeg',
    'wpDistM',
    'altErrorM',
    'airspeedErrorMps',
    'xtrackErrorM',
  ],
  /** SYSTEM_TIME: the vehicle's UTC clock, for checking the ground clock against it. */
  systemTime: ['timeUnixUs'],
} as const;

export type SampleKind = keyof typeof SAMPLE_KINDS;
export type ChannelOf<K extends SampleKind> = (typeof SAMPLE_KINDS)[K][number];
export type Channel = { [K in SampleKind]: ChannelOf<K> }[SampleKind];

export const SAMPLE_KIND_NAMES = Object.keys(SAMPLE_KINDS) as SampleKind[];

/** Finds the kind a channel belongs to; channel names are unique across kinds. */
export const KIND_OF_CHANNEL: ReadonlyMap<string, SampleKind> = new Map(
  SAMPLE_KIND_NAMES.flatMap((kind) =>
    SAMPLE_KINDS[kind].map((channel) => [channel, kind] as const),
  ),
);

export function isChannel(name: string): name is Channel {
  return KIND_OF_CHANNEL.has(name);
}
