import L from 'leaflet';

const ARROW_SVG =
  '<svg viewBox="-12 -12 24 24" width="28" height="28" aria-hidden="true">' +
  '<path d="M0,-11 L8,9 L0,4 L-8,9 Z" fill="currentColor" stroke="#fff" stroke-width="1.5"/></svg>';

/**
 * A vehicle as an arrow pointing along its heading, with its name beside it. Inline SVG: no image
 * download. The arrow turns through its style, never by rebuilding the icon (100 vehicles at 10 Hz).
 */
export function createVehicleMarker(latLng: L.LatLngExpression, label: string, colour: string) {
  const icon = L.divIcon({
    className: 'vehicle-marker',
    html: `<div class="vehicle-arrow" style="color:${colour}">${ARROW_SVG}</div><span class="vehicle-label"></span>`,
    iconSize: [28, 28],
    iconAnchor: [14, 14],
  });
  const marker = L.marker(latLng, { icon, keyboard: false });
  marker.on('add', () => setVehicleLabel(marker, label));
  return marker;
}

export function setVehicleHeading(marker: L.Marker, headingDeg: number | null): void {
  const arrow = marker.getElement()?.querySelector<HTMLElement>('.vehicle-arrow');
  if (arrow) arrow.style.transform = `rotate(${headingDeg ?? 0}deg)`;
}

export function setVehicleLabel(marker: L.Marker, label: string): void {
  const span = marker.getElement()?.querySelector<HTMLElement>('.vehicle-label');
  if (span && span.textContent !== label) span.textContent = label;
}

export function setVehicleAlerting(marker: L.Marker, alerting: boolean): void {
  marker.getElement()?.classList.toggle('alerting', alerting);
}

/** A stable colour per vehicle, so its trail and card match. */
export function vehicleColour(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  // The golden angle spreads neighbouring keys ("link:1", "link:2") far apart on the wheel.
  return `hsl(${Math.round((Math.abs(hash) * 137.508) % 360)}, 70%, 38%)`;
}
