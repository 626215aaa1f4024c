import { Compression, type Entry, type Header, type PMTiles } from 'pmtiles';
import { RASTER_CONTENT_TYPES, tileTypeName } from './basemapFormats.js';

/** A file that is not a basemap Sortie can serve; the message says what to do instead. */
export class BasemapInputError extends Error {
  override readonly name = 'BasemapInputError';
}

export interface RasterArchiveInfo {
  /** Media type of every tile: image/png, image/jpeg or image/webp. */
  contentType: string;
  minZoom: number;
  maxZoom: number;
  bounds: { westDeg: number; southDeg: number; eastDeg: number; northDeg: number };
  centre: { latDeg: number; lonDeg: number; zoom: number };
  addressedTiles: number;
}

/** The largest zoom the `pmtiles` reader computes tile ids for. */
const MAX_ZOOM = 26;

function sectionEnd(offset: number, length: number | undefined): number {
  return offset + (length ?? 0);
}

/**
 * Reads and checks a PMTiles v3 archive through the `pmtiles` reader: raster tiles the
 * browser draws, zooms and bounds that make sense, every section inside the file (a cut-off
 * upload ends before its tile data), and a root directory that decodes and points inside.
 */
export async function inspectRasterArchive(
  archive: PMTiles,
  lengthBytes: number,
): Promise<RasterArchiveInfo> {
  let header: Header;
  try {
    header = await archive.getHeader();
  } catch (error) {
    throw new BasemapInputError(
      `The PMTiles header or root directory cannot be read (${(error as Error).message}); export the archive again.`,
    );
  }
  const contentType = RASTER_CONTENT_TYPES.get(header.tileType);
  if (!contentType) {
    throw new BasemapInputError(
      `This PMTiles archive holds ${tileTypeName(header.tileType)}; Sortie draws raster basemaps only (PNG, JPEG or WebP tiles) and does not render vector tiles. Export raster tiles instead.`,
    );
  }
  for (const [what, compression] of [
    ['directories', header.internalCompression],
    ['tiles', header.tileCompression],
  ] as const) {
    if (![Compression.None, Compression.Unknown, Compression.Gzip].includes(compression)) {
      throw new BasemapInputError(
        `This PMTiles archive compresses its ${what} with ${Compression[compression] ?? compression}; Sortie reads uncompressed or gzip only. Convert it with \`pmtiles convert\`.`,
      );
    }
  }
  const sections: [string, number][] = [
    ['root directory', sectionEnd(header.rootDirectoryOffset, header.rootDirectoryLength)],
    ['metadata', sectionEnd(header.jsonMetadataOffset, header.jsonMetadataLength)],
    ['leaf directories', sectionEnd(header.leafDirectoryOffset, header.leafDirectoryLength)],
    ['tile data', sectionEnd(header.tileDataOffset, header.tileDataLength)],
  ];
  for (const [what, end] of sections) {
    if (end > lengthBytes) {
      throw new BasemapInputError(
        `The file is ${lengthBytes} bytes long but its PMTiles header puts the ${what} up to byte ${end}: the file is cut short. Upload the whole archive.`,
      );
    }
  }
  if (header.minZoom > header.maxZoom || header.maxZoom > MAX_ZOOM) {
    throw new BasemapInputError(
      `The archive's zoom levels ${header.minZoom}–${header.maxZoom} are not a range from 0 to ${MAX_ZOOM}; export it again.`,
    );
  }
  const { minLon, minLat, maxLon, maxLat } = header;
  const inWorld = minLon >= -180 && maxLon <= 180 && minLat >= -85.06 && maxLat <= 85.06;
  if (!inWorld || minLon >= maxLon || minLat >= maxLat) {
    throw new BasemapInputError(
      `The archive's bounds (${minLon}, ${minLat}, ${maxLon}, ${maxLat}) are not a west–south–east–north box on Earth; set them when exporting.`,
    );
  }
  let root: Entry[];
  try {
    root = await archive.cache.getDirectory(
      archive.source,
      header.rootDirectoryOffset,
      header.rootDirectoryLength,
      header,
    );
  } catch (error) {
    throw new BasemapInputError(
      `The archive's root directory cannot be decoded (${(error as Error).message}); export it again.`,
    );
  }
  if (root.length === 0) throw new BasemapInputError('The PMTiles archive holds no tiles.');
  for (const entry of root) {
    const [limit, what] =
      entry.runLength > 0
        ? [header.tileDataLength ?? 0, 'tile data']
        : [header.leafDirectoryLength ?? 0, 'leaf directories'];
    if (entry.offset + entry.length > limit) {
      throw new BasemapInputError(
        `The archive's root directory points past the end of its ${what}; the file is damaged. Export it again.`,
      );
    }
  }
  return {
    contentType,
    minZoom: header.minZoom,
    maxZoom: header.maxZoom,
    bounds: { westDeg: minLon, southDeg: minLat, eastDeg: maxLon, northDeg: maxLat },
    centre: { latDeg: header.centerLat, lonDeg: header.centerLon, zoom: header.centerZoom },
    addressedTiles: header.numAddressedTiles,
  };
}
