/**
 * Local flat-earth frame around the range origin. Over a range a few hundred metres wide the
 * error of the flat-earth approximation is millimetres, and the mapping stays exactly linear,
 * so a square in metres is a rectangle in latitude/longitude (what the range fence is).
 */
export interface GeoPoint {
  latDeg: number;
  lonDeg: number;
}

export interface RangeOrigin extends GeoPoint {
  altMslM: number;
}

/** East/north/up offset from the range origin [m]. */
export interface LocalPoint {
  eastM: number;
  northM: number;
  upM: number;
}

const EARTH_RADIUS_M = 6_378_137;
const DEG_PER_RAD = 180 / Math.PI;

export function metresPerDegreeLat(): number {
  return EARTH_RADIUS_M / DEG_PER_RAD;
}

export function metresPerDegreeLon(origin: GeoPoint): number {
  return (EARTH_RADIUS_M / DEG_PER_RAD) * Math.cos(origin.latDeg / DEG_PER_RAD);
}

export function localToGeo(origin: GeoPoint, eastM: number, northM: number): GeoPoint {
  return {
    latDeg: origin.latDeg + northM / metresPerDegreeLat(),
    lonDeg: origin.lonDeg + eastM / metresPerDegreeLon(origin),
  };
}

export function geoToLocal(origin: GeoPoint, point: GeoPoint): { eastM: number; northM: number } {
  return {
    eastM: (point.lonDeg - origin.lonDeg) * metresPerDegreeLon(origin),
    northM: (point.latDeg - origin.latDeg) * metresPerDegreeLat(),
  };
}

/** Compass bearing of a horizontal vector, 0 = north, clockwise [deg, 0…360). */
export function bearingDeg(eastM: number, northM: number): number {
  const bearing = Math.atan2(eastM, northM) * DEG_PER_RAD;
  return bearing < 0 ? bearing + 360 : bearing;
}
