import type { Flight } from '../api/types';

/** The summary quantities the comparison lines up, with the unit each is shown in. */
export const COMPARED_QUANTITIES = [
  { key: 'durationS', label: 'review.duration', unit: 's' },
  { key: 'maxAltRelM', label: 'review.maxAltitude', unit: 'm' },
  { key: 'maxGroundSpeedMps', label: 'review.maxSpeed', unit: 'm/s' },
  { key: 'distanceM', label: 'review.distance', unit: 'm' },
] as const;

export type ComparedQuantity = (typeof COMPARED_QUANTITIES)[number]['key'];

/** One quantity across the flights and its spread (largest minus smallest; null when unknown). */
export function quantityRow(
  flights: readonly Pick<Flight, 'summary'>[],
  key: ComparedQuantity,
): { values: (number | null)[]; spread: number | null } {
  const values = flights.map((f) => {
    const value = f.summary?.[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  });
  const known = values.filter((v): v is number => v !== null);
  const spread = known.length >= 2 ? Math.max(...known) - Math.min(...known) : null;
  return { values, spread };
}
