import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  closeSync,
  writeSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutOf, parseFormat, type UlogFormat } from '../telemetry/ulog/ulogFormat.js';

/**
 * The ~100 MB .ulg of bench:onboard-ulog, made (not committed) from the committed BSD-3 bench
 * log: its header and definitions once, then its data section over and over with the
 * timestamps moved on, so the topic mix and message sizes are a real PX4's. The bench log
 * never flew, so a flight is woven in: vehicle_global_position 10 Hz, vehicle_gps_position
 * 5 Hz and battery_status 2 Hz in the log's own formats, and vehicle_status arming it.
 */

export const TEMPLATE = new URL(
  '../fixtures/real-logs/px4-fmuv4pro-appended-data-bench.ulg',
  import.meta.url,
);
export const TARGET_BYTES = 100 * 1024 * 1024;

interface Message {
  type: number;
  bytes: Uint8Array;
}

function messagesOf(file: Uint8Array, end: number): Message[] {
  const out: Message[] = [];
  for (let at = 16; at + 3 <= end;) {
    const size = file[at]! | (file[at + 1]! << 8);
    if (at + 3 + size > end) break;
    out.push({ type: file[at + 2]!, bytes: file.subarray(at, at + 3 + size) });
    at += 3 + size;
  }
  return out;
}

function message(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(3 + payload.length);
  new DataView(out.buffer).setUint16(0, payload.length, true);
  out[2] = type.charCodeAt(0);
  out.set(payload, 3);
  return out;
}

class Encoder {
  readonly size: number;
  constructor(
    private readonly msgId: number,
    private readonly fields: Map<string, { type: string; offset: number }>,
    size: number,
  ) {
    this.size = size;
  }

  encode(values: Record<string, number>): Uint8Array {
    const payload = new Uint8Array(2 + this.size);
    const view = new DataView(payload.buffer);
    view.setUint16(0, this.msgId, true);
    for (const [name, v] of Object.entries(values)) {
      const field = this.fields.get(name);
      if (!field) continue;
      const at = 2 + field.offset;
      if (field.type === 'uint64_t') view.setBigUint64(at, BigInt(Math.round(v)), true);
      else if (field.type === 'double') view.setFloat64(at, v, true);
      else if (field.type === 'float') view.setFloat32(at, v, true);
      else if (field.type === 'int32_t') view.setInt32(at, v, true);
      else if (field.type === 'uint8_t' || field.type === 'bool') view.setUint8(at, v);
    }
    return message('D', payload);
  }
}

/** Writes the bench input if it is not there yet; returns its path. */
export function benchUlogPath(): string {
  const dir = join(tmpdir(), 'sortie-bench');
  const path = join(dir, 'onboard-ulog-100mb.ulg');
  if (existsSync(path) && statSync(path).size >= TARGET_BYTES) return path;
  mkdirSync(dir, { recursive: true });
  const file = new Uint8Array(readFileSync(TEMPLATE));
  // The main log ends at the first appended offset (flag bits, bytes 16 + 3 + 16 …).
  const flagsView = new DataView(file.buffer, 16 + 3);
  const mainEnd = Number(flagsView.getBigUint64(16, true)) || file.length;
  const messages = messagesOf(file, mainEnd);
  const firstData = messages.findIndex((m) => m.type === 0x44);
  const formats = new Map<string, UlogFormat>();
  for (const m of messages.slice(0, firstData)) {
    if (m.type !== 0x46) continue;
    const format = parseFormat(new TextDecoder().decode(m.bytes.subarray(3)));
    if (format) formats.set(format.name, format);
  }
  const encoder = (topic: string, msgId: number): [Uint8Array, Encoder] => {
    const layout = layoutOf(topic, formats);
    if (typeof layout === 'string') throw new Error(layout);
    const add = new Uint8Array(3 + topic.length);
    add[0] = 0;
    new DataView(add.buffer).setUint16(1, msgId, true);
    add.set(new TextEncoder().encode(topic), 3);
    return [message('A', add), new Encoder(msgId, layout.fields, layout.minSize)];
  };
  const [addGlobal, global] = encoder('vehicle_global_position', 900);
  const [addGps, gps] = encoder('vehicle_gps_position', 901);
  const [addBattery, battery] = encoder('battery_status', 902);
  const [addStatus, status] = encoder('vehicle_status', 903);

  const out = openSync(path, 'w');
  const header = file.slice(0, 16);
  writeSync(out, header);
  let written = 16;
  const write = (bytes: Uint8Array): void => {
    writeSync(out, bytes);
    written += bytes.length;
  };
  // Flag bits stay out: the generated log has no appended data.
  for (const m of messages.slice(0, firstData)) if (m.type !== 0x42) write(m.bytes);
  for (const m of messages.slice(firstData)) if (m.type === 0x41) write(m.bytes);
  for (const add of [addGlobal, addGps, addBattery, addStatus]) write(add);

  const data = messages.slice(firstData).filter((m) => m.type === 0x44 || m.type === 0x4c);
  const firstUs = 12_100_000;
  const spanUs = 10_000_000;
  let round = 0;
  let nextSynthUs = firstUs;
  while (written < TARGET_BYTES) {
    const shiftUs = round * spanUs;
    for (const m of data) {
      const copy = m.bytes.slice();
      const view = new DataView(copy.buffer);
      // Data: timestamp first after msg_id (PX4 topics); logging: after the level byte.
      const at = m.type === 0x44 ? 5 : 4;
      const t = Number(view.getBigUint64(at, true));
      if (t > 0) view.setBigUint64(at, BigInt(t + shiftUs), true);
      write(copy);
      const nowUs = t + shiftUs;
      while (nextSynthUs <= nowUs) {
        const t = nextSynthUs;
        const k = (t - firstUs) / 1e6;
        const tick = Math.round((t - firstUs) / 100_000);
        write(
          global.encode({
            timestamp: t,
            lat: 47.4 + 1e-4 * Math.sin(k / 60),
            lon: 8.5 + 1e-4 * Math.cos(k / 60),
            alt: 520 + 10 * Math.sin(k / 30),
          }),
        );
        if (tick % 2 === 0)
          write(
            gps.encode({
              timestamp: t,
              time_utc_usec: 1.75e15 + t,
              lat: 474000000,
              lon: 85000000,
              alt: 520000,
              fix_type: 3,
              satellites_used: 14,
            }),
          );
        if (tick % 5 === 0)
          write(
            battery.encode({
              timestamp: t,
              voltage_v: 16 - k / 1e4,
              current_a: 12,
              remaining: 0.9,
              connected: 1,
            }),
          );
        if (tick % 10 === 0)
          write(
            status.encode({ timestamp: t, arming_state: 2, nav_state: tick % 600 < 300 ? 2 : 3 }),
          );
        nextSynthUs += 100_000;
      }
    }
    round++;
  }
  closeSync(out);
  return path;
}
