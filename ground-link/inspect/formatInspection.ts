import { minimal } from 'mavlink-mappings';
import { lossPctOf } from '../../telemetry/model/linkStats.js';
import type { FlightSummary } from './flightTracker.js';
import type { TlogInspection, VehicleInspection } from './inspectTlog.js';

/** `2026-05-12 00:01:02Z` */
function clock(tUs: number): string {
  return new Date(tUs / 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** `00:01:02` of the day, short enough for a mode timeline. */
function timeOfDay(tUs: number): string {
  return new Date(tUs / 1000).toISOString().slice(11, 19);
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return minutes > 0 ? `${minutes} min ${whole % 60} s` : `${whole} s`;
}

function metres(value: number | null, unit: string, digits = 1): string {
  return value === null ? '–' : `${value.toFixed(digits)} ${unit}`;
}

function enumName(table: Record<string | number, string | number>, value: number | null): string {
  if (value === null) return '?';
  const name = table[value];
  return typeof name === 'string' ? name.toLowerCase().replaceAll('_', ' ') : String(value);
}

const START_WORDS: Record<FlightSummary['startedBy'], string> = {
  arm: 'armed',
  'log-start': 'armed when the log starts,',
  motion: 'moving (inferred)',
};

function flightEnd(flight: FlightSummary): string {
  if (flight.endedBy === 'motion' && flight.disarmUs !== null) {
    return `at rest ${clock(flight.disarmUs)} (inferred)`;
  }
  if (flight.disarmUs === null) {
    return flight.startedBy === 'motion'
      ? 'still moving at the end of the log'
      : 'still armed at the end of the log';
  }
  return `disarmed ${clock(flight.disarmUs)}`;
}

function formatFlight(flight: FlightSummary, index: number): string[] {
  const end = flightEnd(flight);
  const modes = flight.modes.map((m) => `${m.mode} ${timeOfDay(m.tUs)}`).join(' → ');
  return [
    `  flight ${index + 1}: ${START_WORDS[flight.startedBy]} ${clock(flight.armUs)}, ${end}, ${duration(flight.durationS)}`,
    `    modes: ${modes}`,
    `    max altitude ${metres(flight.maxAltRelM, 'm')} above home, track ${metres(flight.trackLengthM, 'm', 0)}, ` +
      `${flight.positionSamples} position samples, max ground speed ${metres(flight.maxGroundSpeedMps, 'm/s')}`,
  ];
}

function formatVehicle(vehicle: VehicleInspection): string[] {
  const type = enumName(minimal.MavType, vehicle.mavType);
  const autopilot = enumName(minimal.MavAutopilot, vehicle.autopilot);
  const lossPct = lossPctOf(vehicle);
  const estimated =
    vehicle.framesLostEstimated > 0 ? ` (${vehicle.framesLostEstimated} frames estimated)` : '';
  const flights = vehicle.flights.length === 1 ? '1 flight' : `${vehicle.flights.length} flights`;
  return [
    `vehicle ${vehicle.sysId}/${vehicle.compId} (${type}, ${autopilot}): ${flights}, ` +
      `${vehicle.positionSamples} position samples, ${vehicle.framesReceived} frames, loss ${lossPct.toFixed(1)} %${estimated}`,
    ...vehicle.flights.flatMap(formatFlight),
  ];
}

/** The report `sortie-link inspect` prints: one block per vehicle, one line per fact. */
export function formatInspection(report: TlogInspection): string {
  const span =
    report.firstUs === null || report.lastUs === null
      ? 'no records'
      : `${clock(report.firstUs)} → ${clock(report.lastUs)} (${duration((report.lastUs - report.firstUs) / 1e6)})`;
  const stations =
    report.groundStations.length === 0
      ? 'none'
      : report.groundStations.map((g) => `${g.sysId}/${g.compId}`).join(', ');
  const lines = [
    `${report.path}`,
    `  ${span}`,
    `  ${report.frames} frames, ${report.badCrcFrames} bad frames, ${report.junkBytes} junk bytes, ` +
      `${report.unknownMessages} unknown messages, ${report.badTimestamps} corrupt timestamps, ` +
      `${Object.values(report.valuesOutOfBounds).reduce((sum, n) => sum + n, 0)} impossible values`,
    `  ground stations seen: ${stations}`,
    ...(report.vehicles.length === 0
      ? ['no vehicle in this log']
      : report.vehicles.flatMap(formatVehicle)),
  ];
  return lines.join('\n') + '\n';
}
