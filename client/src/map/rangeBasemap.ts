import L from 'leaflet';
import { apiFetch } from '../api/apiFetch';

interface BasemapCommon {
  sha256: string;
  sizeBytes: number;
  contentType: string;
  bounds: { westDeg: number; southDeg: number; eastDeg: number; northDeg: number };
  uploadedAt: string;
}

/** GET /api/ranges/:id/basemap: the range's own raster tiles or image (server/basemap). */
export type RangeBasemapInfo =
  | (BasemapCommon & {
      format: 'pmtiles';
      minZoom: number;
      maxZoom: number;
      centre: { latDeg: number; lonDeg: number; zoom: number };
      /** Leaflet URL template on Sortie's own origin, pinned to this file. */
      tileUrl: string;
    })
  | (BasemapCommon & { format: 'image'; imageUrl: string });

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

function boundsOf(info: RangeBasemapInfo): L.LatLngBounds {
  const { westDeg, southDeg, eastDeg, northDeg } = info.bounds;
  return L.latLngBounds([southDeg, westDeg], [northDeg, eastDeg]);
}

/**
 * The layer of a basemap: tiles only inside its bounds, stretched past its zooms; or its one
 * image over its bounds, in a pane of its own just above the metric grid and below the tiles.
 */
export function basemapLayer(map: L.Map, info: RangeBasemapInfo): L.Layer {
  if (info.format === 'image') {
    if (!map.getPane('basemapImagePane')) map.createPane('basemapImagePane').style.zIndex = '180';
    return L.imageOverlay(info.imageUrl, boundsOf(info), {
      pane: 'basemapImagePane',
      className: 'range-basemap',
    });
  }
  return L.tileLayer(info.tileUrl, {
    bounds: boundsOf(info),
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
  let layer: L.Layer | null = null;
  const remove = () => {
    controller.abort();
    layer?.remove();
    layer = null;
  };
  map.once('unload', remove);
  fetchRangeBasemap(rangeId, controller.signal)
    .then((info) => {
      if (!info || controller.signal.aborted) return;
      layer = basemapLayer(map, info).addTo(map);
    })
    // No basemap to be had (offline server, no rights): the metric grid is the map.
    .catch(() => undefined);
  return () => {
    map.off('unload', remove);
    remove();
  };
}
