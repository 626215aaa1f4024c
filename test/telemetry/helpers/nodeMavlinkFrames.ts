import { MavLinkProtocolV1, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';

/**
 * Frames built by node-mavlink's serializer: an encoder independent of ours, so tests check
 * our framer and decoders against someone else's reading of the spec.
 */
export interface FrameOptions {
  sysId?: number;
  compId?: number;
  seq?: number;
}

export function v2Frame(message: MavLinkData, options: FrameOptions = {}): Uint8Array {
  const protocol = new MavLinkProtocolV2(options.sysId ?? 1, options.compId ?? 1);
  return new Uint8Array(protocol.serialize(message, options.seq ?? 0));
}

export function v1Frame(message: MavLinkData, options: FrameOptions = {}): Uint8Array {
  const protocol = new MavLinkProtocolV1(options.sysId ?? 1, options.compId ?? 1);
  return new Uint8Array(protocol.serialize(message, options.seq ?? 0));
}

const SIGNING_KEY = Buffer.alloc(32, 7);

export function signedV2Frame(message: MavLinkData, options: FrameOptions = {}): Uint8Array {
  const protocol = new MavLinkProtocolV2(
    options.sysId ?? 1,
    options.compId ?? 1,
    MavLinkProtocolV2.IFLAG_SIGNED,
  );
  const unsigned = protocol.serialize(message, options.seq ?? 0);
  return new Uint8Array(protocol.sign(unsigned, 1, SIGNING_KEY, 1_700_000_000_000));
}

export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
