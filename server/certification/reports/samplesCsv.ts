import {
  KIND_OF_CHANNEL,
  type Channel,
  type SampleKind,
} from '../../../telemetry/model/sampleKinds.js';
import type { FlightData } from '../flightData.js';
import { lastIndexAtOrBefore } from '../series/sampleIndex.js';
import { modeAt } from '../series/modeSets.js';
import { csvDocument } from './csvFormat.js';
import { evidencePreamble } from './evidencePreamble.js';
import type { ReportEvaluation } from './reportInput.js';
import { isoTime } from './trackGeoJson.js';

/** A column of the curated CSV: the channel it reads and the header, unit included. */
interface CuratedColumn {
  channel: Channel;
  header: string;
  digits: number;
}

/**
 * The channels a person opening the file in a spreadsheet wants, in the order they read them,
 * units in the header: what ground-station users ask for instead of a raw message dump.
 */
const CURATED_COLUMNS: readonly CuratedColumn[] = [
  { channel: 'latDeg', header: 'Latitude (deg)', digits: 7 },
  { channel: 'lonDeg', header: 'Longitude (deg)', digits: 7 },
  { channel: 'altMslM', header: 'Altitude MSL (m)', digits: 2 },
  { channel: 'altRelM', header: 'Altitude above home (m)', digits: 2 },
  { channel: 'groundSpeedMps', header: 'Ground speed (m/s)', digits: 2 },
  { channel: 'climbMps', header: 'Climb rate (m/s)', digits: 2 },
  { channel: 'headingDeg', header: 'Heading (deg)', digits: 1 },
  { channel: 'rollDeg', header: 'Roll (deg)', digits: 1 },
  { channel: 'pitchDeg', header: 'Pitch (deg)', digits: 1 },
  { channel: 'yawDeg', header: 'Yaw (deg)', digits: 1 },
  { channel: 'voltageV', header: 'Battery voltage (V)', digits: 2 },
  { channel: 'currentA', header: 'Battery current (A)', digits: 2 },
  { channel: 'remainingPct', header: 'Battery remaining (%)', digits: 0 },
  { channel: 'fixType', header: 'GPS fix type', digits: 0 },
  { channel: 'satellites', header: 'GPS satellites', digits: 0 },
  { channel: 'hdop', header: 'GPS HDOP', digits: 2 },
  { channel: 'rssi', header: 'Radio RSSI', digits: 0 },
  { channel: 'vibeZMps2', header: 'Vibration Z (m/s²)', digits: 1 },
];

/** A value older than this is left empty rather than repeated as if current [s]. */
export const MAX_HELD_VALUE_AGE_S = 2;

/** The row clock: the first of these kinds the flight has. Position is what people plot. */
const CLOCK_KINDS: readonly SampleKind[] = ['position', 'gps', 'attitude', 'hud', 'system'];

/**
 * One row per position sample; every other channel holds its latest value no older than
 * MAX_HELD_VALUE_AGE_S, because kinds arrive at different rates and a spreadsheet wants one row
 * per instant. The evaluation it was exported with, when given, heads the file.
 */
export function samplesCsv(flightData: FlightData, evaluation?: ReportEvaluation): string {
  const preamble = evaluation ? evidencePreamble(evaluation) : [];
  const clockKind = CLOCK_KINDS.find((kind) => flightData.series[kind]);
  const clock = clockKind ? (flightData.series[clockKind] as { tUs: Float64Array }) : null;
  const header = [
    'Time (UTC)',
    'Time since start (s)',
    'Flight mode',
    'Armed',
    ...CURATED_COLUMNS.map((c) => c.header),
  ];
  if (!clock) return csvDocument(header, [], preamble);
  const heartbeat = flightData.series.heartbeat;
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < clock.tUs.length; i++) {
    const tUs = clock.tUs[i] as number;
    const armed = heartbeat ? heldValue(heartbeat, 'armed', tUs) : null;
    rows.push([
      isoTime(tUs),
      round((tUs - flightData.startUs) / 1e6, 3),
      modeAt(flightData, tUs),
      armed === null ? null : armed === 1 ? 'yes' : 'no',
      ...CURATED_COLUMNS.map((column) => {
        const kind = KIND_OF_CHANNEL.get(column.channel);
        const columns = kind
          ? (flightData.series[kind] as { tUs: Float64Array } | undefined)
          : undefined;
        const value = columns ? heldValue(columns, column.channel, tUs) : null;
        return value === null ? null : round(value, column.digits);
      }),
    ]);
  }
  return csvDocument(header, rows, preamble);
}

function heldValue(columns: { tUs: Float64Array }, channel: string, tUs: number): number | null {
  const values = (columns as unknown as Record<string, Float64Array>)[channel];
  if (!values) return null;
  const i = lastIndexAtOrBefore(columns.tUs, tUs);
  if (i < 0 || tUs - (columns.tUs[i] as number) > MAX_HELD_VALUE_AGE_S * 1e6) return null;
  const value = values[i] as number;
  return Number.isNaN(value) ? null : value;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
