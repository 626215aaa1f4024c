import type { Logger } from 'pino';
import type { Endpoint } from './endpoint.js';
import type { LinkSettings } from './config.js';
import { ForwarderEndpoint } from './endpoints/forwarderEndpoint.js';
import { LinkMonitorEndpoint } from './endpoints/linkMonitorEndpoint.js';
import { TlogRecorderEndpoint } from './endpoints/tlogRecorderEndpoint.js';
import { UplinkEndpoint, type UplinkStatus } from './endpoints/uplinkEndpoint.js';
import { defaultLinkId } from './linkId.js';
import { Router } from './router.js';
import { formatProgress } from './cli/progressBar.js';
import { formatStatus, StatusLine } from './cli/statusLine.js';

export interface RunLinkOptions {
  /** Where the MAVLink comes from: a live transport, a replay or the simulator. */
  input: Endpoint;
  /** True for a replay or the simulator: the run ends when the input does. */
  inputIsFinite: boolean;
  settings: LinkSettings;
  logger: Logger;
  /** Bytes done and total of a replay, for the progress bar. */
  progress?: () => { bytesDone: number; bytesTotal: number };
  /** Where the status line goes (only when it is a terminal, unless settings force it). */
  statusStream?: NodeJS.WriteStream;
  /** Resolves to stop a live run (by default SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
  /** How long to wait at the end for the server to ack the spool [ms]. */
  drainTimeoutMs?: number;
}

export interface RunLinkResult {
  linkId: string;
  frames: number;
  badCrcFrames: number;
  recordedFiles: string[];
  uplink: UplinkStatus | null;
}

/**
 * Runs one ground-link: the input, plus the link monitor and whichever of recorder,
 * forwarders and uplink the settings ask for, joined by the router, until the input ends
 * (replay, simulator) or the process is told to stop.
 */
export async function runLink(options: RunLinkOptions): Promise<RunLinkResult> {
  const { input, settings, logger } = options;
  const linkId = settings.linkId ?? defaultLinkId(input.name);
  const monitor = new LinkMonitorEndpoint();
  const endpoints: Endpoint[] = [input, monitor];
  const recorder = settings.recordDirectory
    ? new TlogRecorderEndpoint({
        directory: settings.recordDirectory,
        linkId,
        rotateBytes: settings.rotateBytes,
      })
    : null;
  if (recorder) endpoints.push(recorder);
  for (const target of settings.forwards) endpoints.push(new ForwarderEndpoint(target));
  // The router is made below; the uplink asks it for the frame counters when it seals a batch.
  let router: Router | null = null;
  const uplink = settings.uplink
    ? new UplinkEndpoint({
        ...settings.uplink,
        linkId,
        spoolDirectory: settings.spoolDirectory,
        spoolCapBytes: settings.spoolCapBytes,
        decodeStats: () => router?.decodeStats() ?? emptyStats(),
        logger,
        drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
      })
    : null;
  if (uplink) endpoints.push(uplink);
  router = new Router(endpoints);
  const activeRouter = router;

  logger.info({ linkId, endpoints: endpoints.map((e) => e.name) }, 'ground-link starting');
  await activeRouter.open(options.inputIsFinite ? [input.name] : []);
  logger.info({ linkId }, 'ground-link running');

  const startedMs = performance.now();
  const statusLine = makeStatusLine(options, () => {
    const status = formatStatus({
      health: monitor.health(),
      decode: activeRouter.decodeStats(),
      uplink: uplink?.status() ?? null,
    });
    if (!options.progress) return status;
    const { bytesDone, bytesTotal } = options.progress();
    const elapsedS = Math.max(0.001, (performance.now() - startedMs) / 1000);
    return `${formatProgress(bytesDone, bytesTotal, bytesDone / elapsedS)} · ${status}`;
  });
  statusLine?.start();

  const stop = options.stopSignal ?? stopOnSignal();
  let failure: unknown = null;
  try {
    await Promise.race([activeRouter.finished(), stop]);
  } catch (error) {
    failure = error;
  }
  statusLine?.stop();
  await activeRouter.close();
  if (failure) throw failure;

  const stats = activeRouter.decodeStats();
  const result: RunLinkResult = {
    linkId,
    frames: stats.frames,
    badCrcFrames: stats.badCrcFrames,
    recordedFiles: recorder?.files ?? [],
    uplink: uplink?.status() ?? null,
  };
  logger.info(result, 'ground-link stopped');
  return result;
}

function emptyStats() {
  return { frames: 0, badCrcFrames: 0, junkBytes: 0, unknownMessages: 0 };
}

function makeStatusLine(options: RunLinkOptions, render: () => string): StatusLine | null {
  const stream = options.statusStream ?? process.stderr;
  const wanted =
    options.settings.status === 'on' || (options.settings.status === 'auto' && stream.isTTY);
  return wanted ? new StatusLine(stream, render) : null;
}

function stopOnSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
