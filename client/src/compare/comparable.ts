import type { MessageKey } from '../i18n/en';

/** How many flights one comparison holds: two at least, four at most (more is unreadable). */
export const COMPARE_MIN_FLIGHTS = 2;
export const COMPARE_MAX_FLIGHTS = 4;

interface ComparedFlight {
  vehicleId: string;
  testPlanId: string | null;
}

/**
 * Why these flights cannot be compared, or null when they can: 2–4 flights, all of one vehicle
 * or all flown under one test plan (otherwise the numbers mean different things).
 */
export function whyNotComparable(flights: readonly ComparedFlight[]): MessageKey | null {
  if (flights.length < COMPARE_MIN_FLIGHTS || flights.length > COMPARE_MAX_FLIGHTS)
    return 'flights.compareCount';
  const [first] = flights;
  const sameVehicle = flights.every((f) => f.vehicleId === first!.vehicleId);
  const samePlan =
    first!.testPlanId !== null && flights.every((f) => f.testPlanId === first!.testPlanId);
  return sameVehicle || samePlan ? null : 'flights.compareMismatch';
}

/** `/compare?flights=a,b,c`: the ids of the flights to compare, in the order given. */
export function compareHref(flightIds: readonly string[]): string {
  return `/compare?flights=${flightIds.map(encodeURIComponent).join(',')}`;
}

export function flightIdsFromQuery(value: string | null): string[] {
  return [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  ];
}
