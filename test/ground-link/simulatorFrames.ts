import { common, minimal, MavLinkProtocolV2, MSG_ID_MAGIC_NUMBER, x25crc } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor } from 'node-mavlink';
import type { SimulatedChunk } from '../../ground-link/simulator/index.js';
import { Simulator, type SimulatorOptions } from '../../ground-link/simulator/index.js';

/**
 * Decodes simulator output with node-mavlink, a decoder independent of the simulator's own
 * message building, so the tests read the bytes the way a ground station would.
 */
export interface DecodedFrame {
  tUs: number;
  sysId: number;
  compId: number;
  seq: number;
  msgId: number;
  name: string;
  message: MavLinkData;
}

const REGISTRY: Record<number, MavLinkDataConstructor<MavLinkData>> = {
  ...minimal.REGISTRY,
  ...common.REGISTRY,
};
const protocol = new MavLinkProtocolV2();

export function decodeChunk(chunk: SimulatedChunk): DecodedFrame {
  const buffer = Buffer.from(chunk.bytes);
  const header = protocol.header(buffer);
  const magic = MSG_ID_MAGIC_NUMBER[header.msgid];
  const clazz = REGISTRY[header.msgid];
  if (magic === undefined || clazz === undefined) throw new Error(`unknown msgid ${header.msgid}`);
  if (buffer.length !== 10 + header.payloadLength + 2) {
    throw new Error(
      `frame of ${buffer.length} bytes does not match payload ${header.payloadLength}`,
    );
  }
  const crc = x25crc(buffer, 1, 2, magic);
  if (crc !== protocol.crc(buffer)) throw new Error(`bad CRC in ${clazz.MSG_NAME}`);
  return {
    tUs: chunk.tUs,
    sysId: header.sysid,
    compId: header.compid,
    seq: header.seq,
    msgId: header.msgid,
    name: clazz.MSG_NAME,
    message: protocol.data(protocol.payload(buffer), clazz),
  };
}

/** Runs a simulation to its end, advancing in one-second slices. */
export function runToEnd(options: SimulatorOptions): {
  simulator: Simulator;
  chunks: SimulatedChunk[];
} {
  const simulator = new Simulator(options);
  const chunks: SimulatedChunk[] = [];
  for (let untilUs = simulator.options.startUs; !simulator.done; untilUs += 1_000_000) {
    for (const chunk of simulator.advanceTo(untilUs)) chunks.push(chunk);
  }
  return { simulator, chunks };
}

export function framesOf(frames: DecodedFrame[], sysId: number, name?: string): DecodedFrame[] {
  return frames.filter(
    (frame) => frame.sysId === sysId && (name === undefined || frame.name === name),
  );
}

/** Typed access to a decoded message's fields. */
export function fieldsOf<T extends MavLinkData>(frame: DecodedFrame, clazz: new () => T): T {
  if (!(frame.message instanceof clazz)) throw new Error(`${frame.name} is not a ${clazz.name}`);
  return frame.message;
}

export function concatChunks(chunks: readonly SimulatedChunk[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.bytes.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk.bytes, at);
    at += chunk.bytes.length;
  }
  return out;
}
