/** One colour per compared flight, the same on the map, the plot and the tables. */
export const FLIGHT_COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#ef8f00'] as const;

export function flightColour(index: number): string {
  return FLIGHT_COLOURS[index % FLIGHT_COLOURS.length]!;
}
