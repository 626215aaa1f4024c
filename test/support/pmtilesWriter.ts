import { TileType, zxyToTileId } from 'pmtiles';

/**
 * A minimal PMTiles v3 writer for tests (the `pmtiles` package reads only). It follows the
 * spec (github.com/protomaps/PMTiles, spec/v3/spec.md): a 127-byte header, the root
 * directory, the JSON metadata, no leaf directories, then the tile data; nothing compressed.
 *
 * Header (little-endian): 0 "PMTiles", 7 version 3, then u64 pairs of offset and length at
 * 8/16 root directory, 24/32 metadata, 40/48 leaf directories, 56/64 tile data; u64 at 72
 * addressed tiles, 80 tile entries, 88 tile contents; u8 at 96 clustered, 97 internal
 * compression, 98 tile compression, 99 tile type, 100 min zoom, 101 max zoom; i32 (degrees
 * × 10⁷) at 102 min lon, 106 min lat, 110 max lon, 114 max lat; u8 at 118 centre zoom; i32 at
 * 119 centre lon, 123 centre lat.
 *
 * A directory is varints: the entry count, then each entry's tile-id delta from the previous,
 * then every run length, every length, and every offset + 1 (0: right after the previous).
 */
export interface PmtilesTile {
  z: number;
  x: number;
  y: number;
  data: Buffer;
}

export interface PmtilesArchive {
  tiles: PmtilesTile[];
  tileType?: TileType;
  /** West, south, east, north [deg]. */
  bounds: [number, number, number, number];
  metadata?: Record<string, unknown>;
}

const HEADER_BYTES = 127;
const COMPRESSION_NONE = 1;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

export function writePmtiles(archive: PmtilesArchive): Buffer {
  const entries = archive.tiles
    .map((tile) => ({ tileId: zxyToTileId(tile.z, tile.x, tile.y), data: tile.data }))
    .sort((a, b) => a.tileId - b.tileId);
  const tileData = Buffer.concat(entries.map((entry) => entry.data));
  const directory: number[] = [...varint(entries.length)];
  let previousId = 0;
  for (const entry of entries) {
    directory.push(...varint(entry.tileId - previousId));
    previousId = entry.tileId;
  }
  for (let i = 0; i < entries.length; i++) directory.push(...varint(1));
  for (const entry of entries) directory.push(...varint(entry.data.length));
  entries.forEach((_, index) => directory.push(...varint(index === 0 ? 1 : 0)));
  const root = Buffer.from(directory);
  const metadata = Buffer.from(JSON.stringify(archive.metadata ?? {}), 'utf8');

  const zooms = archive.tiles.map((tile) => tile.z);
  const [west, south, east, north] = archive.bounds;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('PMTiles', 0, 'ascii');
  header.writeUInt8(3, 7);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileOffset = leafOffset;
  const u64 = (offset: number, value: number) => header.writeBigUInt64LE(BigInt(value), offset);
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, 0);
  u64(56, tileOffset);
  u64(64, tileData.length);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  header.writeUInt8(1, 96);
  header.writeUInt8(COMPRESSION_NONE, 97);
  header.writeUInt8(COMPRESSION_NONE, 98);
  header.writeUInt8(archive.tileType ?? TileType.Png, 99);
  header.writeUInt8(Math.min(...zooms), 100);
  header.writeUInt8(Math.max(...zooms), 101);
  const e7 = (deg: number) => Math.round(deg * 1e7);
  header.writeInt32LE(e7(west), 102);
  header.writeInt32LE(e7(south), 106);
  header.writeInt32LE(e7(east), 110);
  header.writeInt32LE(e7(north), 114);
  header.writeUInt8(Math.max(...zooms), 118);
  header.writeInt32LE(e7((west + east) / 2), 119);
  header.writeInt32LE(e7((south + north) / 2), 123);
  return Buffer.concat([header, root, metadata, tileData]);
}

/** The x/y of the Web-Mercator tile holding a point at zoom z (the slippy-map formula). */
export function tileAt(latDeg: number, lonDeg: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const latRad = (latDeg * Math.PI) / 180;
  return {
    x: Math.floor(((lonDeg + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n),
  };
}

/** West, south, east, north [deg] of tile z/x/y. */
export function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}
