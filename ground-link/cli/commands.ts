import { writeFile } from 'node:fs/promises';
import { isScenarioName, SCENARIO_NAMES } from '../simulator/index.js';
import {
  ConfigError,
  loadLinkSettings,
  parseHostPort,
  parseSpeed,
  type LinkArguments,
} from '../config.js';
import type { Endpoint } from '../endpoint.js';
import { nowUs } from '../endpoint.js';
import { SerialEndpoint } from '../endpoints/serialEndpoint.js';
import { SimulatorEndpoint } from '../endpoints/simulatorEndpoint.js';
import { TcpClientEndpoint } from '../endpoints/tcpClientEndpoint.js';
import { TlogReplayEndpoint } from '../endpoints/tlogReplayEndpoint.js';
import { UdpEndpoint } from '../endpoints/udpEndpoint.js';
import { inspectLogOutput } from '../inspect/inspectLog.js';
import { createLogger } from '../logger.js';
import { runLink, type RunLinkResult } from '../runLink.js';

export interface ListenArguments extends LinkArguments {
  udp?: string;
  serial?: string;
  baud?: number;
  tcp?: string;
}

/** `listen`: one live transport; UDP 0.0.0.0:14550 when none is named. */
export async function listenCommand(args: ListenArguments): Promise<void> {
  const chosen = [args.udp, args.serial, args.tcp].filter((value) => value !== undefined);
  if (chosen.length > 1)
    throw new ConfigError('listen takes one of --udp, --serial or --tcp, not several.');
  if (args.baud !== undefined && args.serial === undefined) {
    throw new ConfigError('--baud goes with --serial PATH.');
  }
  let input: Endpoint;
  if (args.serial !== undefined) {
    const baudRate = args.baud ?? 57_600;
    if (!Number.isInteger(baudRate) || baudRate <= 0) {
      throw new ConfigError(
        `--baud must be a positive whole number such as 57600 (got "${args.baud}").`,
      );
    }
    input = new SerialEndpoint({ path: args.serial, baudRate });
  } else if (args.tcp !== undefined) {
    input = new TcpClientEndpoint(parseHostPort(args.tcp, '--tcp', '127.0.0.1'));
  } else {
    input = new UdpEndpoint(parseHostPort(args.udp || '0.0.0.0:14550', '--udp', '0.0.0.0'));
  }
  const settings = loadLinkSettings(args);
  const result = await runLink({
    input,
    inputIsFinite: false,
    settings,
    logger: createLogger(settings.logLevel),
  });
  failIfRefused(result);
}

/** A run whose batches the server refused has lost data: say so, and exit non-zero. */
function failIfRefused(result: RunLinkResult): void {
  const uplink = result.uplink;
  if (!uplink || uplink.batchesRefused === 0) return;
  const batches = uplink.batchesRefused === 1 ? '1 batch' : `${uplink.batchesRefused} batches`;
  throw new Error(
    `the server refused ${batches} (latest: ${uplink.lastRefusal ?? 'no reason given'}); ` +
      `they are kept in ${uplink.rejectedDirectory} and were not stored.`,
  );
}

export interface ReplayArguments extends LinkArguments {
  file: string;
  speed?: string;
}

/** `replay FILE`: a .tlog as if it were live, at ×1, ×N or max. */
export async function replayCommand(args: ReplayArguments): Promise<void> {
  const speed = parseSpeed(args.speed);
  const settings = loadLinkSettings(args);
  const input = new TlogReplayEndpoint({ path: args.file, speed });
  const result = await runLink({
    input,
    inputIsFinite: true,
    settings,
    logger: createLogger(settings.logLevel),
    ...(speed === 'max' ? { progress: () => input.progress() } : {}),
    drainTimeoutMs: 60_000,
  });
  const fileStats = input.fileStats();
  console.log(
    `replayed ${result.frames} frames of ${args.file} (${fileStats.junkBytes} junk bytes skipped)` +
      (result.uplink ? `; spool holds ${result.uplink.spoolBatches} batches` : '') +
      (result.uplink?.batchesRefused ? `; ${result.uplink.batchesRefused} refused` : ''),
  );
  failIfRefused(result);
}

export interface SimulateArguments extends LinkArguments {
  vehicles?: number;
  scenario?: string;
  seed?: number;
  duration?: number;
  truth?: string;
  speed?: string;
}

/** `simulate`: the built-in fleet, in real time by default, stamped with the current time. */
export async function simulateCommand(args: SimulateArguments): Promise<void> {
  const scenario = args.scenario ?? 'clean';
  if (!isScenarioName(scenario)) {
    throw new ConfigError(
      `--scenario must be one of ${SCENARIO_NAMES.join(', ')} (got "${scenario}").`,
    );
  }
  const speed = parseSpeed(args.speed);
  const settings = loadLinkSettings(args);
  let input: SimulatorEndpoint;
  try {
    input = new SimulatorEndpoint({
      speed,
      simulator: {
        vehicles: args.vehicles ?? 1,
        scenario,
        seed: args.seed ?? 1,
        ...(args.duration !== undefined ? { durationS: args.duration } : {}),
        startUs: nowUs(),
      },
    });
  } catch (error) {
    throw new ConfigError((error as Error).message.replace(/\.?$/, '.'));
  }
  const result = await runLink({
    input,
    inputIsFinite: true,
    settings,
    logger: createLogger(settings.logLevel),
    drainTimeoutMs: 60_000,
  });
  if (args.truth) await writeFile(args.truth, JSON.stringify(input.truth(), null, 2));
  console.log(
    `simulated ${result.frames} frames` + (args.truth ? `; ground truth in ${args.truth}` : ''),
  );
}

/** `inspect FILE`: what a .tlog, DataFlash .bin or ULog .ulg holds, per vehicle and flight. */
export async function inspectCommand(args: { file: string; json?: boolean }): Promise<void> {
  process.stdout.write(await inspectLogOutput(args.file, args.json === true));
}
