import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { ChannelSeries } from '../api/series';
import type { Range } from '../api/types';
import { indexAtTime } from '../display/downsampleMinMax';
import { createMap } from '../map/createMap';
import { FenceLayers } from '../map/fenceLayers';
import { addRangeBasemap } from '../map/rangeBasemap';
import { createVehicleMarker, setVehicleHeading } from '../map/vehicleMarker';
import type { ReplayClock } from './ReplayClock';

export interface TrackSeries {
  lat: ChannelSeries;
  lon: ChannelSeries;
  heading: ChannelSeries | null;
}

/** The flight's whole track, the part flown so far in bold, and the vehicle where the replay is. */
export function ReplayMap({
  track,
  clock,
  range,
  label,
}: {
  track: TrackSeries;
  clock: ReplayClock;
  range: Range | null;
  label: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const times = track.lat.tUs;
    const points: L.LatLngTuple[] = [];
    const pointTimes: number[] = [];
    // Latitude and longitude are downsampled separately: pair them by time, not by index.
    for (let i = 0; i < times.length; i++) {
      const lat = track.lat.values[i];
      const lon = track.lon.values[indexAtTime(track.lon.tUs, times[i]!)];
      if (lat === null || lat === undefined || lon === null || lon === undefined) continue;
      points.push([lat, lon]);
      pointTimes.push(times[i]!);
    }
    const start = points[0] ?? (range ? [range.origin.latDeg, range.origin.lonDeg] : [0, 0]);
    const map = createMap(container, start as L.LatLngTuple, 17);
    if (range) new FenceLayers(range.fences).group.addTo(map);
    if (range) addRangeBasemap(map, range.id);
    const whole = L.polyline(points, { color: '#607d8b', weight: 2, opacity: 0.5 }).addTo(map);
    const flown = L.polyline([], { color: '#1565c0', weight: 3 }).addTo(map);
    const marker = createVehicleMarker(start as L.LatLngTuple, label, '#1565c0').addTo(map);
    // A hover track is metres wide: do not zoom in past street level.
    if (points.length > 1) map.fitBounds(whole.getBounds().pad(0.2), { maxZoom: 19 });

    let lastIndex = -1;
    const follow = () => {
      const index = indexAtTime(pointTimes, clock.tUs);
      if (index === lastIndex || points.length === 0) return;
      lastIndex = index;
      marker.setLatLng(points[index]!);
      flown.setLatLngs(points.slice(0, index + 1));
      if (track.heading) {
        const headingIndex = indexAtTime(track.heading.tUs, clock.tUs);
        setVehicleHeading(marker, track.heading.values[headingIndex] ?? null);
      }
    };
    follow();
    const unsubscribe = clock.subscribe(follow);
    return () => {
      unsubscribe();
      map.remove();
    };
  }, [track, clock, range, label]);

  return <div ref={containerRef} className="map replay-map" data-testid="replay-map" />;
}
