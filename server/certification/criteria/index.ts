import { altitudeHold } from './altitudeHold.js';
import { attitudeStability } from './attitudeStability.js';
import { climbRate } from './climbRate.js';
import { endurance } from './endurance.js';
import { geofence } from './geofence.js';
import { gnssQuality } from './gnssQuality.js';
import { heightCeiling } from './heightCeiling.js';
import { hoverAccuracy } from './hoverAccuracy.js';
import { landingAccuracy } from './landingAccuracy.js';
import { linkIntegrity } from './linkIntegrity.js';
import { linkLossRth } from './linkLossRth.js';
import { lowBattery } from './lowBattery.js';
import { maxSpeed } from './maxSpeed.js';
import { pathTracking } from './pathTracking.js';
import { vibration } from './vibration.js';

/** The 15 criteria of CRITERIA.md, by id, in its order. */
export const CRITERIA = {
  'hover-accuracy': hoverAccuracy,
  'altitude-hold': altitudeHold,
  'path-tracking': pathTracking,
  'max-speed': maxSpeed,
  'climb-rate': climbRate,
  'height-ceiling': heightCeiling,
  geofence,
  'link-loss-rth': linkLossRth,
  'low-battery': lowBattery,
  endurance,
  'attitude-stability': attitudeStability,
  vibration,
  'gnss-quality': gnssQuality,
  'link-integrity': linkIntegrity,
  'landing-accuracy': landingAccuracy,
} as const;

export type CriterionId = keyof typeof CRITERIA;
export const CRITERION_IDS = Object.keys(CRITERIA) as CriterionId[];
