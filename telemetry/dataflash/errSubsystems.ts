/**
 * ERR record subsystems (ArduPilot's LogErrorSubsystem). Codes: for the FAILSAFE_* subsystems 0
 * means resolved and anything else occurred; for the others 0 means the error cleared.
 */
const SUBSYSTEMS = new Map<number, string>([
  [1, 'MAIN'],
  [2, 'RADIO'],
  [3, 'COMPASS'],
  [4, 'OPTFLOW'],
  [5, 'FAILSAFE_RADIO'],
  [6, 'FAILSAFE_BATT'],
  [7, 'FAILSAFE_GPS'],
  [8, 'FAILSAFE_GCS'],
  [9, 'FAILSAFE_FENCE'],
  [10, 'FLIGHT_MODE'],
  [11, 'GPS'],
  [12, 'CRASH_CHECK'],
  [13, 'FLIP'],
  [14, 'AUTOTUNE'],
  [15, 'PARACHUTES'],
  [16, 'EKFCHECK'],
  [17, 'FAILSAFE_EKFINAV'],
  [18, 'BARO'],
  [19, 'CPU'],
  [20, 'FAILSAFE_ADSB'],
  [21, 'TERRAIN'],
  [22, 'NAVIGATION'],
  [23, 'FAILSAFE_TERRAIN'],
  [24, 'EKF_PRIMARY'],
  [25, 'THRUST_LOSS_CHECK'],
  [26, 'FAILSAFE_SENSORS'],
  [27, 'FAILSAFE_LEAK'],
  [28, 'PILOT_INPUT'],
  [29, 'FAILSAFE_VIBE'],
  [30, 'INTERNAL_ERROR'],
  [31, 'FAILSAFE_DEADRECKON'],
]);

export function errSubsystemName(subsystem: number): string {
  return SUBSYSTEMS.get(subsystem) ?? `SUBSYSTEM_${subsystem}`;
}

export function isFailsafeSubsystem(subsystem: number): boolean {
  return errSubsystemName(subsystem).startsWith('FAILSAFE_');
}
