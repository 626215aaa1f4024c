/** GPS time began at 1980-01-06T00:00:00Z [s since Unix epoch]. */
const GPS_EPOCH_UNIX_S = 315_964_800;
const SECONDS_PER_WEEK = 604_800;

/**
 * GPS − UTC [s] from each date on (UTC, the first day the new offset holds). GPS time has no leap
 * seconds, so converting it to UTC subtracts those in force on the day: 16 in 2014, 18 since 2017.
 * A leap second announced after 2017 needs one more line here.
 */
const LEAP_SECONDS: readonly (readonly [utcDate: string, gpsMinusUtcS: number])[] = [
  ['1981-07-01', 1],
  ['1982-07-01', 2],
  ['1983-07-01', 3],
  ['1985-07-01', 4],
  ['1988-01-01', 5],
  ['1990-01-01', 6],
  ['1991-01-01', 7],
  ['1992-07-01', 8],
  ['1993-07-01', 9],
  ['1994-07-01', 10],
  ['1996-01-01', 11],
  ['1997-07-01', 12],
  ['1999-01-01', 13],
  ['2006-01-01', 14],
  ['2009-01-01', 15],
  ['2012-07-01', 16],
  ['2015-07-01', 17],
  ['2017-01-01', 18],
];

/** The same table in GPS seconds since the GPS epoch at which each offset starts. */
const LEAP_STARTS_GPS_S = LEAP_SECONDS.map(
  ([date, offsetS]) =>
    [Date.parse(`${date}T00:00:00Z`) / 1000 - GPS_EPOCH_UNIX_S + offsetS, offsetS] as const,
);

/** GPS − UTC [s] at a GPS time [s since the GPS epoch]. */
export function leapSecondsAt(gpsS: number): number {
  let offsetS = 0;
  for (const [startGpsS, value] of LEAP_STARTS_GPS_S) {
    if (gpsS >= startGpsS) offsetS = value;
    else break;
  }
  return offsetS;
}

/** GPS week and time of week [ms] → UTC [µs since Unix epoch], with the leap seconds of the day. */
export function gpsToUnixUs(week: number, timeOfWeekMs: number): number {
  const gpsS = week * SECONDS_PER_WEEK + timeOfWeekMs / 1000;
  return Math.round((GPS_EPOCH_UNIX_S + gpsS - leapSecondsAt(gpsS)) * 1e6);
}
