import L from 'leaflet';
import { gridLines, gridSpacingM, lonDegPerMetre, METRES_PER_DEG_LAT } from './metricGrid';

/**
 * The offline background: a canvas under the overlays with grid lines every 10, 100, 1000 m …
 * chosen by zoom, so distances read off the map without any tile server.
 */
export class MetricGridLayer extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private label: HTMLDivElement | null = null;

  override onAdd(map: L.Map): this {
    const pane = map.getPane('gridPane') ?? map.createPane('gridPane');
    pane.style.zIndex = '150';
    pane.style.pointerEvents = 'none';
    this.canvas = L.DomUtil.create('canvas', 'metric-grid', pane);
    this.label = L.DomUtil.create('div', 'metric-grid-label', map.getContainer());
    map.on('moveend zoomend resize viewreset', this.redraw, this);
    this.redraw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize viewreset', this.redraw, this);
    this.canvas?.remove();
    this.label?.remove();
    this.canvas = null;
    this.label = null;
    return this;
  }

  private redraw(): void {
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, size.x, size.y);

    const bounds = map.getBounds();
    const centre = map.getCenter();
    const metresPerPixel =
      centre.distanceTo(map.containerPointToLatLng([size.x / 2 + 100, size.y / 2])) / 100;
    const spacingM = gridSpacingM(metresPerPixel);
    // Longitude spacing uses the latitude rounded to 0.1° so the lines do not creep while panning.
    const latStep = spacingM / METRES_PER_DEG_LAT;
    const lonStep = spacingM * lonDegPerMetre(Math.round(centre.lat * 10) / 10);

    context.lineWidth = 1;
    for (const lat of gridLines(bounds.getSouth(), bounds.getNorth(), latStep)) {
      const y = Math.round(map.latLngToContainerPoint([lat, centre.lng]).y) + 0.5;
      context.strokeStyle = isMajor(lat, latStep) ? '#b9c3cc' : '#dde3e8';
      context.beginPath();
      context.moveTo(0, y);
      context.lineTo(size.x, y);
      context.stroke();
    }
    for (const lon of gridLines(bounds.getWest(), bounds.getEast(), lonStep)) {
      const x = Math.round(map.latLngToContainerPoint([centre.lat, lon]).x) + 0.5;
      context.strokeStyle = isMajor(lon, lonStep) ? '#b9c3cc' : '#dde3e8';
      context.beginPath();
      context.moveTo(x, 0);
      context.lineTo(x, size.y);
      context.stroke();
    }
    if (this.label)
      this.label.textContent = `grid ${spacingM >= 1000 ? `${spacingM / 1000} km` : `${spacingM} m`}`;
  }
}

/** Every tenth line is drawn darker, like a map's kilometre grid. */
function isMajor(valueDeg: number, stepDeg: number): boolean {
  return Math.round(valueDeg / stepDeg) % 10 === 0;
}
