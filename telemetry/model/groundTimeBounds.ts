import { z } from 'zod';

/**
 * The ground times Sortie accepts [µs since Unix epoch]: 2000-01-01 up to 2100-01-01. A time
 * outside is a corrupt timestamp (a flipped bit in a .tlog record, an unset clock), never a
 * flight; the normaliser holds its clock instead and the ingest schema refuses it.
 */
export const MIN_GROUND_TIME_US = Date.UTC(2000, 0, 1) * 1000;
export const MAX_GROUND_TIME_US = Date.UTC(2100, 0, 1) * 1000;

export function isPlausibleGroundTime(tUs: number): boolean {
  return tUs >= MIN_GROUND_TIME_US && tUs < MAX_GROUND_TIME_US;
}

/** A ground time in the accepted span, for the contract's schemas. */
export const groundTimeUsSchema = z
  .number()
  .int()
  .min(MIN_GROUND_TIME_US, 'is before 2000-01-01: a corrupt or unset clock')
  .max(MAX_GROUND_TIME_US - 1, 'is after 2099: a corrupt clock');
