import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { Range } from '../api/types';
import { createMap } from '../map/createMap';
import { FenceLayers, type FenceDisplayState } from '../map/fenceLayers';
import { addRangeBasemap } from '../map/rangeBasemap';
import {
  createVehicleMarker,
  setVehicleAlerting,
  setVehicleHeading,
  setVehicleLabel,
  vehicleColour,
} from '../map/vehicleMarker';
import type { LiveStore } from './liveStore';
import { trailSegments } from './trail';
import { vehicleDisplayName } from './vehicleKey';

/**
 * Trails redraw at most this often per vehicle: redrawing 100 vehicles' polylines on the canvas
 * at 10 Hz costs more frame time than everything else; the arrow still moves at every update.
 */
const TRAIL_REDRAW_INTERVAL_MS = 500;

/** Opacities of the trail's pieces, oldest first: the fading tail. */
const TRAIL_OPACITIES = [0.12, 0.25, 0.45, 0.8];

interface VehicleLayers {
  marker: L.Marker;
  trail: L.Polyline[];
  trailDrawnAtMs: number;
}

const FENCE_STATE_RANK: Record<FenceDisplayState, number> = {
  unknown: 0,
  inside: 1,
  warning: 2,
  breach: 3,
};

/**
 * The live map. Leaflet layers are updated once per animation frame for the vehicles that changed,
 * outside React, so 100 vehicles at 10 Hz stay smooth.
 */
export function LiveMap({
  store,
  ranges,
  onSelect,
}: {
  store: LiveStore;
  ranges: Range[];
  onSelect: (key: string) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const fencesRef = useRef<{ rangeId: string; fences: FenceLayers }[]>([]);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = createMap(container, [37.5, 127.0], 15);
    mapRef.current = map;
    const layers = new Map<string, VehicleLayers>();
    let fitted = false;
    let frame = 0;

    const draw = () => {
      frame = requestAnimationFrame(draw);
      if (store.changedKeys.size === 0) return;
      for (const key of store.changedKeys) {
        const state = store.vehicles.get(key);
        if (!state || state.latDeg === null || state.lonDeg === null) continue;
        let vehicle = layers.get(key);
        const position: L.LatLngTuple = [state.latDeg, state.lonDeg];
        if (!vehicle) {
          const colour = vehicleColour(key);
          vehicle = {
            marker: createVehicleMarker(position, vehicleDisplayName(state), colour),
            trail: TRAIL_OPACITIES.map((opacity) =>
              L.polyline([], { color: colour, opacity, weight: 2, interactive: false }),
            ),
            trailDrawnAtMs: 0,
          };
          for (const piece of vehicle.trail) piece.addTo(map);
          vehicle.marker.on('click', () => onSelectRef.current(key)).addTo(map);
          layers.set(key, vehicle);
          if (!fitted && fencesRef.current.every((f) => f.fences.bounds() === null)) {
            map.setView(position, 16);
            fitted = true;
          }
        } else {
          vehicle.marker.setLatLng(position);
        }
        setVehicleHeading(vehicle.marker, state.headingDeg);
        // Where it is, readable by people's tools and the end-to-end tests alike.
        const element = vehicle.marker.getElement();
        if (element)
          element.dataset.position = `${state.latDeg.toFixed(7)},${state.lonDeg.toFixed(7)}`;
        setVehicleLabel(vehicle.marker, vehicleDisplayName(state));
        setVehicleAlerting(vehicle.marker, state.fenceStatus === 'breach');
        const nowMs = performance.now();
        if (nowMs - vehicle.trailDrawnAtMs >= TRAIL_REDRAW_INTERVAL_MS) {
          vehicle.trailDrawnAtMs = nowMs;
          const trail = store.trails.get(key) ?? [];
          const pieces = trailSegments(trail, TRAIL_OPACITIES.length);
          pieces.forEach((piece, index) =>
            vehicle.trail[index]?.setLatLngs(piece.map((p) => [p.latDeg, p.lonDeg])),
          );
        }
      }
      store.changedKeys.clear();
      // Fences take the worst state of the vehicles flying in their range.
      const onlyRange = fencesRef.current.length === 1;
      for (const { rangeId, fences } of fencesRef.current) {
        let worst: FenceDisplayState = 'unknown';
        for (const state of store.vehicles.values()) {
          if (!onlyRange && state.rangeId !== rangeId) continue;
          if (FENCE_STATE_RANK[state.fenceStatus] > FENCE_STATE_RANK[worst]) {
            worst = state.fenceStatus;
          }
        }
        fences.setAll(worst);
      }
    };
    frame = requestAnimationFrame(draw);
    // Everything already in the store is drawn on the first frame.
    for (const key of store.vehicles.keys()) store.changedKeys.add(key);

    return () => {
      cancelAnimationFrame(frame);
      map.remove();
      mapRef.current = null;
    };
  }, [store]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const created = ranges.map((range) => ({
      rangeId: range.id,
      fences: new FenceLayers(range.fences),
    }));
    for (const { fences } of created) fences.group.addTo(map);
    const removeBasemaps = ranges.map((range) => addRangeBasemap(map, range.id));
    fencesRef.current = created;
    // The next frame recolours the new fence layers.
    for (const key of store.vehicles.keys()) store.changedKeys.add(key);
    const bounds = created.map((f) => f.fences.bounds()).find((b) => b !== null);
    if (bounds) map.fitBounds(bounds.pad(0.3));
    else if (ranges[0]) map.setView([ranges[0].origin.latDeg, ranges[0].origin.lonDeg], 16);
    return () => {
      for (const { fences } of created) fences.group.remove();
      for (const removeBasemap of removeBasemaps) removeBasemap();
      fencesRef.current = [];
    };
  }, [ranges, store]);

  return <div ref={containerRef} className="map live-map" data-testid="live-map" />;
}
