import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { FenceVertex, Range, RangeFences } from '../api/types';
import { createMap } from '../map/createMap';
import { FenceLayers } from '../map/fenceLayers';

/**
 * Shows a range's fences (in the warning colour while they are an unsaved preview); while
 * `drawing`, each click adds a vertex of a new polygon, drawn as a dashed line until the parent
 * finishes it.
 */
export function FenceMapEditor({
  range,
  fences,
  drawing,
  draft,
  previewing,
  onAddVertex,
}: {
  range: Range;
  fences: RangeFences | null;
  drawing: boolean;
  draft: FenceVertex[];
  previewing: boolean;
  onAddVertex: (vertex: FenceVertex) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const addRef = useRef(onAddVertex);
  addRef.current = onAddVertex;
  const drawingRef = useRef(drawing);
  drawingRef.current = drawing;

  useEffect(() => {
    if (!containerRef.current) return;
    const map = createMap(containerRef.current, [range.origin.latDeg, range.origin.lonDeg], 16);
    map.on('click', (event: L.LeafletMouseEvent) => {
      if (drawingRef.current)
        addRef.current({ latDeg: event.latlng.lat, lonDeg: event.latlng.lng });
    });
    mapRef.current = map;
    return () => {
      map.remove();
      mapRef.current = null;
    };
  }, [range.id, range.origin.latDeg, range.origin.lonDeg]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const layers = new FenceLayers(fences);
    layers.setAll(previewing ? 'warning' : 'inside');
    layers.group.addTo(map);
    const bounds = layers.bounds();
    // Notes above the map come and go with a preview: read its size again before fitting.
    map.invalidateSize();
    if (bounds) map.fitBounds(bounds.pad(0.3), { animate: false });
    return () => {
      layers.group.remove();
    };
  }, [fences, previewing]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || draft.length === 0) return;
    const line = L.polyline(
      draft.map((v) => [v.latDeg, v.lonDeg] as L.LatLngTuple),
      { color: '#1565c0', dashArray: '4 4' },
    ).addTo(map);
    return () => {
      line.remove();
    };
  }, [draft]);

  // Leaflet owns the inner element's classes; React changes only the wrapper's.
  return (
    <div className={drawing ? 'fence-editor drawing' : 'fence-editor'}>
      <div
        ref={containerRef}
        className="map fence-editor-map"
        data-testid="fence-editor-map"
        data-zones={fences?.zones.length ?? 0}
        data-previewing={previewing}
      />
    </div>
  );
}
