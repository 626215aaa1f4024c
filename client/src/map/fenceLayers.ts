import L from 'leaflet';
import type { FenceZone, RangeFences } from '../api/types';

export type FenceDisplayState = 'inside' | 'warning' | 'breach' | 'unknown';

const STATE_COLOURS: Record<FenceDisplayState, string> = {
  inside: '#2e7d32',
  warning: '#ef8f00',
  breach: '#c62828',
  unknown: '#546e7a',
};

function zoneLayer(zone: FenceZone): L.Path {
  const options: L.PathOptions = {
    weight: 2,
    fillOpacity: zone.role === 'exclusion' ? 0.25 : 0.05,
    dashArray: zone.role === 'exclusion' ? '6 4' : undefined,
    interactive: false,
  };
  if (zone.shape === 'circle') {
    return L.circle([zone.center.latDeg, zone.center.lonDeg], { ...options, radius: zone.radiusM });
  }
  return L.polygon(
    zone.vertices.map((v) => [v.latDeg, v.lonDeg] as L.LatLngTuple),
    options,
  );
}

/** The range's fences as map layers, one per zone, recoloured by state without redrawing. */
export class FenceLayers {
  readonly group = L.featureGroup();
  private readonly layers = new Map<string, L.Path>();
  /** Restyling redraws the canvas: only when a zone's state really changes. */
  private readonly states = new Map<string, FenceDisplayState>();

  constructor(fences: RangeFences | null) {
    for (const zone of fences?.zones ?? []) {
      const layer = zoneLayer(zone);
      layer.bindTooltip(`${zone.name ?? zone.id} (${zone.role})`);
      this.layers.set(zone.id, layer);
      this.group.addLayer(layer);
    }
    this.setAll('unknown');
  }

  setState(zoneId: string, state: FenceDisplayState): void {
    if (this.states.get(zoneId) === state) return;
    this.states.set(zoneId, state);
    const colour = STATE_COLOURS[state];
    this.layers.get(zoneId)?.setStyle({ color: colour, fillColor: colour });
  }

  setAll(state: FenceDisplayState): void {
    for (const zoneId of this.layers.keys()) this.setState(zoneId, state);
  }

  zoneIds(): string[] {
    return [...this.layers.keys()];
  }

  bounds(): L.LatLngBounds | null {
    return this.layers.size > 0 ? this.group.getBounds() : null;
  }
}
