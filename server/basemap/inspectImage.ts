import type { Db } from '../store/driver.js';
import { readBasemapBytes, type StoredFile } from '../store/basemaps/basemapFileStore.js';
import { BasemapInputError } from './inspectPmtiles.js';
import { imageTypeOf } from './basemapFormats.js';

/** A PNG ends with its IEND chunk: length 0, "IEND", and that chunk's fixed CRC. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** A JPEG ends with the end-of-image marker. */
const JPEG_END = Buffer.from([0xff, 0xd9]);

/**
 * Checks a stored georeferenced image: a PNG or JPEG that ends as its format says (a cut-off
 * upload does not), and returns its media type.
 */
export async function inspectStoredImage(db: Db, file: StoredFile): Promise<string> {
  const start = await readBasemapBytes(db, file, 0, 16);
  const contentType = imageTypeOf(start);
  if (!contentType) {
    throw new BasemapInputError('A georeferenced basemap must be a PNG or JPEG image.');
  }
  const end = contentType === 'image/png' ? PNG_END : JPEG_END;
  const tail = await readBasemapBytes(
    db,
    file,
    Math.max(0, file.lengthBytes - end.length),
    end.length,
  );
  if (!tail.equals(end)) {
    throw new BasemapInputError(
      `The ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image does not end as one must: the file is cut short. Upload the whole image.`,
    );
  }
  return contentType;
}
