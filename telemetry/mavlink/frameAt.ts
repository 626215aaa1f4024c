import { takeBytes } from './byteSlab.js';
import { crc16Byte, crc16Update, CRC_INIT } from './crc.js';
import {
  CHECKSUM_LENGTH,
  HEADER_LENGTH_V1,
  HEADER_LENGTH_V2,
  INCOMPAT_FLAG_SIGNED,
  SIGNATURE_LENGTH,
  STX_V1,
  STX_V2,
  type MavlinkFrame,
} from './frame.js';
import { crcExtraOf, payloadLengthOf } from './messageRegistry.js';

/**
 * What the bytes at one position are. Positive = a valid frame of that many bytes; the
 * negative values say why not, so scanners can count and resynchronise.
 */
export const NOT_A_FRAME = -1;
export const NEED_MORE_BYTES = -2;
export const BAD_CRC = -3;
export const UNKNOWN_MESSAGE = -4;

/**
 * Checks whether a complete, CRC-valid MAVLink frame starts at `buf[pos]`, looking no further
 * than `end`. Never throws. Pure function of the bytes: the same answer at any chunking, as
 * long as the caller offers more bytes when told NEED_MORE_BYTES.
 */
export function checkFrameAt(buf: Uint8Array, pos: number, end: number): number {
  const stx = buf[pos];
  if (stx === STX_V2) return checkV2At(buf, pos, end);
  if (stx === STX_V1) return checkV1At(buf, pos, end);
  return NOT_A_FRAME;
}

function checkV1At(buf: Uint8Array, pos: number, end: number): number {
  if (end - pos < HEADER_LENGTH_V1) return NEED_MORE_BYTES;
  const payloadLength = buf[pos + 1] as number;
  const msgId = buf[pos + 5] as number;
  const fullLength = payloadLengthOf(msgId);
  if (fullLength === 0) return UNKNOWN_MESSAGE;
  const frameLength = HEADER_LENGTH_V1 + payloadLength + CHECKSUM_LENGTH;
  if (end - pos < frameLength) return NEED_MORE_BYTES;
  return crcMatches(buf, pos, HEADER_LENGTH_V1 + payloadLength, msgId) ? frameLength : BAD_CRC;
}

function checkV2At(buf: Uint8Array, pos: number, end: number): number {
  if (end - pos < HEADER_LENGTH_V2) return NEED_MORE_BYTES;
  const payloadLength = buf[pos + 1] as number;
  const incompatFlags = buf[pos + 2] as number;
  // An incompatibility flag we do not understand means we cannot parse the frame (spec).
  if ((incompatFlags & ~INCOMPAT_FLAG_SIGNED) !== 0) return NOT_A_FRAME;
  const msgId =
    (buf[pos + 7] as number) | ((buf[pos + 8] as number) << 8) | ((buf[pos + 9] as number) << 16);
  const fullLength = payloadLengthOf(msgId);
  if (fullLength === 0) return UNKNOWN_MESSAGE;
  // v2 never sends an empty payload: the first byte is kept even when zero. A payload longer
  // than we know is accepted: a newer dialect may have added extensions (outside CRC_EXTRA).
  if (payloadLength === 0) return NOT_A_FRAME;
  const signatureLength = incompatFlags & INCOMPAT_FLAG_SIGNED ? SIGNATURE_LENGTH : 0;
  const frameLength = HEADER_LENGTH_V2 + payloadLength + CHECKSUM_LENGTH + signatureLength;
  if (end - pos < frameLength) return NEED_MORE_BYTES;
  return crcMatches(buf, pos, HEADER_LENGTH_V2 + payloadLength, msgId) ? frameLength : BAD_CRC;
}

/** The CRC covers the header after STX and the payload, then the message's CRC_EXTRA. */
function crcMatches(buf: Uint8Array, pos: number, checkedLength: number, msgId: number): boolean {
  let crc = crc16Update(CRC_INIT, buf, pos + 1, pos + checkedLength);
  crc = crc16Byte(crc, crcExtraOf(msgId));
  const crcAt = pos + checkedLength;
  return crc === ((buf[crcAt] as number) | ((buf[crcAt + 1] as number) << 8));
}

/**
 * Builds the frame object for bytes already accepted by `checkFrameAt`. One copy of the frame
 * bytes; the payload is a view into it unless it has to be zero-padded.
 */
export function frameFromBytes(
  buf: Uint8Array,
  pos: number,
  frameLength: number,
  offset: number,
): MavlinkFrame {
  const bytes = takeBytes(frameLength);
  // A plain loop: frames are short, and subarray() + set() would allocate a view per frame.
  for (let i = 0; i < frameLength; i++) bytes[i] = buf[pos + i] as number;
  const isV2 = bytes[0] === STX_V2;
  const payloadLength = bytes[1] as number;
  const headerLength = isV2 ? HEADER_LENGTH_V2 : HEADER_LENGTH_V1;
  const msgId = isV2
    ? (bytes[7] as number) | ((bytes[8] as number) << 8) | ((bytes[9] as number) << 16)
    : (bytes[5] as number);
  const fullLength = payloadLengthOf(msgId);
  let payload: Uint8Array;
  if (payloadLength >= fullLength) {
    payload = bytes.subarray(headerLength, headerLength + payloadLength);
  } else {
    payload = takeBytes(fullLength);
    for (let i = 0; i < payloadLength; i++) payload[i] = bytes[headerLength + i] as number;
  }
  return {
    version: isV2 ? 2 : 1,
    sysId: bytes[isV2 ? 5 : 3] as number,
    compId: bytes[isV2 ? 6 : 4] as number,
    msgId,
    seq: bytes[isV2 ? 4 : 2] as number,
    payload,
    bytes,
    signed: isV2 && ((bytes[2] as number) & INCOMPAT_FLAG_SIGNED) !== 0,
    offset,
  };
}
