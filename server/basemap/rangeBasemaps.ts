import { PMTiles } from 'pmtiles';
import type { Db } from '../store/driver.js';
import {
  readBasemapBytes,
  removeBasemapFile,
  writeBasemapFile,
  type StoredFile,
  type WrittenFile,
} from '../store/basemaps/basemapFileStore.js';
import { PMTILES_HEADER_BYTES } from './basemapFormats.js';
import { GridFsRangeSource } from '../store/basemaps/gridFsRangeSource.js';
import { inspectStoredImage } from './inspectImage.js';
import {
  BasemapInputError,
  inspectRasterArchive,
  type RasterArchiveInfo,
} from './inspectPmtiles.js';

/**
 * Each range's basemap: one document per range in `basemaps` (`_id` the range id) naming the
 * stored file and what its header says, so the map is set up without reading the file.
 */
export const BASEMAPS_COLLECTION = 'basemaps';

export interface GeoBounds {
  westDeg: number;
  southDeg: number;
  eastDeg: number;
  northDeg: number;
}

interface StoredBasemap extends StoredFile {
  rangeId: string;
  sha256: string;
  /** Media type of the tiles, or of the image. */
  contentType: string;
  bounds: GeoBounds;
  uploadedAt: Date;
  /** Id of the admin who uploaded it. */
  uploadedBy: string;
}

/** Raster tiles from a PMTiles archive. */
export interface TiledBasemap extends StoredBasemap, RasterArchiveInfo {
  format: 'pmtiles';
}

/** One georeferenced PNG or JPEG, stretched over its bounds. */
export interface ImageBasemap extends StoredBasemap {
  format: 'image';
}

export type RangeBasemap = TiledBasemap | ImageBasemap;

/** What the upload is meant to be: an archive, or an image with the bounds it covers. */
export type BasemapUpload = { format: 'pmtiles' } | { format: 'image'; bounds: GeoBounds };

type BasemapDocument = { _id: string } & (
  Omit<TiledBasemap, 'rangeId'> | Omit<ImageBasemap, 'rangeId'>
);

const basemaps = (db: Db) => db.collection<BasemapDocument>(BASEMAPS_COLLECTION);

function fromDocument({ _id, ...rest }: BasemapDocument): RangeBasemap {
  return { rangeId: _id, ...rest } as RangeBasemap;
}

export async function findRangeBasemap(db: Db, rangeId: string): Promise<RangeBasemap | null> {
  const document = await basemaps(db).findOne({ _id: rangeId });
  return document ? fromDocument(document) : null;
}

/** Opens an archive over its stored bytes; readers are kept per file, with their caches. */
const readers = new WeakMap<Db, Map<string, PMTiles>>();
const MAX_OPEN_READERS = 32;

function readerFor(db: Db, file: StoredFile): PMTiles {
  let open = readers.get(db);
  if (!open) readers.set(db, (open = new Map()));
  let reader = open.get(file.fileId);
  if (!reader) {
    // Oldest first in a Map's order: drop the first when full.
    if (open.size >= MAX_OPEN_READERS) open.delete(open.keys().next().value!);
    reader = new PMTiles(new GridFsRangeSource(db, file));
    open.set(file.fileId, reader);
  }
  return reader;
}

async function inspectArchive(db: Db, file: WrittenFile): Promise<RasterArchiveInfo> {
  if (file.lengthBytes < PMTILES_HEADER_BYTES) {
    throw new BasemapInputError(
      `The file is ${file.lengthBytes} bytes long, shorter than a PMTiles header (${PMTILES_HEADER_BYTES} bytes): it is cut short. Upload the whole archive.`,
    );
  }
  return inspectRasterArchive(new PMTiles(new GridFsRangeSource(db, file)), file.lengthBytes);
}

/**
 * Stores an uploaded basemap for the range. The bytes are written first, then read back and
 * checked; a refused file is removed again, and the range keeps the basemap it had. Only an
 * accepted file replaces it (and the old file is then removed).
 */
export async function storeRangeBasemap(
  db: Db,
  rangeId: string,
  upload: BasemapUpload,
  source: AsyncIterable<Uint8Array>,
  uploadedBy: string,
): Promise<RangeBasemap> {
  const file = await writeBasemapFile(db, rangeId, source);
  const { sha256, ...stored } = file;
  const common = { ...stored, sha256, uploadedAt: new Date(), uploadedBy };
  let document: BasemapDocument;
  try {
    document =
      upload.format === 'pmtiles'
        ? { _id: rangeId, format: 'pmtiles', ...common, ...(await inspectArchive(db, file)) }
        : {
            _id: rangeId,
            format: 'image',
            ...common,
            contentType: await inspectStoredImage(db, file),
            bounds: upload.bounds,
          };
  } catch (error) {
    await removeBasemapFile(db, file);
    throw error;
  }
  const previous = await basemaps(db).findOneAndReplace({ _id: rangeId }, document, {
    upsert: true,
    returnDocument: 'before',
  });
  if (previous && previous.fileId !== file.fileId) await removeBasemapFile(db, previous);
  return fromDocument(document);
}

/** Removes the range's basemap; false if it had none. */
export async function deleteRangeBasemap(db: Db, rangeId: string): Promise<boolean> {
  const previous = await basemaps(db).findOneAndDelete({ _id: rangeId });
  if (!previous) return false;
  await removeBasemapFile(db, previous);
  return true;
}

/** The bytes of one tile as stored, or null where the archive has none. */
export async function readBasemapTile(
  db: Db,
  basemap: TiledBasemap,
  z: number,
  x: number,
  y: number,
): Promise<Buffer | null> {
  if (z < basemap.minZoom || z > basemap.maxZoom) return null;
  const tile = await readerFor(db, basemap).getZxy(z, x, y);
  return tile ? Buffer.from(tile.data) : null;
}

/** The stored image of an image basemap, a few chunks at a time (it may be large). */
export async function* readBasemapImage(db: Db, basemap: ImageBasemap): AsyncGenerator<Buffer> {
  const pieceBytes = basemap.chunkBytes * 4;
  for (let offset = 0; offset < basemap.lengthBytes; offset += pieceBytes) {
    yield await readBasemapBytes(db, basemap, offset, pieceBytes);
  }
}
