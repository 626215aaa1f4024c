import { ardupilotmega, common, minimal } from 'mavlink-mappings';
import type { MavLinkData } from 'node-mavlink';
import { randomInt } from './seededRandom.js';

/** A HEARTBEAT as an ArduCopter (or any autopilot) sends it. */
export function heartbeat(fields: {
  mavType?: number;
  autopilot?: number;
  baseMode?: number;
  customMode?: number;
  systemStatus?: number;
}): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = fields.mavType ?? minimal.MavType.QUADROTOR;
  m.autopilot = fields.autopilot ?? minimal.MavAutopilot.ARDUPILOTMEGA;
  m.baseMode = fields.baseMode ?? minimal.MavModeFlag.CUSTOM_MODE_ENABLED;
  m.customMode = fields.customMode ?? 0;
  m.systemStatus = fields.systemStatus ?? minimal.MavState.STANDBY;
  m.mavlinkVersion = 3;
  return m;
}

export function globalPosition(random: () => number, timeBootMs: number): common.GlobalPositionInt {
  const m = new common.GlobalPositionInt();
  m.timeBootMs = timeBootMs;
  m.lat = randomInt(random, -900_000_000, 900_000_000);
  m.lon = randomInt(random, -1_800_000_000, 1_800_000_000);
  m.alt = randomInt(random, -100_000, 5_000_000);
  m.relativeAlt = randomInt(random, -10_000, 500_000);
  m.vx = randomInt(random, -3000, 3000);
  m.vy = randomInt(random, -3000, 3000);
  m.vz = randomInt(random, -3000, 3000);
  m.hdg = randomInt(random, 0, 35999);
  return m;
}

export function attitude(random: () => number, timeBootMs: number): common.Attitude {
  const m = new common.Attitude();
  m.timeBootMs = timeBootMs;
  m.roll = random() - 0.5;
  m.pitch = random() - 0.5;
  m.yaw = (random() - 0.5) * 6;
  m.rollspeed = random() - 0.5;
  m.pitchspeed = random() - 0.5;
  m.yawspeed = random() - 0.5;
  return m;
}

export function statusText(severity: number, text: string, id = 0, chunkSeq = 0) {
  const m = new common.StatusText();
  m.severity = severity;
  m.text = text;
  m.id = id;
  m.chunkSeq = chunkSeq;
  return m;
}

export function gpsRaw(fixType: number, fields: Partial<common.GpsRawInt> = {}): common.GpsRawInt {
  const m = new common.GpsRawInt();
  m.timeUsec = 1000n;
  m.fixType = fixType;
  m.lat = 374_000_000;
  m.lon = 1_270_000_000;
  m.alt = 50_000;
  m.eph = 90;
  m.epv = 120;
  m.vel = 250;
  m.cog = 9000;
  m.satellitesVisible = 14;
  Object.assign(m, fields);
  return m;
}

/** A varied stream: the messages a vehicle sends most, plus one from the ardupilotmega set. */
export function mixedMessages(random: () => number, count: number): MavLinkData[] {
  const out: MavLinkData[] = [];
  for (let i = 0; i < count; i++) {
    const pick = i % 5;
    if (pick === 0) out.push(heartbeat({ customMode: 5 }));
    else if (pick === 1) out.push(globalPosition(random, i * 10));
    else if (pick === 2) out.push(attitude(random, i * 10));
    else if (pick === 3) out.push(statusText(6, `text ${i}`));
    else {
      const m = new ardupilotmega.Ahrs2();
      m.roll = random();
      m.lat = randomInt(random, 0, 1000);
      out.push(m);
    }
  }
  return out;
}
