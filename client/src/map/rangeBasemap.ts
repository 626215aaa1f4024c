import L from 'leaflet';
import { apiFetch } from '../api/apiFetch';

/** GET /api/ranges/:id/basemap: the range's own raster tiles (server/basemap). */
export interface RangeBasemapInfo {
  format: 'pmtiles';
  sha256: string;
  sizeBytes: number;
  contentType: string;
  minZoom: number;
  maxZoom: number;
  bounds: { westDeg: number; southDeg: number; eastDeg: number; northDeg: number };
  centre: { latDeg: number; lonDeg: number; zoom: number };
  /** Leaflet URL template on Sortie's own origin, pinned to this file. */
  tileUrl: string;
  uploadedAt: string;
}

/** The range's basemap, or null when it has none (the server answers 204). */
export async function fetchRangeBasemap(
  rangeId: string,
  signal?: AbortSignal,
): Promise<RangeBasemapInfo | null> {
  const info = await apiFetch<RangeBasemapInfo | undefined>(
    `/api/ranges/${encodeURIComponent(rangeId)}/basemap`,
    { signal },
  );
  return info ?? null;
}

/** The tile layer of a basemap: only inside its bounds, its tiles stretched past its zooms. */
export function basemapTileLayer(info: RangeBasemapInfo): L.TileLayer {
  const { westDeg, southDeg, eastDeg, northDeg } = info.bounds;
  return L.tileLayer(info.tileUrl, {
    bounds: L.latLngBounds([southDeg, westDeg], [northDeg, eastDeg]),
    minNativeZoom: info.minZoom,
    maxNativeZoom: info.maxZoom,
    maxZoom: 22,
    className: 'range-basemap',
  });
}

/**
 * Draws the range's uploaded basemap under the map's overlays, when it has one; the metric
 * grid stays below it, so it is what shows outside the basemap or without one. Returns a
 * function that takes the basemap off again (it also goes with the map).
 */
export function addRangeBasemap(map: L.Map, rangeId: string): () => void {
  const controller = new AbortController();
  let layer: L.TileLayer | null = null;
  const remove = () => {
    controller.abort();
    layer?.remove();
    layer = null;
  };
  map.once('unload', remove);
  fetchRangeBasemap(rangeId, controller.signal)
    .then((info) => {
      if (!info || controller.signal.aborted) return;
      layer = basemapTileLayer(info).addTo(map);
    })
    // No basemap to be had (offline server, no rights): the metric grid is the map.
    .catch(() => undefined);
  return () => {
    map.off('unload', remove);
    remove();
  };
}
