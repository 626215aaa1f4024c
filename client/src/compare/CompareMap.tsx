import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { Range } from '../api/types';
import { indexAtTime } from '../display/downsampleMinMax';
import { createMap } from '../map/createMap';
import { FenceLayers } from '../map/fenceLayers';
import { flightColour } from './flightColours';
import type { ComparedFlightData } from './useCompareData';

function trackPoints(data: ComparedFlightData): L.LatLngTuple[] {
  const lat = data.track.latDeg;
  const lon = data.track.lonDeg;
  if (!lat || !lon) return [];
  const points: L.LatLngTuple[] = [];
  // Latitude and longitude are downsampled separately: pair them by time, not by index.
  for (let i = 0; i < lat.tUs.length; i++) {
    const latDeg = lat.values[i];
    const lonDeg = lon.values[indexAtTime(lon.tUs, lat.tUs[i]!)];
    if (latDeg === null || latDeg === undefined || lonDeg === null || lonDeg === undefined)
      continue;
    points.push([latDeg, lonDeg]);
  }
  return points;
}

/** Every compared flight's track on one map, one colour each, over the first flight's fences. */
export function CompareMap({
  flights,
  range,
}: {
  flights: readonly ComparedFlightData[];
  range: Range | null;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const tracks = flights.map(trackPoints);
    const start =
      tracks.find((t) => t.length > 0)?.[0] ??
      (range
        ? ([range.origin.latDeg, range.origin.lonDeg] as L.LatLngTuple)
        : ([0, 0] as L.LatLngTuple));
    const map = createMap(container, start, 17);
    if (range) new FenceLayers(range.fences).group.addTo(map);
    const group = L.featureGroup().addTo(map);
    tracks.forEach((points, index) => {
      if (points.length === 0) return;
      L.polyline(points, { color: flightColour(index), weight: 3, opacity: 0.85 })
        .bindTooltip(flights[index]!.flight.vehicleName)
        .addTo(group);
    });
    const bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom: 19 });
    return () => {
      map.remove();
    };
  }, [flights, range]);
  return (
    <div
      ref={containerRef}
      className="map compare-map"
      data-testid="compare-map"
      data-tracks={flights.filter((f) => (f.track.latDeg?.tUs.length ?? 0) > 0).length}
    />
  );
}
