import { gpsToUnixUs, leapSecondsAt } from './gpsTime.js';
import { DataFlashParser, type DataFlashRecord } from './dataFlashParser.js';
import { scanDataFlash, type ByteSource } from './readDataFlash.js';

const SECONDS_PER_WEEK = 604_800;

/** How a log's boot times become UTC. */
export interface LogClock {
  /** Time since boot of the first timed record [µs]; untimed records before it take it. */
  firstBootUs: number | null;
  /** UTC − boot time [µs], from the first GPS record with a GPS week; null without one. */
  utcMinusBootUs: number | null;
  /** GPS − UTC [s] applied, as in force on the day. */
  leapSeconds: number | null;
}

/** The GPS week and time of week [ms] of a GPS record, new (GWk, GMS) or old (Week, TimeMS) names. */
export function gpsWeekTime(record: DataFlashRecord): { week: number; ms: number } | null {
  const f = record.format;
  if (f.name !== 'GPS' && f.name !== 'GPS2') return null;
  const weekColumn = f.columnIndex.get('GWk') ?? f.columnIndex.get('Week');
  const msColumn = f.columnIndex.get('GMS') ?? f.columnIndex.get('TimeMS');
  if (weekColumn === undefined || msColumn === undefined) return null;
  return {
    week: f.number(record.view, record.at, weekColumn),
    ms: f.number(record.view, record.at, msColumn),
  };
}

/**
 * Reads a log up to its first GPS time (usually within the first seconds) to learn how its boot
 * clock maps to UTC. Streaming, like everything else: a log without GPS time is read to the end.
 */
export async function findLogClock(source: ByteSource): Promise<LogClock> {
  const clock: LogClock = { firstBootUs: null, utcMinusBootUs: null, leapSeconds: null };
  const parser = new DataFlashParser();
  await scanDataFlash(
    source,
    (record) => {
      if (record.timed && clock.firstBootUs === null) clock.firstBootUs = record.bootUs;
      if (clock.utcMinusBootUs !== null || !record.timed || record.bootUs === null) return;
      const gps = gpsWeekTime(record);
      if (!gps || !(gps.week > 0)) return;
      clock.utcMinusBootUs = gpsToUnixUs(gps.week, gps.ms) - record.bootUs;
      clock.leapSeconds = leapSecondsAt(gps.week * SECONDS_PER_WEEK + gps.ms / 1000);
      parser.stopped = clock.firstBootUs !== null;
    },
    parser,
  );
  return clock;
}
