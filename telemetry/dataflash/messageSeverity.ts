import { SEVERITY } from '../mavlink/flightEvents.js';

const PREARM = /^(PreArm|Arm):/;
const FAILSAFE = /failsafe/i;
const FAILSAFE_CLEARED = /clear|resolved|ended|off\b/i;
const TROUBLE = /error|fail|bad|crash|lost|glitch|unhealthy|emergency/i;

/**
 * DataFlash MSG records carry no severity: it is inferred the way ArduPilot sends the same text
 * over MAVLink (pre-arm failures and failsafes critical, trouble a warning, the rest info).
 */
export function inferredSeverity(text: string): number {
  if (PREARM.test(text)) return SEVERITY.critical;
  if (isFailsafeText(text)) return SEVERITY.critical;
  if (TROUBLE.test(text)) return SEVERITY.warning;
  return SEVERITY.info;
}

/** A failsafe that starts (not one that clears), as the MAVLink normaliser reads STATUSTEXT. */
export function isFailsafeText(text: string): boolean {
  return FAILSAFE.test(text) && !FAILSAFE_CLEARED.test(text);
}
