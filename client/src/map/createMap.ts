import L from 'leaflet';
import { MetricGridLayer } from './MetricGridLayer';

/** The tile URL the server configured (SORTIE_TILE_URL), written into index.html; empty offline. */
export function configuredTileUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="sortie-tile-url"]');
  return meta?.content.trim() ?? '';
}

/**
 * A Leaflet map in Web Mercator. Without a tile URL it draws the metric grid on a plain
 * background, so fences, tracks and vehicles still show at their true places and scale.
 */
export function createMap(container: HTMLElement, centre: L.LatLngExpression, zoom = 16): L.Map {
  const map = L.map(container, {
    crs: L.CRS.EPSG3857,
    center: centre,
    zoom,
    maxZoom: 22,
    minZoom: 3,
    preferCanvas: true,
    zoomSnap: 0.25,
    attributionControl: false,
  });
  const tileUrl = configuredTileUrl();
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 22, maxNativeZoom: 19 }).addTo(map);
  } else {
    container.classList.add('offline-map');
    new MetricGridLayer().addTo(map);
  }
  L.control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  return map;
}
