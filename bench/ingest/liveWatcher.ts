import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { io as connectSocket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../../telemetry/contract/live.js';

/**
 * bench:ingest's browser: a /live client joined to `all`, on a thread of its own so the
 * fleet the bench simulates on its main thread cannot delay it (a browser is a process of its
 * own too). Between 'start' and 'stop' it stamps each vehicle state's latency on arrival:
 * now − `lastHeardUs`, the ground-link's receive time of the newest sample in it, on the same
 * clock. At 'stop' it answers with what it measured.
 */
export interface LiveWatcherReport {
  latenciesMs: number[];
  statesReceived: number;
  alertsReceived: number;
  /** This thread's own event-loop delay while measuring [ms]. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export type LiveWatcherMessage = { type: 'ready' } | { type: 'report'; report: LiveWatcherReport };

const { url, sessionToken } = workerData as { url: string; sessionToken: string };
const port = parentPort!;
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

const browser = connectSocket(`${url}${LIVE_NAMESPACE}`, {
  transports: ['websocket'],
  extraHeaders: { cookie: `sortie_session=${sessionToken}` },
});
let measuring = false;
const latenciesMs: number[] = [];
let statesReceived = 0;
let alertsReceived = 0;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
browser.on('vehicle-state', (state: { lastHeardUs: number }) => {
  if (!measuring) return;
  statesReceived++;
  latenciesMs.push((nowUs() - state.lastHeardUs) / 1000);
});
browser.on('alert', () => {
  if (measuring) alertsReceived++;
});

port.on('message', (message: 'start' | 'stop') => {
  if (message === 'start') {
    measuring = true;
    loopDelay.enable();
    return;
  }
  measuring = false;
  loopDelay.disable();
  browser.disconnect();
  const report: LiveWatcherReport = {
    latenciesMs,
    statesReceived,
    alertsReceived,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
  port.postMessage({ type: 'report', report } satisfies LiveWatcherMessage);
  port.close();
});

browser.once('connect_error', (error) => {
  throw error;
});
browser.once('connect', () => {
  void browser
    .timeout(10_000)
    .emitWithAck('join', {})
    .then(() => port.postMessage({ type: 'ready' } satisfies LiveWatcherMessage));
});
