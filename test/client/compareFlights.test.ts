import { describe, expect, it } from 'vitest';
import { alignmentUs, modesChangedTo, takeoffUs } from '../../client/src/compare/alignment';
import {
  compareHref,
  flightIdsFromQuery,
  whyNotComparable,
} from '../../client/src/compare/comparable';
import { quantityRow } from '../../client/src/compare/differences';
import { previewGeoJson } from '../../client/src/admin/fencePreview';

const flight = (vehicleId: string, testPlanId: string | null) => ({ vehicleId, testPlanId });

describe('choosing flights to compare', () => {
  it('takes 2 to 4 flights and refuses one or five, saying how many to pick', () => {
    expect(whyNotComparable([flight('v1', null)])).toBe('flights.compareCount');
    expect(whyNotComparable(Array.from({ length: 5 }, () => flight('v1', null)))).toBe(
      'flights.compareCount',
    );
    expect(whyNotComparable([flight('v1', null), flight('v1', null)])).toBeNull();
    expect(whyNotComparable(Array.from({ length: 4 }, () => flight('v1', null)))).toBeNull();
  });

  it('compares flights of one vehicle, or of one plan, and says why not otherwise', () => {
    expect(whyNotComparable([flight('v1', 'p1'), flight('v2', 'p1')])).toBeNull();
    expect(whyNotComparable([flight('v1', 'p1'), flight('v2', 'p2')])).toBe(
      'flights.compareMismatch',
    );
    // No plan at all is not "the same plan".
    expect(whyNotComparable([flight('v1', null), flight('v2', null)])).toBe(
      'flights.compareMismatch',
    );
  });

  it('round-trips the flight ids through /compare?flights=…, dropping repeats and blanks', () => {
    const href = compareHref(['a1', 'b2', 'c3']);
    expect(href).toBe('/compare?flights=a1,b2,c3');
    const query = new URL(href, 'http://sortie.test').searchParams.get('flights');
    expect(flightIdsFromQuery(query)).toEqual(['a1', 'b2', 'c3']);
    expect(flightIdsFromQuery('a1,,a1, b2 ')).toEqual(['a1', 'b2']);
    expect(flightIdsFromQuery(null)).toEqual([]);
  });
});

describe('aligning compared flights', () => {
  const events = [
    { type: 'arm', tUs: 1_000_000, data: {} },
    { type: 'mode-change', tUs: 5_000_000, data: { fromMode: 'LOITER', toMode: 'AUTO' } },
    { type: 'fence-breach', tUs: 9_000_000, data: {} },
    { type: 'mode-change', tUs: 12_000_000, data: { fromMode: 'AUTO', toMode: 'RTL' } },
  ];
  // Values chosen by hand: on the ground (0.3 m) before and after arming, airborne from 3 s.
  const altRelM = {
    tUs: [500_000, 1_500_000, 2_000_000, 3_000_000, 4_000_000],
    values: [2, 0.3, null, 1.5, 10],
  };

  it('puts take-off at the first sample above 1 m after arming, ignoring a bump before it', () => {
    expect(takeoffUs(events, altRelM, 0)).toBe(3_000_000);
    expect(takeoffUs(events, undefined, 0)).toBe(1_000_000);
    expect(takeoffUs([], undefined, 42)).toBe(42);
  });

  it('finds the first change to the chosen mode and the first breach, or says none', () => {
    expect(alignmentUs({ kind: 'takeoff' }, events, 3_000_000)).toBe(3_000_000);
    expect(alignmentUs({ kind: 'mode', mode: 'RTL' }, events, 0)).toBe(12_000_000);
    expect(alignmentUs({ kind: 'mode', mode: 'LAND' }, events, 0)).toBeNull();
    expect(alignmentUs({ kind: 'breach' }, events, 0)).toBe(9_000_000);
    expect(alignmentUs({ kind: 'breach' }, events.slice(0, 2), 0)).toBeNull();
    expect(
      modesChangedTo([events, [{ type: 'mode-change', tUs: 1, data: { toMode: 'LAND' } }]]),
    ).toEqual(['AUTO', 'LAND', 'RTL']);
  });
});

describe('the difference summary', () => {
  it('lines a quantity up across flights with its spread, unknown values left out', () => {
    const summary = (maxAltRelM: number | null) => ({
      summary: {
        durationS: 0,
        distanceM: 0,
        maxAltRelM,
        maxGroundSpeedMps: null,
        boundingBox: null,
        linkLossPct: null,
      },
    });
    expect(quantityRow([summary(30), summary(null), summary(42.5)], 'maxAltRelM')).toEqual({
      values: [30, null, 42.5],
      spread: 12.5,
    });
    expect(quantityRow([summary(30), summary(null)], 'maxAltRelM').spread).toBeNull();
  });
});

describe('the fence file preview', () => {
  it('shows GeoJSON polygons (holes as exclusions) and radius points before anything is saved', () => {
    const zones = previewGeoJson({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { name: 'Field' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [127, 37],
                [127.01, 37],
                [127.01, 37.01],
                [127, 37],
              ],
              [
                [127.002, 37.002],
                [127.004, 37.002],
                [127.004, 37.004],
                [127.002, 37.002],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { role: 'exclusion', radiusM: 50 },
          geometry: { type: 'Point', coordinates: [127.005, 37.005] },
        },
      ],
    });
    expect(zones.map((z) => [z.role, z.shape])).toEqual([
      ['inclusion', 'polygon'],
      ['exclusion', 'polygon'],
      ['exclusion', 'circle'],
    ]);
    // The closing point GeoJSON repeats is not a fourth corner.
    expect(zones[0]).toMatchObject({ vertices: [{ latDeg: 37, lonDeg: 127 }, {}, {}] });
    expect(zones[0]?.shape === 'polygon' && zones[0].vertices).toHaveLength(3);
    expect(previewGeoJson({ type: 'FeatureCollection', features: [] })).toEqual([]);
  });
});
