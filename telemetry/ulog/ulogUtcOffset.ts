import type { UlogSubscription, UlogVisitor } from './ulogReader.js';
import { readUlogFile } from './ulogReader.js';
import { TopicFields, value } from './topicFields.js';
import type { UlogFieldLayout } from './ulogFormat.js';

interface GpsTimeFields {
  utc: UlogFieldLayout | null;
  fix: UlogFieldLayout | null;
}

const GPS_FIX_2D = 2;
/** Before this (2000-01-01) a GPS UTC time is a receiver that has not got the time yet. */
const MIN_UTC_US = 946_684_800_000_000;

/**
 * UTC − boot time [µs] of a .ulg: from the first GPS message with a fix and a UTC time
 * (vehicle_gps_position or sensor_gps time_utc_usec). Reads only until it finds one, or to
 * the first data message when no GPS topic is logged; null when the log has none.
 */
export async function findUlogUtcOffsetUs(path: string): Promise<number | null> {
  let offsetUs: number | null = null;
  let gpsSubscribed = false;
  const visitor: UlogVisitor = {
    subscribe(sub: UlogSubscription) {
      if (sub.topic !== 'vehicle_gps_position' && sub.topic !== 'sensor_gps') return;
      const f = new TopicFields(sub);
      sub.handler = { utc: f.field('time_utc_usec'), fix: f.field('fix_type') };
      gpsSubscribed = true;
    },
    data(sub, view, start, _length, timestampUs) {
      // PX4 subscribes its topics before the first data: none for GPS means no GPS time at all.
      if (!gpsSubscribed) {
        visitor.stopped = true;
        return;
      }
      const fields = sub.handler as GpsTimeFields | null;
      if (!fields || timestampUs === 0) return;
      const utcUs = value(view, start, fields.utc);
      const fix = value(view, start, fields.fix);
      if (utcUs === null || utcUs < MIN_UTC_US || fix === null || fix < GPS_FIX_2D) return;
      offsetUs = utcUs - timestampUs;
      visitor.stopped = true;
    },
  };
  await readUlogFile(path, visitor);
  return offsetUs;
}
