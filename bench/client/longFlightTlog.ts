import { DEFAULT_ORIGIN } from '../../ground-link/simulator/index.js';
import { FrameEncoder } from '../../ground-link/simulator/frameEncoder.js';
import { MESSAGE_BUILDERS } from '../../ground-link/simulator/messageBuilders.js';
import {
  STREAM_RATES_HZ,
  type StreamedMessageName,
} from '../../ground-link/simulator/messageRates.js';
import type { TelemetryView } from '../../ground-link/simulator/telemetryView.js';
import { TlogWriter } from '../../telemetry/tlog/tlogWriter.js';

const METRES_PER_DEG_LAT = 111_320;
/** Before arming and after disarming, so the flight has a clear start and end. */
const GROUND_S = 5;
const CIRCLE_RADIUS_M = 100;
const CIRCLE_SPEED_MPS = 5;
const ALTITUDE_M = 30;

/**
 * A `durationS`-long armed flight of one vehicle circling the simulator's range, written as a
 * .tlog with the simulator's own message builders and rates: the input of the review benchmark,
 * which needs a flight longer than any simulator scenario.
 */
export async function writeLongFlightTlog(
  path: string,
  durationS: number,
  sysId = 42,
): Promise<void> {
  const writer = new TlogWriter(path, { append: false });
  const encoder = new FrameEncoder(sysId, 1);
  const origin = DEFAULT_ORIGIN;
  const startUs = Date.UTC(2026, 4, 12, 1, 0, 0) * 1000;
  const totalS = durationS + 2 * GROUND_S;
  const names = Object.keys(STREAM_RATES_HZ) as StreamedMessageName[];
  const nextDueS = new Map(names.map((name) => [name, 0]));
  let seq = 0;
  // Step at the fastest stream's period; each stream sends when its own period has passed.
  const stepS = 1 / Math.max(...Object.values(STREAM_RATES_HZ));
  for (let tS = 0; tS < totalS; tS += stepS) {
    const view = viewAt(tS, durationS, startUs, origin);
    for (const name of names) {
      if (tS + 1e-9 < nextDueS.get(name)!) continue;
      nextDueS.set(name, tS + 1 / STREAM_RATES_HZ[name]);
      await writer.write(view.tUs, encoder.encode(MESSAGE_BUILDERS[name](view), seq));
      seq = (seq + 1) % 256;
    }
  }
  await writer.close();
}

function viewAt(
  tS: number,
  durationS: number,
  startUs: number,
  origin: typeof DEFAULT_ORIGIN,
): TelemetryView {
  const flying = tS >= GROUND_S && tS < GROUND_S + durationS;
  const angleRad = flying ? ((tS - GROUND_S) * CIRCLE_SPEED_MPS) / CIRCLE_RADIUS_M : 0;
  const northM = flying ? CIRCLE_RADIUS_M * Math.sin(angleRad) : 0;
  const eastM = flying ? CIRCLE_RADIUS_M * (1 - Math.cos(angleRad)) : 0;
  const altRelM = flying ? Math.min(ALTITUDE_M, (tS - GROUND_S) * 2) : 0;
  const vnMps = flying ? CIRCLE_SPEED_MPS * Math.cos(angleRad) : 0;
  const veMps = flying ? CIRCLE_SPEED_MPS * Math.sin(angleRad) : 0;
  const latDeg = origin.latDeg + northM / METRES_PER_DEG_LAT;
  const lonDeg =
    origin.lonDeg + eastM / (METRES_PER_DEG_LAT * Math.cos((origin.latDeg * Math.PI) / 180));
  const headingDeg = ((Math.atan2(veMps, vnMps) * 180) / Math.PI + 360) % 360;
  const remainingPct = Math.max(5, 100 - (90 * Math.max(0, tS - GROUND_S)) / durationS);
  return {
    tUs: Math.round(startUs + tS * 1e6),
    bootMs: Math.round(10_000 + tS * 1000),
    mode: flying ? 'LOITER' : 'POSCTL',
    armed: flying,
    systemStatus: flying ? 4 : 3,
    landedState: flying ? 2 : 1,
    estimate: {
      latDeg,
      lonDeg,
      altMslM: origin.altMslM + altRelM,
      altRelM,
      northM,
      eastM,
      vnMps,
      veMps,
      vdMps: 0,
    },
    attitude: {
      rollRad: flying ? 0.05 : 0,
      pitchRad: 0,
      yawRad: (headingDeg * Math.PI) / 180,
      rollRateRadps: 0,
      pitchRateRadps: 0,
      yawRateRadps: flying ? CIRCLE_SPEED_MPS / CIRCLE_RADIUS_M : 0,
    },
    gps: {
      fixType: 3,
      latDeg,
      lonDeg,
      altMslM: origin.altMslM + altRelM,
      satellites: 14,
      hdop: 0.8,
      vdop: 1.1,
      speedMps: flying ? CIRCLE_SPEED_MPS : 0,
      courseDeg: headingDeg,
    },
    battery: {
      voltageV: 22.2 * (0.85 + 0.15 * (remainingPct / 100)),
      cellVoltagesV: Array.from({ length: 6 }, () => 3.7 * (0.85 + 0.15 * (remainingPct / 100))),
      currentA: flying ? 18 : 0.5,
      remainingPct,
      consumedMah: (100 - remainingPct) * 50,
      chargeState: 1,
    },
    home: origin,
    navigation: {
      navRollDeg: 3,
      navPitchDeg: 0,
      navBearingDeg: headingDeg,
      targetBearingDeg: headingDeg,
      wpDistM: 0,
      altErrorM: 0,
      xtrackErrorM: 0,
    },
    mission: { seq: 0, total: 0, state: 0 },
    hud: {
      groundSpeedMps: flying ? CIRCLE_SPEED_MPS : 0,
      headingDeg,
      throttlePct: flying ? 55 : 0,
      climbMps: 0,
    },
    vibration: { xMps2: 5, yMps2: 5, zMps2: 8 },
    radio: { rssi: 200, remRssi: 198, noise: 40, remNoise: 42, rxErrors: 0 },
    loadPct: 30,
  };
}
