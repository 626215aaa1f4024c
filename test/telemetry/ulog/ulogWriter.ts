/**
 * A tiny ULog writer for tests, written from the ULog file format spec (PX4 dev guide), not
 * from Sortie's reader: header, flag bits, formats, infos, parameters, subscriptions, data,
 * logged strings, sync, and raw bytes for damage.
 */

const SIZES: Record<string, number> = {
  int8_t: 1,
  uint8_t: 1,
  bool: 1,
  char: 1,
  int16_t: 2,
  uint16_t: 2,
  int32_t: 4,
  uint32_t: 4,
  float: 4,
  int64_t: 8,
  uint64_t: 8,
  double: 8,
};

interface Field {
  type: string;
  count: number;
  name: string;
}

export type FieldValues = Record<string, number | number[]>;

export class UlogWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  private readonly formats = new Map<string, Field[]>();
  private readonly topicOfMsgId = new Map<number, string>();

  constructor(headerTimestampUs: number, options: { appendedOffsets?: number[] } = {}) {
    const header = new Uint8Array(16);
    header.set([0x55, 0x4c, 0x6f, 0x67, 0x01, 0x12, 0x35, 0x01]);
    new DataView(header.buffer).setBigUint64(8, BigInt(headerTimestampUs), true);
    this.raw(header);
    if (options.appendedOffsets) {
      const flags = new Uint8Array(40);
      flags[8] = 1; // incompat_flags[0] bit 0: data appended
      const view = new DataView(flags.buffer);
      options.appendedOffsets.forEach((o, i) => view.setBigUint64(16 + i * 8, BigInt(o), true));
      this.message('B', flags);
    }
  }

  get offset(): number {
    return this.length;
  }

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  message(type: string, payload: Uint8Array): this {
    const head = new Uint8Array(3);
    new DataView(head.buffer).setUint16(0, payload.length, true);
    head[2] = type.charCodeAt(0);
    return this.raw(head).raw(payload);
  }

  /** "name:type field;type[n] field;…" (primitive fields only). */
  format(text: string): this {
    const [name, body] = text.split(':') as [string, string];
    const fields = body
      .split(';')
      .filter((f) => f.trim() !== '')
      .map((f) => {
        const [typePart, fieldName] = f.trim().split(' ') as [string, string];
        const m = /^(\w+)(?:\[(\d+)\])?$/.exec(typePart)!;
        return { type: m[1]!, count: m[2] ? Number(m[2]) : 0, name: fieldName };
      });
    this.formats.set(name, fields);
    return this.message('F', new TextEncoder().encode(text));
  }

  info(typeAndName: string, value: string | number): this {
    const key = new TextEncoder().encode(typeAndName);
    const body =
      typeof value === 'string'
        ? new TextEncoder().encode(value)
        : this.scalar(typeAndName.split(' ')[0]!, value);
    return this.message('I', concat([Uint8Array.of(key.length), key, body]));
  }

  parameter(typeAndName: string, value: number): this {
    const key = new TextEncoder().encode(typeAndName);
    return this.message(
      'P',
      concat([Uint8Array.of(key.length), key, this.scalar(typeAndName.split(' ')[0]!, value)]),
    );
  }

  addLogged(multiId: number, msgId: number, topic: string): this {
    this.topicOfMsgId.set(msgId, topic);
    const body = new Uint8Array(3);
    body[0] = multiId;
    new DataView(body.buffer).setUint16(1, msgId, true);
    return this.message('A', concat([body, new TextEncoder().encode(topic)]));
  }

  data(msgId: number, values: FieldValues): this {
    const fields = [...this.formats.get(this.topicOfMsgId.get(msgId)!)!];
    // PX4's logger leaves trailing padding out of data messages.
    while (fields.length > 0 && fields[fields.length - 1]!.name.startsWith('_padding'))
      fields.pop();
    const chunks: Uint8Array[] = [new Uint8Array(new Uint16Array([msgId]).buffer)];
    for (const field of fields) {
      const n = Math.max(1, field.count);
      const given = values[field.name];
      for (let i = 0; i < n; i++) {
        const v = Array.isArray(given) ? (given[i] ?? 0) : (given ?? 0);
        chunks.push(this.scalar(field.type, v));
      }
    }
    return this.message('D', concat(chunks));
  }

  /** level 0 (emergency) … 7 (debug). */
  log(level: number, timestampUs: number, text: string): this {
    const head = new Uint8Array(9);
    head[0] = 0x30 + level;
    new DataView(head.buffer).setBigUint64(1, BigInt(timestampUs), true);
    return this.message('L', concat([head, new TextEncoder().encode(text)]));
  }

  sync(): this {
    return this.message('S', Uint8Array.of(0x2f, 0x73, 0x13, 0x20, 0x25, 0x0c, 0xbb, 0x12));
  }

  bytes(): Uint8Array {
    return concat(this.parts);
  }

  private scalar(type: string, v: number): Uint8Array {
    const out = new Uint8Array(SIZES[type]!);
    const view = new DataView(out.buffer);
    switch (type) {
      case 'int8_t':
        view.setInt8(0, v);
        break;
      case 'uint8_t':
      case 'bool':
      case 'char':
        view.setUint8(0, v);
        break;
      case 'int16_t':
        view.setInt16(0, v, true);
        break;
      case 'uint16_t':
        view.setUint16(0, v, true);
        break;
      case 'int32_t':
        view.setInt32(0, v, true);
        break;
      case 'uint32_t':
        view.setUint32(0, v, true);
        break;
      case 'float':
        view.setFloat32(0, v, true);
        break;
      case 'double':
        view.setFloat64(0, v, true);
        break;
      case 'int64_t':
        view.setBigInt64(0, BigInt(Math.round(v)), true);
        break;
      case 'uint64_t':
        view.setBigUint64(0, BigInt(Math.round(v)), true);
        break;
    }
    return out;
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** PX4 topic formats as the tests log them (a subset of each topic's real fields). */
export const FORMATS = {
  vehicle_status:
    'vehicle_status:uint64_t timestamp;uint8_t arming_state;uint8_t nav_state;bool failsafe;uint8_t system_type;uint8_t[4] _padding0',
  vehicle_global_position:
    'vehicle_global_position:uint64_t timestamp;double lat;double lon;float alt',
  vehicle_local_position:
    'vehicle_local_position:uint64_t timestamp;float z;float vx;float vy;float vz;float heading;bool z_valid;uint8_t z_reset_counter;float delta_z',
  home_position:
    'home_position:uint64_t timestamp;double lat;double lon;float alt;float z;bool valid_alt;bool valid_hpos',
  vehicle_gps_position:
    'vehicle_gps_position:uint64_t timestamp;uint64_t time_utc_usec;int32_t lat;int32_t lon;int32_t alt;uint8_t fix_type;uint8_t satellites_used',
  vehicle_attitude: 'vehicle_attitude:uint64_t timestamp;float[4] q',
  battery_status:
    'battery_status:uint64_t timestamp;float voltage_v;float current_a;float discharged_mah;float remaining;bool connected',
} as const;

export const MSG_ID = {
  vehicle_status: 0,
  vehicle_global_position: 1,
  vehicle_local_position: 2,
  home_position: 3,
  vehicle_gps_position: 4,
  vehicle_attitude: 5,
  battery_status: 6,
  battery_status_1: 7,
} as const;

/** A writer with the test topics defined and subscribed (battery_status twice: multi-instance). */
export function px4Writer(
  headerTimestampUs: number,
  options: { dataFormat?: 1 | 2; appendedOffsets?: number[] } = {},
): UlogWriter {
  const w = new UlogWriter(headerTimestampUs, options);
  w.info('char[3] sys_name', 'PX4');
  w.info('uint32_t ver_data_format', options.dataFormat ?? 1);
  for (const text of Object.values(FORMATS)) w.format(text);
  w.parameter('int32_t MAV_SYS_ID', 7);
  w.addLogged(0, MSG_ID.vehicle_status, 'vehicle_status');
  w.addLogged(0, MSG_ID.vehicle_global_position, 'vehicle_global_position');
  w.addLogged(0, MSG_ID.vehicle_local_position, 'vehicle_local_position');
  w.addLogged(0, MSG_ID.home_position, 'home_position');
  w.addLogged(0, MSG_ID.vehicle_gps_position, 'vehicle_gps_position');
  w.addLogged(0, MSG_ID.vehicle_attitude, 'vehicle_attitude');
  w.addLogged(0, MSG_ID.battery_status, 'battery_status');
  w.addLogged(1, MSG_ID.battery_status_1, 'battery_status');
  return w;
}
