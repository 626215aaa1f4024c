import { evidenceProperties } from './evidencePreamble.js';
import { fencesToGeoJson } from '../fences/fencesToGeoJson.js';
import { modeColour } from './modeColours.js';
import type { ReportInput } from './reportInput.js';
import { locatedEvents, trackSegments } from './trackSegments.js';

type Position = [number, number] | [number, number, number];

export interface TrackFeature {
  type: 'Feature';
  properties: {
    layer: 'track';
    mode: string;
    startTime: string;
    endTime: string;
    /** simplestyle-spec, which geojson.io and QGIS style rules read. */
    stroke: string;
    'stroke-width': number;
  };
  geometry: { type: 'LineString'; coordinates: Position[] };
}

export interface EventFeature {
  type: 'Feature';
  properties: {
    layer: 'event';
    type: string;
    time: string;
    message: string;
    severity: number;
    'marker-color': string;
  };
  geometry: { type: 'Point'; coordinates: Position };
}

type FenceFeatureOut = ReturnType<typeof fencesToGeoJson>['features'][number] & {
  properties: { layer: 'fence'; stroke: string; fill: string; 'fill-opacity': number };
};

export interface TrackFeatureCollection {
  type: 'FeatureCollection';
  properties: {
    flightId: string;
    evaluationId: string;
    vehicle: string;
    overallVerdict: string;
  } & ReturnType<typeof evidenceProperties>;
  features: (TrackFeature | FenceFeatureOut | EventFeature)[];
}

/**
 * The flight for GIS tools: the track as one LineString per mode stretch (coloured by mode),
 * the range's fences, and the events as points. Coordinates are [lon, lat, altitude MSL m].
 */
export function trackGeoJson(input: ReportInput): TrackFeatureCollection {
  const { flight, evaluation, flightData, fences } = input;
  const tracks = trackSegments(flightData)
    .filter((segment) => segment.points.length >= 2)
    .map((segment): TrackFeature => {
      const first = segment.points[0];
      const last = segment.points[segment.points.length - 1];
      return {
        type: 'Feature',
        properties: {
          layer: 'track',
          mode: segment.modeName,
          startTime: isoTime(first?.tUs ?? 0),
          endTime: isoTime(last?.tUs ?? 0),
          stroke: modeColour(segment.modeName),
          'stroke-width': 3,
        },
        geometry: {
          type: 'LineString',
          coordinates: segment.points.map((p) => position(p.lonDeg, p.latDeg, p.altMslM)),
        },
      };
    });
  const fenceFeatures = fences
    ? fencesToGeoJson(fences).features.map(
        (feature): FenceFeatureOut =>
          ({
            ...feature,
            properties: {
              ...feature.properties,
              layer: 'fence',
              stroke: feature.properties.role === 'inclusion' ? '#1f6fd1' : '#d62728',
              fill: feature.properties.role === 'inclusion' ? '#1f6fd1' : '#d62728',
              'fill-opacity': 0.1,
            },
          }) as FenceFeatureOut,
      )
    : [];
  const events = locatedEvents(flightData).map(
    ({ event, latDeg, lonDeg, altMslM }): EventFeature => ({
      type: 'Feature',
      properties: {
        layer: 'event',
        type: event.type,
        time: isoTime(event.tUs),
        message: event.message,
        severity: event.severity,
        'marker-color': event.severity <= 3 ? '#d62728' : '#555555',
      },
      geometry: { type: 'Point', coordinates: position(lonDeg, latDeg, altMslM) },
    }),
  );
  return {
    type: 'FeatureCollection',
    properties: {
      flightId: flight.id,
      evaluationId: evaluation.id,
      vehicle: flight.vehicleName,
      overallVerdict: evaluation.overallVerdict,
      ...evidenceProperties(evaluation),
    },
    features: [...fenceFeatures, ...tracks, ...events],
  };
}

function position(lonDeg: number, latDeg: number, altMslM: number | null): Position {
  return altMslM === null ? [lonDeg, latDeg] : [lonDeg, latDeg, altMslM];
}

export function isoTime(tUs: number): string {
  return new Date(tUs / 1000).toISOString();
}
