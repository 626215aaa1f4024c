import { describe, expect, it } from 'vitest';
import { kmlColour, modeColour } from '../../../server/certification/reports/modeColours.js';
import { trackKml } from '../../../server/certification/reports/trackKml.js';
import { kmlSummary } from './kmlSummary.js';
import { DURATION_S, FENCES, HOME, POSITION_HZ, reportInput } from './reportFixture.js';

describe('track KML', () => {
  const input = reportInput('en');
  const kml = trackKml(input);
  const { styles, placemarks } = kmlSummary(kml);
  const inFolder = (name: string) => placemarks.filter((p) => p.folder === name);

  it('is well-formed KML with Fences, Track and Events folders', () => {
    expect(new Set(placemarks.map((p) => p.folder))).toEqual(
      new Set(['Fences', 'Track', 'Events']),
    );
  });

  it('draws one LineString per mode stretch in the colour of that mode (aabbggrr)', () => {
    const track = inFolder('Track');
    expect(track.map((p) => p.name)).toEqual(['LOITER', 'RTL', 'LAND']);
    for (const placemark of track) {
      expect(placemark.geometry).toBe('LineString');
      const styleId = placemark.styleUrl?.slice(1) ?? '';
      expect(styles[styleId]).toBe(kmlColour(modeColour(placemark.name)));
    }
    expect(kmlColour('#f28c28')).toBe('ff288cf2');
  });

  it('writes lon,lat,alt coordinates covering every position sample', () => {
    const track = inFolder('Track');
    expect(track[0]?.coordinates[0]).toEqual([HOME.lonDeg, HOME.latDeg, 50]);
    const total = track.reduce((sum, p) => sum + p.coordinates.length, 0) - (track.length - 1);
    expect(total).toBe(DURATION_S * POSITION_HZ + 1);
    for (const [lonDeg, latDeg] of track.flatMap((p) => p.coordinates)) {
      expect(latDeg).toBeCloseTo(HOME.latDeg, 9);
      expect(lonDeg).toBeGreaterThanOrEqual(HOME.lonDeg);
    }
  });

  it('draws a circular fence as a closed ring at its radius', () => {
    const tower = inFolder('Fences').find((p) => p.name === 'tower');
    const ring = tower?.coordinates ?? [];
    expect(ring.length).toBeGreaterThan(30);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    const circle = FENCES.zones[1];
    if (circle?.shape !== 'circle') throw new Error('fixture changed');
    const metresPerDegLat = 111_195;
    const metresPerDegLon = metresPerDegLat * Math.cos((circle.center.latDeg * Math.PI) / 180);
    for (const [lonDeg = 0, latDeg = 0] of ring) {
      const distanceM = Math.hypot(
        (lonDeg - circle.center.lonDeg) * metresPerDegLon,
        (latDeg - circle.center.latDeg) * metresPerDegLat,
      );
      expect(distanceM).toBeGreaterThan(circle.radiusM * 0.99);
      expect(distanceM).toBeLessThan(circle.radiusM * 1.01);
    }
  });

  it('writes polygon fences as closed rings of their vertices, with their role', () => {
    const field = inFolder('Fences').find((p) => p.name === 'Test field');
    const zone = FENCES.zones[0];
    if (zone?.shape !== 'polygon') throw new Error('fixture changed');
    const ring = zone.vertices.map((v) => [v.lonDeg, v.latDeg]);
    expect(field?.geometry).toBe('Polygon');
    expect(field?.coordinates).toEqual([...ring, ring[0]]);
    expect(field?.data).toMatchObject({ id: 'field', role: 'inclusion' });
  });

  it('puts each event on the map at its time', () => {
    const events = inFolder('Events');
    expect(events.map((p) => p.name)).toEqual(input.flightData.events.map((e) => e.message));
    expect(events.every((p) => p.geometry === 'Point')).toBe(true);
    expect(events.find((p) => p.name.startsWith('Fence breach'))?.when).toBe(
      '2026-11-20T01:00:50.000Z',
    );
  });

  it('escapes names that contain XML markup', () => {
    const hostile = reportInput('en', {
      flight: { ...input.flight, vehicleName: 'X <&> "8"' },
    });
    expect(() => kmlSummary(trackKml(hostile))).not.toThrow();
  });
});
