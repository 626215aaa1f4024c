import { common } from 'mavlink-mappings';
import type { FlightEvent, FlightEventType } from '../model/flightEvent.js';
import type { SourceState } from './sourceState.js';

/** MAV_SEVERITY values the normaliser assigns to the events it derives itself. */
export const SEVERITY = { critical: 2, warning: 4, notice: 5, info: 6 } as const;

export function flightEvent(
  type: FlightEventType,
  source: SourceState,
  tUs: number,
  severity: number,
  message: string,
  data: FlightEvent['data'] = {},
): FlightEvent {
  return { type, tUs, sysId: source.sysId, compId: source.compId, severity, message, data };
}

const MAV_RESULT_ACCEPTED = 0;
const MAV_RESULT_IN_PROGRESS = 5;

export function commandAckEvent(
  source: SourceState,
  tUs: number,
  command: number,
  result: number,
): FlightEvent {
  const commandName = (common.MavCmd as Record<number, string | undefined>)[command] ?? 'UNKNOWN';
  const resultName = (common.MavResult as Record<number, string | undefined>)[result] ?? 'UNKNOWN';
  const ok = result === MAV_RESULT_ACCEPTED || result === MAV_RESULT_IN_PROGRESS;
  return flightEvent(
    'command-ack',
    source,
    tUs,
    ok ? SEVERITY.info : SEVERITY.warning,
    `Command ${commandName} (${command}): ${resultName}`,
    { command, commandName, result, resultName },
  );
}
