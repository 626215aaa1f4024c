import { TileType } from 'pmtiles';

/**
 * The formats a basemap may have, told by their first bytes. A PMTiles v3 archive
 * (github.com/protomaps/PMTiles, spec/v3/spec.md) opens its 127-byte header with the 7 ASCII
 * bytes "PMTiles" and the version byte 3.
 */
export const PMTILES_MAGIC = Buffer.from('PMTiles', 'ascii');
export const PMTILES_VERSION = 3;
export const PMTILES_HEADER_BYTES = 127;

/** Raster tile types a browser draws as an <img>, with the content type they are served as. */
export const RASTER_CONTENT_TYPES: ReadonlyMap<TileType, string> = new Map([
  [TileType.Png, 'image/png'],
  [TileType.Jpeg, 'image/jpeg'],
  [TileType.Webp, 'image/webp'],
]);

/** The name a user knows a tile type by, for refusals. */
export function tileTypeName(tileType: number): string {
  switch (tileType) {
    case TileType.Mvt:
      return 'vector tiles (MVT)';
    case TileType.Mlt:
      return 'vector tiles (MLT)';
    case TileType.Avif:
      return 'AVIF images';
    case TileType.Unknown:
      return 'tiles of an unknown type';
    default:
      return `tile type ${tileType}`;
  }
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** image/png or image/jpeg for an image a browser draws as a georeferenced overlay, else null. */
export function imageTypeOf(start: Buffer): string | null {
  if (start.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
  if (start[0] === 0xff && start[1] === 0xd8 && start[2] === 0xff) return 'image/jpeg';
  return null;
}

/** A first guess at what a file that is not PMTiles is, from its first bytes, for the refusal. */
export function describeOtherFormat(start: Buffer): string {
  const image = imageTypeOf(start);
  if (image) return image === 'image/png' ? 'a PNG image' : 'a JPEG image';
  if (start.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000')
    return 'an SQLite database (MBTiles?)';
  if (start.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))) return 'a gzip file';
  if (start.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) return 'a ZIP archive';
  return 'not a PMTiles archive';
}
