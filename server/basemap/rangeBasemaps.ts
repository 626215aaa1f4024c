import { PMTiles } from 'pmtiles';
import type { Db } from '../flights/mongoDriver.js';
import { removeBasemapFile, writeBasemapFile, type StoredFile } from './basemapFileStore.js';
import { GridFsRangeSource } from './gridFsRangeSource.js';
import {
  BasemapInputError,
  inspectRasterArchive,
  type RasterArchiveInfo,
} from './inspectPmtiles.js';
import { PMTILES_HEADER_BYTES } from './pmtilesFormat.js';

/**
 * Each range's basemap: one document per range in `basemaps` (`_id` the range id) naming the
 * stored file and what its header says, so the map is set up without reading the file.
 */
export const BASEMAPS_COLLECTION = 'basemaps';

export interface RangeBasemap extends RasterArchiveInfo, StoredFile {
  rangeId: string;
  format: 'pmtiles';
  sha256: string;
  uploadedAt: Date;
  /** Id of the admin who uploaded it. */
  uploadedBy: string;
}

interface BasemapDocument extends Omit<RangeBasemap, 'rangeId'> {
  _id: string;
}

const basemaps = (db: Db) => db.collection<BasemapDocument>(BASEMAPS_COLLECTION);

function fromDocument({ _id, ...rest }: BasemapDocument): RangeBasemap {
  return { rangeId: _id, ...rest };
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

/**
 * Stores an uploaded PMTiles archive as the range's basemap. The bytes are written first,
 * then read back and checked; a refused file is removed again, and the range keeps the
 * basemap it had. Only an accepted file replaces it (and the old file is then removed).
 */
export async function storeRangeBasemap(
  db: Db,
  rangeId: string,
  source: AsyncIterable<Uint8Array>,
  uploadedBy: string,
): Promise<RangeBasemap> {
  const file = await writeBasemapFile(db, rangeId, source);
  let info: RasterArchiveInfo;
  try {
    if (file.lengthBytes < PMTILES_HEADER_BYTES) {
      throw new BasemapInputError(
        `The file is ${file.lengthBytes} bytes long, shorter than a PMTiles header (${PMTILES_HEADER_BYTES} bytes): it is cut short. Upload the whole archive.`,
      );
    }
    info = await inspectRasterArchive(
      new PMTiles(new GridFsRangeSource(db, file)),
      file.lengthBytes,
    );
  } catch (error) {
    await removeBasemapFile(db, file);
    throw error;
  }
  const { sha256, ...stored } = file;
  const document: BasemapDocument = {
    _id: rangeId,
    format: 'pmtiles',
    ...stored,
    ...info,
    sha256,
    uploadedAt: new Date(),
    uploadedBy,
  };
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
  basemap: RangeBasemap,
  z: number,
  x: number,
  y: number,
): Promise<Buffer | null> {
  if (z < basemap.minZoom || z > basemap.maxZoom) return null;
  const tile = await readerFor(db, basemap).getZxy(z, x, y);
  return tile ? Buffer.from(tile.data) : null;
}
