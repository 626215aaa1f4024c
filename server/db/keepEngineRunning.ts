import type { Logger } from 'pino';

/** A database process as the supervisor sees it. */
export interface EngineProcess {
  pid: number | undefined;
  /** Settles with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface EngineSupervisor {
  onRunningChange(listener: (running: boolean) => void): void;
  /** Stops the process for good: no restart follows. */
  stop(): Promise<void>;
}

export interface RestartBackoff {
  /** Wait before the first restart [ms]. */
  firstDelayMs: number;
  /** Longest wait between restarts [ms]. */
  maxDelayMs: number;
  /** A process that ran this long resets the wait to the first [ms]. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = {
  firstDelayMs: 250,
  maxDelayMs: 10_000,
  stableAfterMs: 30_000,
};

/**
 * Keeps an embedded database process running: when it dies unasked (killed, crashed, out of
 * memory), `start` runs again after a wait that doubles with each failure in a row, for as
 * long as Sortie runs. `npm start` has no supervisor of its own, and a server whose database
 * never comes back answers every call with an error; the data stays in its folder, so the
 * restarted process serves everything acked before. The first start is the caller's: its
 * failure is the caller's error, not retried.
 */
export function keepEngineRunning<P extends EngineProcess>(
  first: P,
  start: () => Promise<P>,
  logger: Logger,
  backoff: RestartBackoff = DEFAULT_RESTART_BACKOFF,
): EngineSupervisor {
  let current = first;
  let stopped = false;
  let delayMs = backoff.firstDelayMs;
  let startedAtMs = Date.now();
  let wakeSleeper: (() => void) | null = null;
  let restarting: Promise<void> = Promise.resolve();
  const listeners: ((running: boolean) => void)[] = [];
  const tell = (running: boolean) => {
    for (const listener of listeners) listener(running);
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakeSleeper = null;
        resolve();
      }, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      };
    });

  const watch = (process: P) => {
    restarting = process.exited.then(async (code) => {
      if (stopped || process !== current) return;
      tell(false);
      if (Date.now() - startedAtMs >= backoff.stableAfterMs) delayMs = backoff.firstDelayMs;
      logger.error(
        { pid: process.pid, exitCode: code, restartInMs: delayMs },
        'the embedded database stopped unasked; restarting it',
      );
      for (;;) {
        await sleep(delayMs);
        if (stopped) return;
        delayMs = Math.min(delayMs * 2, backoff.maxDelayMs);
        try {
          const next = await start();
          if (stopped) {
            await next.stop();
            return;
          }
          current = next;
          startedAtMs = Date.now();
          logger.warn({ pid: next.pid }, 'the embedded database is running again');
          tell(true);
          watch(next);
          return;
        } catch (error) {
          logger.error(
            { err: error, restartInMs: delayMs },
            'the embedded database did not restart; trying again',
          );
        }
      }
    });
  };
  watch(first);

  return {
    onRunningChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopped = true;
      wakeSleeper?.();
      await current.stop();
      await restarting;
    },
  };
}
