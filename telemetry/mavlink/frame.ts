/** One MAVLink frame as it came off the wire, CRC-checked. */
export interface MavlinkFrame {
  version: 1 | 2;
  sysId: number;
  compId: number;
  msgId: number;
  /** Sequence number 0…255, per sending component; gaps mean lost frames. */
  seq: number;
  /**
   * Payload, zero-padded back to the message's full length when v2-truncated (or v1 without
   * extensions); longer than that when a newer dialect sent extensions we do not know.
   */
  payload: Uint8Array;
  /**
   * The whole frame as received, incl. signature; a fresh copy the receiver may keep. It is a
   * view into a shared slab (see byteSlab.ts): mind `byteOffset` if you reach for `.buffer`.
   */
  bytes: Uint8Array;
  signed: boolean;
  /** Byte offset of the frame start in the stream. */
  offset: number;
}

export const STX_V1 = 0xfe;
export const STX_V2 = 0xfd;
export const HEADER_LENGTH_V1 = 6;
export const HEADER_LENGTH_V2 = 10;
export const CHECKSUM_LENGTH = 2;
export const SIGNATURE_LENGTH = 13;
export const INCOMPAT_FLAG_SIGNED = 0x01;
/** Longest possible frame: v2 header + 255 payload bytes + CRC + signature. */
export const MAX_FRAME_LENGTH = HEADER_LENGTH_V2 + 255 + CHECKSUM_LENGTH + SIGNATURE_LENGTH;
