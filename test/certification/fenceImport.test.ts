import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertificationInputError } from '../../server/certification/inputError.js';
import { fencesToGeoJson } from '../../server/certification/fences/fencesToGeoJson.js';
import { fencesToKml } from '../../server/certification/fences/fencesToKml.js';
import { parseFencesGeoJson } from '../../server/certification/fences/parseFencesGeoJson.js';
import { parseFencesKml } from '../../server/certification/fences/parseFencesKml.js';
import { parseMavlinkFenceItems } from '../../server/certification/fences/parseMavlinkFenceItems.js';
import { validateRangeFences } from '../../server/certification/fences/validateRangeFences.js';

const range = validateRangeFences({
  floorM: 2,
  ceilingM: 90,
  marginM: 3,
  zones: [
    {
      id: 'range',
      name: 'Range & pads',
      role: 'inclusion',
      shape: 'polygon',
      vertices: [
        { latDeg: 47.39, lonDeg: 8.54 },
        { latDeg: 47.39, lonDeg: 8.56 },
        { latDeg: 47.41, lonDeg: 8.56 },
        { latDeg: 47.41, lonDeg: 8.54 },
      ],
    },
    {
      id: 'mast',
      role: 'exclusion',
      shape: 'circle',
      center: { latDeg: 47.4, lonDeg: 8.55 },
      radiusM: 25,
    },
  ],
});

/** The error's issues, so a test can say which path and words it expects. */
function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof CertificationInputError) return error.issues;
    throw error;
  }
  throw new Error('expected a CertificationInputError');
}

describe('fence import and export', () => {
  it('round-trips through GeoJSON', () => {
    expect(parseFencesGeoJson(JSON.stringify(fencesToGeoJson(range)))).toEqual(range);
  });

  it('round-trips through KML, names with XML characters included', () => {
    expect(parseFencesKml(fencesToKml(range))).toEqual(range);
  });

  it('reads a range simulator FeatureCollection with floor, ceiling and margin in properties', () => {
    const fences = parseFencesGeoJson({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: {
            name: 'default range',
            type: 'inclusion',
            floor: 0,
            ceiling: 120,
            margin: 5,
          },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [8.54, 47.39],
                [8.56, 47.39],
                [8.56, 47.41],
                [8.54, 47.41],
                [8.54, 47.39],
              ],
            ],
          },
        },
      ],
    });
    expect(fences).toMatchObject({ floorM: 0, ceilingM: 120, marginM: 5 });
    expect(fences.zones[0]).toMatchObject({ id: 'default range', role: 'inclusion' });
    expect(fences.zones[0]?.shape === 'polygon' && fences.zones[0].vertices).toHaveLength(4);
  });

  it('turns the holes of an inclusion polygon into exclusion zones', () => {
    const fences = parseFencesGeoJson({
      type: 'Feature',
      properties: { id: 'field' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [8.54, 47.39],
            [8.56, 47.39],
            [8.56, 47.41],
            [8.54, 47.41],
          ],
          [
            [8.549, 47.399],
            [8.551, 47.399],
            [8.551, 47.401],
          ],
        ],
      },
    });
    expect(fences.zones.map((zone) => [zone.id, zone.role])).toEqual([
      ['field', 'inclusion'],
      ['field-hole-1', 'exclusion'],
    ]);
  });

  it('reads QGroundControl / ArduPilot fence mission items (5001–5004, degE7)', () => {
    const vertex = (lat: number, lon: number) => ({
      command: 5001,
      param1: 4,
      x: lat * 1e7,
      y: lon * 1e7,
    });
    const fences = parseMavlinkFenceItems(
      [
        vertex(47.39, 8.54),
        vertex(47.39, 8.56),
        vertex(47.41, 8.56),
        vertex(47.41, 8.54),
        { command: 5004, param1: 25, x: 47.4e7, y: 8.55e7 },
        { command: 5000, param1: 0, x: 47.395e7, y: 8.545e7 },
      ],
      { settings: { FENCE_ALT_MAX: 90, FENCE_MARGIN: 3 } },
    );
    expect(fences.ceilingM).toBe(90);
    expect(fences.marginM).toBe(3);
    expect(fences.zones.map((zone) => [zone.shape, zone.role])).toEqual([
      ['polygon', 'inclusion'],
      ['circle', 'exclusion'],
    ]);
    const first = fences.zones[0];
    expect(first?.shape === 'polygon' && first.vertices[1]?.lonDeg).toBeCloseTo(8.56, 9);
  });

  it("reads ArduPilot's stored fence types 98 (polygon inclusion) and 97 (polygon exclusion)", () => {
    const item = (command: number, lat: number, lon: number) => ({
      command,
      param1: 3,
      x: lat,
      y: lon,
    });
    const fences = parseMavlinkFenceItems(
      [
        item(98, 47.39, 8.54),
        item(98, 47.39, 8.56),
        item(98, 47.41, 8.55),
        item(97, 47.395, 8.549),
        item(97, 47.395, 8.551),
        item(97, 47.397, 8.55),
      ],
      { coordinateUnits: 'deg' },
    );
    expect(fences.zones.map((zone) => zone.role)).toEqual(['inclusion', 'exclusion']);
  });
});

describe('invalid fences are rejected with the vertex or field at fault', () => {
  it('names the crossing edges of a self-intersecting ring', () => {
    const bowTie = [
      [8.54, 47.39],
      [8.56, 47.41],
      [8.56, 47.39],
      [8.54, 47.41],
    ];
    const issues = issuesOf(() =>
      parseFencesGeoJson({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Polygon', coordinates: [bowTie] },
      }),
    );
    expect(issues[0]?.path).toBe('feature.geometry.coordinates[0][0]');
    expect(issues[0]?.message).toMatch(/intersects itself: edge 0→1 crosses edge 2→3/);
  });

  it('rejects a polygon with fewer than 3 distinct vertices', () => {
    const issues = issuesOf(() =>
      validateRangeFences({
        zones: [
          {
            id: 'thin',
            role: 'inclusion',
            shape: 'polygon',
            vertices: [
              { latDeg: 47.39, lonDeg: 8.54 },
              { latDeg: 47.4, lonDeg: 8.55 },
              { latDeg: 47.39, lonDeg: 8.54 },
            ],
          },
        ],
      }),
    );
    expect(issues[0]).toMatchObject({ path: 'zones[0].vertices' });
    expect(issues[0]?.message).toMatch(/at least 3 distinct vertices, got 2/);
  });

  it('rejects a floor above the ceiling, naming floorM', () => {
    const issues = issuesOf(() => validateRangeFences({ zones: [], floorM: 50, ceilingM: 40 }));
    expect(issues[0]).toMatchObject({ path: 'floorM' });
  });

  it('says latitude and longitude look swapped when |lat| > 90', () => {
    const issues = issuesOf(() =>
      parseMavlinkFenceItems([{ command: 5003, param1: 100, x: 127.1e7, y: 37.5e7 }]),
    );
    expect(issues[0]?.path).toBe('items[0].center.latDeg');
    expect(issues[0]?.message).toMatch(/swapped/);
  });

  it('names the item where a MAVLink polygon runs short of its vertex count', () => {
    const issues = issuesOf(() =>
      parseMavlinkFenceItems([
        { command: 5001, param1: 4, x: 47.39e7, y: 8.54e7 },
        { command: 5001, param1: 4, x: 47.39e7, y: 8.56e7 },
        { command: 5001, param1: 4, x: 47.41e7, y: 8.56e7 },
      ]),
    );
    expect(issues[0]).toMatchObject({ path: 'items[3]' });
    expect(issues[0]?.message).toMatch(/declares 4 vertices but only 3 follow/);
  });

  it('names the KML placemark and vertex of bad coordinates', () => {
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>North</name>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>8.54,47.39 8.56,abc 8.55,47.41</coordinates>
      </LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>`;
    const issues = issuesOf(() => parseFencesKml(kml));
    expect(issues[0]?.path).toBe('Placemark 0 ("North") polygon 0 ring 0 vertex 1');
  });

  it('names a KML placemark that has no Polygon or Point (a misspelt geometry tag)', () => {
    const kml = `<kml><Document><Placemark><name>North</name><polygon><outerBoundaryIs><LinearRing>
      <coordinates>8.54,47.39 8.56,47.39 8.55,47.41</coordinates></LinearRing></outerBoundaryIs>
      </polygon></Placemark></Document></kml>`;
    const issues = issuesOf(() => parseFencesKml(kml));
    expect(issues[0]?.path).toBe('Placemark 0 ("North")');
  });

  it('refuses KML that is not well-formed, naming line and column', () => {
    const issues = issuesOf(() => parseFencesKml('<kml>\n<Document><Placemark></Document></kml>'));
    // </Document> starts at column 22 of line 2, where <Placemark> is still open.
    expect(issues[0]?.path).toBe('line 2, column 22');
    expect(issues[0]?.message).toMatch(/not well-formed XML/);
  });

  it('rejects a Point feature without a radius', () => {
    const issues = issuesOf(() =>
      parseFencesGeoJson({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: [8.5, 47.4] },
      }),
    );
    expect(issues[0]?.path).toBe('feature.properties.radiusM');
  });
});

describe('the range simulator fence fixture', () => {
  it('reads fixtures/ranges/default-range.json with its floor, ceiling and margin', () => {
    const text = readFileSync(
      new URL('../../fixtures/ranges/default-range.json', import.meta.url),
      'utf8',
    );
    const fences = parseFencesGeoJson(text);
    expect(fences).toMatchObject({ floorM: -10, ceilingM: 100, marginM: 2 });
    expect(fences.zones).toHaveLength(1);
    expect(fences.zones[0]).toMatchObject({
      id: 'default-range',
      role: 'inclusion',
      shape: 'polygon',
    });
  });
});
