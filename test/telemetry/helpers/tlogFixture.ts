import { encodeTlogRecord } from '../../../telemetry/tlog/tlogRecord.js';
import { concatAll, signedV2Frame, v1Frame, v2Frame } from './nodeMavlinkFrames.js';
import { mixedMessages } from './sampleMessages.js';
import { seededRandom } from './seededRandom.js';

export interface TlogFixture {
  bytes: Uint8Array;
  records: { tUs: number; frame: Uint8Array; offset: number; length: number }[];
}

/** A .tlog of `count` records mixing v1, v2 and signed v2 frames, 10 ms apart. */
export function buildTlog(seed: number, count: number): TlogFixture {
  const random = seededRandom(seed);
  const records: TlogFixture['records'] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  mixedMessages(random, count).forEach((message, i) => {
    const options = { seq: i & 0xff };
    const msgId = (message.constructor as unknown as { MSG_ID: number }).MSG_ID;
    const frame =
      i % 3 === 0 && msgId < 256
        ? v1Frame(message, options)
        : i % 3 === 1
          ? signedV2Frame(message, options)
          : v2Frame(message, options);
    const tUs = 1_700_000_000_000_000 + i * 10_000 + Math.floor(random() * 1000);
    const record = encodeTlogRecord(tUs, frame);
    records.push({ tUs, frame, offset, length: record.length });
    parts.push(record);
    offset += record.length;
  });
  return { bytes: concatAll(parts), records };
}

export async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
