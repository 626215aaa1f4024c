import { describe, expect, it } from 'vitest';
import { common } from 'mavlink-mappings';
import { FrameScanner } from '../../telemetry/mavlink/frameScanner.js';
import type { MavlinkFrame } from '../../telemetry/mavlink/frame.js';
import { payloadLengthOf } from '../../telemetry/mavlink/messageRegistry.js';
import { encodeFrame } from '../../telemetry/mavlink/encodeFrame.js';
import { concatAll, signedV2Frame, v1Frame, v2Frame } from './helpers/nodeMavlinkFrames.js';
import { heartbeat, mixedMessages } from './helpers/sampleMessages.js';
import { randomBytes, randomInt, seededRandom } from './helpers/seededRandom.js';

function scanInChunks(stream: Uint8Array, chunkSize: number) {
  const scanner = new FrameScanner();
  const frames: MavlinkFrame[] = [];
  const collect = (f: MavlinkFrame) => frames.push(f);
  for (let at = 0; at < stream.length; at += chunkSize) {
    scanner.push(stream.subarray(at, at + chunkSize), collect);
  }
  scanner.finish(collect);
  return { frames, stats: scanner.stats };
}

/** v1, v2, signed v2 and (by node-mavlink's trimming) truncated v2 frames, with their offsets. */
function mixedStream(seed: number, count: number) {
  const random = seededRandom(seed);
  const frames: Uint8Array[] = [];
  mixedMessages(random, count).forEach((message, i) => {
    const options = { seq: i & 0xff, sysId: 1 + (i % 3) };
    const kind = i % 3;
    if (kind === 0 && (message.constructor as unknown as { MSG_ID: number }).MSG_ID < 256) {
      frames.push(v1Frame(message, options));
    } else if (kind === 1) frames.push(signedV2Frame(message, options));
    else frames.push(v2Frame(message, options));
  });
  const offsets: number[] = [];
  let at = 0;
  for (const f of frames) {
    offsets.push(at);
    at += f.length;
  }
  return { stream: concatAll(frames), frames, offsets };
}

/** Length of the part of a frame protected by its CRC: everything but the signature. */
function crcCoveredEnd(frame: Uint8Array | undefined): number {
  if (!frame) return 0;
  const signed = frame[0] === 0xfd && ((frame[2] ?? 0) & 1) === 1;
  return frame.length - (signed ? 13 : 0);
}

describe('FrameScanner', () => {
  it('finds every frame, byte-exact and at its offset, at every chunk size from 1 to 300 B', () => {
    const seed = 1234;
    console.log(`seed ${seed}`);
    const { stream, frames, offsets } = mixedStream(seed, 200);
    for (let chunkSize = 1; chunkSize <= 300; chunkSize++) {
      const result = scanInChunks(stream, chunkSize);
      expect(result.frames.length, `chunk size ${chunkSize}`).toBe(frames.length);
      // One assertion per chunk size: 60 000 deep equals would dominate the test's time.
      const wrong = result.frames.filter(
        (f, i) =>
          f.offset !== offsets[i] || Buffer.compare(f.bytes, frames[i] ?? new Uint8Array()) !== 0,
      );
      expect(wrong, `chunk size ${chunkSize}`).toEqual([]);
      expect(result.stats).toEqual({
        frames: frames.length,
        badCrcFrames: 0,
        junkBytes: 0,
        unknownMessages: 0,
      });
    }
  });

  it('reads the header of v1, v2 and signed v2 frames', () => {
    const hb = heartbeat({ customMode: 4 });
    const stream = concatAll([
      v1Frame(hb, { sysId: 7, compId: 1, seq: 9 }),
      v2Frame(hb, { sysId: 8, compId: 2, seq: 10 }),
      signedV2Frame(hb, { sysId: 9, compId: 3, seq: 11 }),
    ]);
    const { frames } = scanInChunks(stream, stream.length);
    expect(frames.map((f) => [f.version, f.sysId, f.compId, f.seq, f.msgId, f.signed])).toEqual([
      [1, 7, 1, 9, 0, false],
      [2, 8, 2, 10, 0, false],
      [2, 9, 3, 11, 0, true],
    ]);
    // The signature (13 bytes) is part of the frame as received.
    expect(frames[2]?.bytes.length).toBe((frames[1]?.bytes.length ?? 0) + 13);
  });

  it('pads a truncated v2 payload back to the message length with zeros', () => {
    const m = new common.GlobalPositionInt();
    m.lat = 1; // every later field zero: node-mavlink trims them away
    const bytes = v2Frame(m);
    expect(bytes[1]).toBeLessThan(payloadLengthOf(33));
    const [frame] = scanInChunks(bytes, bytes.length).frames;
    expect(frame?.payload.length).toBe(28);
    expect(frame?.payload[0]).toBe(0);
    expect(frame?.payload[4]).toBe(1);
    expect([...(frame?.payload.subarray(5) ?? [])].every((b) => b === 0)).toBe(true);
  });

  it('resynchronises after console text between frames and counts the text as junk', () => {
    const { stream, frames } = mixedStream(99, 30);
    const text = new TextEncoder().encode('APM: Initialising\r\nPreArm: Need 3D Fix\r\n');
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const f of frames) {
      parts.push(text, stream.subarray(at, at + f.length));
      at += f.length;
    }
    const { frames: found, stats } = scanInChunks(concatAll(parts), 17);
    expect(found.map((f) => f.bytes)).toEqual(frames);
    expect(stats.junkBytes).toBe(text.length * frames.length);
    expect(stats.badCrcFrames).toBe(0);
  });

  it('counts a frame with a bad CRC and finds the frame after it', () => {
    const good = v2Frame(heartbeat({}), { seq: 1 });
    const bad = v2Frame(heartbeat({}), { seq: 2 });
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    const { frames, stats } = scanInChunks(concatAll([good, bad, good]), 5);
    expect(frames.map((f) => f.offset)).toEqual([0, 2 * good.length]);
    expect(stats.badCrcFrames).toBe(1);
    expect(stats.junkBytes).toBe(bad.length);
  });

  it('treats a frame cut off at the end of the stream as junk and still finds a whole frame inside it', () => {
    const whole = v2Frame(heartbeat({}));
    // A v2 start byte claiming 200 payload bytes, followed by a whole short frame, then end.
    const falseStart = new Uint8Array([0xfd, 200, 0, 0, 0, 1, 1, 33, 0, 0]);
    const { frames, stats } = scanInChunks(concatAll([falseStart, whole]), 3);
    expect(frames.map((f) => f.offset)).toEqual([falseStart.length]);
    expect(stats.junkBytes).toBe(falseStart.length);
  });

  it('accepts a payload longer than the registry knows, as a newer dialect sends it', () => {
    const known = payloadLengthOf(33);
    const payload = new Uint8Array(known + 4).fill(1);
    const bytes = encodeFrame({ version: 2, sysId: 1, compId: 1, seq: 0, msgId: 33, payload });
    const { frames, stats } = scanInChunks(bytes, 7);
    expect(frames[0]?.payload.length).toBe(known + 4);
    expect(stats.junkBytes).toBe(0);
  });

  it('skips a frame of a message outside the registries and counts it as unknown', () => {
    const good = v2Frame(heartbeat({}));
    // A well-formed v2 frame of message id 60 000, which no registry defines.
    const unknown = new Uint8Array([0xfd, 2, 0, 0, 0, 1, 1, 0x60, 0xea, 0x00, 7, 7, 0x12, 0x34]);
    const { frames, stats } = scanInChunks(concatAll([unknown, good]), 4);
    expect(frames.map((f) => f.offset)).toEqual([unknown.length]);
    expect(stats.unknownMessages).toBe(1);
    expect(stats.junkBytes).toBe(unknown.length);
  });

  it('never throws on random bytes and accounts for every byte', () => {
    const seed = 4242;
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    for (let round = 0; round < 20; round++) {
      const bytes = randomBytes(random, 20_000);
      const chunk = randomInt(random, 1, 4096);
      const { frames, stats } = scanInChunks(bytes, chunk);
      const frameBytes = frames.reduce((n, f) => n + f.bytes.length, 0);
      expect(frameBytes + stats.junkBytes).toBe(bytes.length);
    }
  });

  it('loses only the frames whose CRC-covered bytes were hit by bit flips at a rate of 1e-3', () => {
    const seed = 777;
    console.log(`seed ${seed}`);
    const random = seededRandom(seed);
    const { stream, frames, offsets } = mixedStream(seed, 2000);
    const damaged = stream.slice();
    const hit = new Set<number>();
    for (let i = 0; i < damaged.length * 8; i++) {
      if (random() < 1e-3) {
        const byte = i >> 3;
        damaged[byte] = (damaged[byte] ?? 0) ^ (1 << (i & 7));
        const index = offsets.findLastIndex((o) => o <= byte);
        // The signature is outside the CRC and cannot be checked without the key: a flip
        // there leaves a frame the scanner rightly accepts.
        if (byte - (offsets[index] ?? 0) < crcCoveredEnd(frames[index])) hit.add(index);
      }
    }
    const { frames: found, stats } = scanInChunks(damaged, 1000);
    const untouchedOffsets = offsets.filter((_, i) => !hit.has(i));
    expect(hit.size).toBeGreaterThan(10);
    expect(found.map((f) => f.offset)).toEqual(untouchedOffsets);
    // Each damaged frame whose start byte and length survived is counted as a bad CRC.
    expect(stats.badCrcFrames).toBeGreaterThan(0);
    expect(stats.badCrcFrames).toBeLessThanOrEqual(hit.size + stats.junkBytes);
  });

  it('copies frames and carried-over bytes out of a Node Buffer the caller reuses', () => {
    const frame = v2Frame(heartbeat({ customMode: 9 }));
    const pool = Buffer.alloc(frame.length);
    pool.set(frame);
    const scanner = new FrameScanner();
    const frames: MavlinkFrame[] = [];
    // The first 5 bytes wait in the scanner while the caller overwrites its buffer.
    scanner.push(pool.subarray(0, 5), (f) => frames.push(f));
    const rest = Buffer.from(pool.subarray(5));
    pool.fill(0);
    scanner.push(rest, (f) => frames.push(f));
    expect(frames[0]?.bytes).toEqual(frame);
    expect(Buffer.isBuffer(frames[0]?.bytes)).toBe(false);
  });

  it('gives every frame its own bytes, safe to keep after the chunk buffer is reused', () => {
    const bytes = v2Frame(heartbeat({ customMode: 3 }));
    const reused = new Uint8Array(bytes.length);
    reused.set(bytes);
    const scanner = new FrameScanner();
    const frames: MavlinkFrame[] = [];
    scanner.push(reused, (f) => frames.push(f));
    reused.fill(0);
    expect(frames[0]?.bytes).toEqual(bytes);
    expect(frames[0]?.payload[0]).toBe(3);
  });
});
