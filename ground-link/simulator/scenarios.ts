/**
 * The named test scenarios and the timing of the faults they inject. Times are relative to a
 * phase of the faulty vehicle's flight so the fault always lands in the same part of the
 * profile; the ground truth records the absolute times that resulted.
 */
export const SCENARIO_NAMES = [
  'clean',
  'link-loss',
  'fence-breach',
  'low-battery',
  'gps-loss',
  'reboot',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(name);
}

export const SCENARIO_TIMING = {
  /** The autopilot reboots this long after the simulation starts, before arming. */
  rebootAfterStartS: 3,
  /** No frames while it boots again. */
  rebootSilenceS: 4,
  gpsLossAfterMissionStartS: 10,
  gpsLossDurationS: 8,
  linkLossAfterMissionStartS: 20,
  /** At least 10 s so link-integrity checks see a planned gap clearly. */
  linkSilenceS: 15,
  /** PX4 COM_DL_LOSS_T-like: the vehicle gives up on the ground station after 3 s. */
  linkLossFailsafeDelayS: 3,
  /** The position hold starts drifting this long into the hold. */
  fenceDriftAfterHoldStartS: 10,
  fenceDriftSpeedMps: 4,
  /** The onboard geofence check notices the breach within this delay and returns. */
  fenceFailsafeDelayS: 1,
  /** The faulty vehicle takes off with a battery this full, so it crosses 15 % mid-mission. */
  lowBatteryStartPct: 30,
  lowBatteryThresholdPct: 15,
  lowBatteryFailsafeDelayS: 2,
} as const;
