import { evidenceProperties } from './evidencePreamble.js';
import { circle } from '@turf/turf';
import { escapeXml } from '../fences/fencesToKml.js';
import type { FenceZone } from '../fences/rangeFences.js';
import { kmlColour, modeColour } from './modeColours.js';
import type { ReportInput } from './reportInput.js';
import { isoTime } from './trackGeoJson.js';
import { locatedEvents, trackSegments, type TrackPoint } from './trackSegments.js';

/** KML has no circle: a circular fence is drawn as a polygon of this many sides. */
const CIRCLE_SIDES = 72;

/**
 * The flight as KML 2.2 for Google Earth: a folder of track stretches coloured by mode (with time
 * spans, so the time slider replays it), a folder of fences, a folder of events as placemarks.
 */
export function trackKml(input: ReportInput): string {
  const { flight, evaluation, flightData, fences } = input;
  const segments = trackSegments(flightData).filter((segment) => segment.points.length >= 2);
  const modes = [...new Set(segments.map((segment) => segment.modeName))];
  const styles = [
    ...modes.map(
      (mode) =>
        `<Style id="${styleId(mode)}"><LineStyle><color>${kmlColour(modeColour(mode))}</color><width>3</width></LineStyle></Style>`,
    ),
    `<Style id="fence-inclusion"><LineStyle><color>${kmlColour('#1f6fd1')}</color><width>2</width></LineStyle><PolyStyle><color>${kmlColour('#1f6fd1', '33')}</color></PolyStyle></Style>`,
    `<Style id="fence-exclusion"><LineStyle><color>${kmlColour('#d62728')}</color><width>2</width></LineStyle><PolyStyle><color>${kmlColour('#d62728', '33')}</color></PolyStyle></Style>`,
  ];
  const trackPlacemarks = segments.map((segment) => {
    const first = segment.points[0] as TrackPoint;
    const last = segment.points[segment.points.length - 1] as TrackPoint;
    const absolute = segment.points.every((p) => p.altMslM !== null);
    return placemark(
      segment.modeName,
      `<styleUrl>#${styleId(segment.modeName)}</styleUrl>` +
        `<TimeSpan><begin>${isoTime(first.tUs)}</begin><end>${isoTime(last.tUs)}</end></TimeSpan>` +
        `<ExtendedData>${data('mode', segment.modeName)}</ExtendedData>` +
        `<LineString><altitudeMode>${absolute ? 'absolute' : 'clampToGround'}</altitudeMode>` +
        `<coordinates>${segment.points.map((p) => coordinate(p.lonDeg, p.latDeg, absolute ? p.altMslM : null)).join(' ')}</coordinates></LineString>`,
    );
  });
  const fencePlacemarks = (fences?.zones ?? []).map((zone) =>
    placemark(
      zone.name ?? zone.id,
      `<styleUrl>#fence-${zone.role}</styleUrl>` +
        `<ExtendedData>${data('id', zone.id)}${data('role', zone.role)}${zone.shape === 'circle' ? data('radiusM', String(zone.radiusM)) : ''}</ExtendedData>` +
        `<Polygon><altitudeMode>clampToGround</altitudeMode><outerBoundaryIs><LinearRing><coordinates>${ringOf(
          zone,
        )
          .map(([lonDeg, latDeg]) => coordinate(lonDeg, latDeg, null))
          .join(' ')}</coordinates></LinearRing></outerBoundaryIs></Polygon>`,
    ),
  );
  const eventPlacemarks = locatedEvents(flightData).map(({ event, latDeg, lonDeg }) =>
    placemark(
      event.message || event.type,
      `<TimeStamp><when>${isoTime(event.tUs)}</when></TimeStamp>` +
        `<ExtendedData>${data('type', event.type)}${data('severity', String(event.severity))}</ExtendedData>` +
        `<Point><coordinates>${coordinate(lonDeg, latDeg, null)}</coordinates></Point>`,
    ),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${escapeXml(`${flight.vehicleName} — ${isoTime(flightData.startUs)}`)}</name>`,
    `<ExtendedData>${data('flightId', flight.id)}${data('evaluationId', evaluation.id)}${data('overallVerdict', evaluation.overallVerdict)}${Object.entries(
      evidenceProperties(evaluation),
    )
      .map(([name, value]) => data(name, value ?? ''))
      .join('')}</ExtendedData>`,
    ...styles,
    folder('Fences', fencePlacemarks),
    folder('Track', trackPlacemarks),
    folder('Events', eventPlacemarks),
    '</Document>',
    '</kml>',
    '',
  ].join('\n');
}

/** A closed ring of [lon, lat]. */
function ringOf(zone: FenceZone): [number, number][] {
  if (zone.shape === 'circle') {
    const polygon = circle([zone.center.lonDeg, zone.center.latDeg], zone.radiusM / 1000, {
      steps: CIRCLE_SIDES,
      units: 'kilometers',
    });
    return (polygon.geometry.coordinates[0] ?? []).map(([lon, lat]) => [lon ?? 0, lat ?? 0]);
  }
  const ring = zone.vertices.map((v): [number, number] => [v.lonDeg, v.latDeg]);
  const first = ring[0];
  return first ? [...ring, first] : ring;
}

function styleId(mode: string): string {
  return `mode-${mode.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function coordinate(lonDeg: number, latDeg: number, altM: number | null): string {
  return altM === null ? `${lonDeg},${latDeg}` : `${lonDeg},${latDeg},${altM}`;
}

function data(name: string, value: string): string {
  return `<Data name="${escapeXml(name)}"><value>${escapeXml(value)}</value></Data>`;
}

function placemark(name: string, body: string): string {
  return `<Placemark><name>${escapeXml(name)}</name>${body}</Placemark>`;
}

function folder(name: string, items: string[]): string {
  return [`<Folder><name>${name}</name>`, ...items, '</Folder>'].join('\n');
}
