/** Where the compared flights are put side by side: take-off, a mode change or a fence breach. */
export type Alignment = { kind: 'takeoff' } | { kind: 'mode'; mode: string } | { kind: 'breach' };

interface AlignmentEvent {
  type: string;
  tUs: number;
  data: Record<string, unknown>;
}

/** Height above home that counts as airborne [m]: above GPS/baro noise on the ground. */
export const TAKEOFF_ALT_REL_M = 1;

/**
 * The take-off time [µs]: the first sample above TAKEOFF_ALT_REL_M after the first arming, else
 * the arming, else the flight's first sample.
 */
export function takeoffUs(
  events: readonly AlignmentEvent[],
  altRelM: { tUs: readonly number[]; values: readonly (number | null)[] } | undefined,
  firstSampleUs: number,
): number {
  const armUs = events.find((e) => e.type === 'arm')?.tUs ?? null;
  if (altRelM) {
    for (let i = 0; i < altRelM.tUs.length; i++) {
      const value = altRelM.values[i];
      const tUs = altRelM.tUs[i]!;
      if (armUs !== null && tUs < armUs) continue;
      if (value !== null && value !== undefined && value > TAKEOFF_ALT_REL_M) return tUs;
    }
  }
  return armUs ?? firstSampleUs;
}

/** The chosen moment of one flight [µs], or null when it has no such event. */
export function alignmentUs(
  alignment: Alignment,
  events: readonly AlignmentEvent[],
  takeoff: number,
): number | null {
  switch (alignment.kind) {
    case 'takeoff':
      return takeoff;
    case 'mode':
      return (
        events.find((e) => e.type === 'mode-change' && e.data.toMode === alignment.mode)?.tUs ??
        null
      );
    case 'breach':
      return events.find((e) => e.type === 'fence-breach')?.tUs ?? null;
  }
}

/** The modes any of the flights changed to, for the "first change to mode" choice. */
export function modesChangedTo(eventLists: readonly (readonly AlignmentEvent[])[]): string[] {
  const modes = new Set<string>();
  for (const events of eventLists)
    for (const event of events)
      if (event.type === 'mode-change' && typeof event.data.toMode === 'string')
        modes.add(event.data.toMode);
  return [...modes].sort();
}
