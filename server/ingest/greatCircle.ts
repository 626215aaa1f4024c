const EARTH_RADIUS_M = 6_371_008.8;
const RAD_PER_DEG = Math.PI / 180;

/** Haversine distance between two WGS-84 points [m]; plenty for steps of a few metres. */
export function distanceM(lat1Deg: number, lon1Deg: number, lat2Deg: number, lon2Deg: number) {
  const dLat = (lat2Deg - lat1Deg) * RAD_PER_DEG;
  const dLon = (lon2Deg - lon1Deg) * RAD_PER_DEG;
  const a =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1Deg * RAD_PER_DEG) * Math.cos(lat2Deg * RAD_PER_DEG) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}
