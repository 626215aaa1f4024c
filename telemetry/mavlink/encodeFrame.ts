import { crc16Byte, crc16Update, CRC_INIT } from './crc.js';
import { CHECKSUM_LENGTH, HEADER_LENGTH_V1, HEADER_LENGTH_V2, STX_V1, STX_V2 } from './frame.js';
import { crcExtraOf } from './messageRegistry.js';

export { crcExtraOf, payloadLengthOf } from './messageRegistry.js';

export interface FrameToEncode {
  version: 1 | 2;
  sysId: number;
  compId: number;
  /** 0…255; wraps. */
  seq: number;
  msgId: number;
  /** The message's payload in wire order (fields sorted by type size, then extensions). */
  payload: Uint8Array;
}

/**
 * Builds a valid unsigned MAVLink frame, for tests, benchmarks and the simulator. MAVLink 2
 * trims trailing zero bytes of the payload (keeping at least one), as the spec says.
 * Throws on a message id outside the registries: there is no CRC_EXTRA to seed the CRC with.
 */
export function encodeFrame(frame: FrameToEncode): Uint8Array {
  const crcExtra = crcExtraOf(frame.msgId);
  if (crcExtra < 0) throw new Error(`encodeFrame: unknown message id ${frame.msgId}`);
  let payloadLength = frame.payload.length;
  if (frame.version === 2) {
    while (payloadLength > 1 && frame.payload[payloadLength - 1] === 0) payloadLength--;
  }
  if (payloadLength > 255) throw new Error(`encodeFrame: payload of ${payloadLength} bytes > 255`);
  const headerLength = frame.version === 2 ? HEADER_LENGTH_V2 : HEADER_LENGTH_V1;
  const out = new Uint8Array(headerLength + payloadLength + CHECKSUM_LENGTH);
  if (frame.version === 2) {
    out[0] = STX_V2;
    out[1] = payloadLength;
    out[2] = 0; // incompat flags: unsigned
    out[3] = 0; // compat flags
    out[4] = frame.seq & 0xff;
    out[5] = frame.sysId;
    out[6] = frame.compId;
    out[7] = frame.msgId & 0xff;
    out[8] = (frame.msgId >> 8) & 0xff;
    out[9] = (frame.msgId >> 16) & 0xff;
  } else {
    if (frame.msgId > 255)
      throw new Error(`encodeFrame: message id ${frame.msgId} needs MAVLink 2`);
    out[0] = STX_V1;
    out[1] = payloadLength;
    out[2] = frame.seq & 0xff;
    out[3] = frame.sysId;
    out[4] = frame.compId;
    out[5] = frame.msgId;
  }
  out.set(frame.payload.subarray(0, payloadLength), headerLength);
  const crcAt = headerLength + payloadLength;
  const crc = crc16Byte(crc16Update(CRC_INIT, out, 1, crcAt), crcExtra);
  out[crcAt] = crc & 0xff;
  out[crcAt + 1] = crc >> 8;
  return out;
}
