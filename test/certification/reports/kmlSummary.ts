import { execFileSync } from 'node:child_process';

export interface KmlPlacemarkSummary {
  folder: string;
  name: string;
  geometry: 'LineString' | 'Polygon' | 'Point' | null;
  coordinates: number[][];
  styleUrl: string | null;
  when: string | null;
  /** ExtendedData name → value. */
  data: Record<string, string>;
}

/**
 * Parses KML with Python's XML parser, an implementation independent of ours: a document that is
 * not well-formed XML fails here, as it would in Google Earth.
 */
export function kmlSummary(kml: string): {
  styles: Record<string, string>;
  placemarks: KmlPlacemarkSummary[];
} {
  const script = String.raw`
import json, sys
import xml.etree.ElementTree as ET
ns = {'k': 'http://www.opengis.net/kml/2.2'}
root = ET.fromstring(sys.stdin.read())
doc = root.find('k:Document', ns)
styles = {s.get('id'): (s.findtext('k:LineStyle/k:color', namespaces=ns) or '') for s in doc.findall('k:Style', ns)}
out = []
for folder in doc.findall('k:Folder', ns):
    for pm in folder.findall('k:Placemark', ns):
        geometry = None
        coords = ''
        for kind in ('LineString', 'Polygon', 'Point'):
            el = pm.find('.//k:' + kind, ns)
            if el is not None:
                geometry = kind
                coords = el.findtext('.//k:coordinates', namespaces=ns) or ''
                break
        out.append({
            'folder': folder.findtext('k:name', namespaces=ns),
            'name': pm.findtext('k:name', namespaces=ns),
            'geometry': geometry,
            'coordinates': [[float(v) for v in c.split(',')] for c in coords.split()],
            'styleUrl': pm.findtext('k:styleUrl', namespaces=ns),
            'when': pm.findtext('k:TimeStamp/k:when', namespaces=ns),
            'data': {d.get('name'): d.findtext('k:value', namespaces=ns) for d in pm.findall('k:ExtendedData/k:Data', ns)},
        })
print(json.dumps({'styles': styles, 'placemarks': out}))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: kml, encoding: 'utf8' }));
}
