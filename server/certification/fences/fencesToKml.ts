import type { RangeFences } from './rangeFences.js';

/**
 * Fences as KML 2.2. Each zone is a Placemark whose ExtendedData carries `role` (and `radiusM` for
 * a circle, drawn as a Point since KML has no circle); the Document's ExtendedData carries the
 * range settings. parseFencesKml reads all of it back.
 */
export function fencesToKml(fences: RangeFences, documentName = 'Range fences'): string {
  const settings: [string, string | number | null][] = [
    ['floorM', fences.floorM],
    ['ceilingM', fences.ceilingM],
    ['marginM', fences.marginM],
    ['inclusionCombine', fences.inclusionCombine],
    ['reactionTimeS', fences.reactionTimeS],
    ['brakingDecelerationMps2', fences.brakingDecelerationMps2],
  ];
  const placemarks = fences.zones.map((zone) => {
    const data: [string, string | number][] = [
      ['id', zone.id],
      ['role', zone.role],
    ];
    let geometry: string;
    if (zone.shape === 'circle') {
      data.push(['radiusM', zone.radiusM]);
      geometry = `<Point><coordinates>${zone.center.lonDeg},${zone.center.latDeg}</coordinates></Point>`;
    } else {
      const ring = [...zone.vertices, zone.vertices[0]]
        .filter((v) => v !== undefined)
        .map((v) => `${v.lonDeg},${v.latDeg}`)
        .join(' ');
      geometry = `<Polygon><outerBoundaryIs><LinearRing><coordinates>${ring}</coordinates></LinearRing></outerBoundaryIs></Polygon>`;
    }
    return [
      '    <Placemark>',
      `      <name>${escapeXml(zone.name ?? zone.id)}</name>`,
      `      ${extendedData(data)}`,
      `      ${geometry}`,
      '    </Placemark>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '  <Document>',
    `    <name>${escapeXml(documentName)}</name>`,
    `    ${extendedData(settings.filter((entry): entry is [string, string | number] => entry[1] !== null))}`,
    ...placemarks,
    '  </Document>',
    '</kml>',
    '',
  ].join('\n');
}

function extendedData(entries: [string, string | number][]): string {
  const items = entries
    .map(
      ([name, value]) =>
        `<Data name="${escapeXml(name)}"><value>${escapeXml(String(value))}</value></Data>`,
    )
    .join('');
  return `<ExtendedData>${items}</ExtendedData>`;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
