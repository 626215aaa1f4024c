import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trackKml } from '../../../server/certification/reports/trackKml.js';
import {
  signEvidence,
  verificationCode,
  type EvaluationEvidence,
} from '../../../telemetry/evidence/signedEvaluation.js';
import { modeColour } from '../../../server/certification/reports/modeColours.js';
import {
  trackGeoJson,
  type EventFeature,
  type TrackFeature,
} from '../../../server/certification/reports/trackGeoJson.js';
import { BREACH_AT_S, HOME, POSITION_HZ, DURATION_S, reportInput } from './reportFixture.js';

describe('track GeoJSON', () => {
  const input = reportInput('en');
  const collection = trackGeoJson(input);
  const tracks = collection.features.filter(
    (f): f is TrackFeature => f.properties.layer === 'track',
  );
  const fences = collection.features.filter((f) => f.properties.layer === 'fence');
  const events = collection.features.filter(
    (f): f is EventFeature => f.properties.layer === 'event',
  );

  it('cuts the track into one coloured LineString per flight-mode stretch, in flight order', () => {
    expect(tracks.map((f) => f.properties.mode)).toEqual(['LOITER', 'RTL', 'LAND']);
    for (const feature of tracks) {
      expect(feature.geometry.type).toBe('LineString');
      expect(feature.properties).toMatchObject({
        stroke: modeColour(feature.properties.mode as string),
      });
    }
    expect(new Set(tracks.map((f) => (f.properties as { stroke: string }).stroke)).size).toBe(3);
  });

  it('writes coordinates as [lon, lat, alt MSL] of every position sample, with no gap at mode changes', () => {
    const lines = tracks.map((f) => f.geometry.coordinates as number[][]);
    const first = lines[0]?.[0];
    expect(first).toEqual([HOME.lonDeg, HOME.latDeg, 50]);
    // Each stretch starts where the one before ended.
    for (let i = 1; i < lines.length; i++) {
      expect(lines[i]?.[0]).toEqual(lines[i - 1]?.[lines[i - 1]!.length - 1]);
    }
    const pointCount = lines.reduce((sum, line) => sum + line.length, 0) - (lines.length - 1);
    expect(pointCount).toBe(DURATION_S * POSITION_HZ + 1);
    for (const line of lines) {
      for (const [lonDeg, latDeg, altM] of line) {
        expect(latDeg).toBeCloseTo(HOME.latDeg, 9);
        expect(lonDeg).toBeGreaterThanOrEqual(HOME.lonDeg);
        expect(lonDeg).toBeLessThan(HOME.lonDeg + 0.0012);
        expect(altM).toBeGreaterThanOrEqual(50);
      }
    }
  });

  it('includes the fences with closed polygon rings and circles as points with a radius', () => {
    expect(fences.map((f) => f.geometry.type)).toEqual(['Polygon', 'Point']);
    const ring = (fences[0]?.geometry.coordinates as number[][][])[0] ?? [];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(fences[1]?.properties).toMatchObject({ role: 'exclusion', radiusM: 20 });
  });

  it('places each event where the vehicle was at that moment', () => {
    expect(events.map((f) => f.properties.type)).toEqual(
      input.flightData.events.map((event) => event.type),
    );
    const breach = events.find((f) => f.properties.type === 'fence-breach');
    const position = input.flightData.series.position!;
    const index = BREACH_AT_S * POSITION_HZ;
    expect(breach?.geometry.coordinates).toEqual([
      position.lonDeg[index],
      position.latDeg[index],
      position.altMslM[index],
    ]);
    expect(breach?.properties).toMatchObject({ time: '2026-11-20T01:00:50.000Z' });
  });

  it('is plain JSON that survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(collection))).toEqual(collection);
  });

  it('carries the evaluation it belongs to and its signature', () => {
    expect(collection.properties).toMatchObject({
      evaluationId: input.evaluation.id,
      signingKeyId: null,
      signature: null,
    });
    const keys = generateKeyPairSync('ed25519');
    const signed = signEvidence(
      { evaluationId: input.evaluation.id } as EvaluationEvidence,
      keys.privateKey,
      keys.publicKey,
    );
    const withSignature = trackGeoJson({ ...input, evaluation: { ...input.evaluation, signed } });
    expect(withSignature.properties).toMatchObject({
      evaluationId: input.evaluation.id,
      signingKeyId: signed.keyId,
      signature: signed.signature,
      verificationCode: verificationCode(signed),
    });
    const kml = trackKml({ ...input, evaluation: { ...input.evaluation, signed } });
    expect(kml).toContain(`<Data name="signature"><value>${signed.signature}</value></Data>`);
  });
});
