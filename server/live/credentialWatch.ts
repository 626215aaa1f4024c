import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { onCredentialChange, readCredentialEpoch } from '../auth/credentialChanges.js';

export interface CredentialWatchOptions {
  connection: Connection;
  logger: Logger;
  /** Re-checks every open socket's credential against the database. */
  recheck: () => Promise<void>;
  /** Checks that need no database (a session that ran out), run at every poll. */
  checkLocally?: () => void;
  /** How often the credential epoch is read [ms]. */
  pollIntervalMs?: number;
  /** A full re-check at least this often, for changes made behind Sortie's back [ms]. */
  fullCheckIntervalMs?: number;
}

const DEFAULT_POLL_INTERVAL_MS = 500;
const DEFAULT_FULL_CHECK_INTERVAL_MS = 30_000;

/**
 * Keeps open sockets in step with revocations: re-checks them when this process announces a
 * change, when another instance's change shows in the epoch (read every `pollIntervalMs`), and
 * every `fullCheckIntervalMs` anyway.
 */
export class CredentialWatch {
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private knownEpoch: number | null = null;
  private lastFullCheckMs = 0;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: CredentialWatchOptions) {}

  start(): void {
    this.unsubscribe = onCredentialChange(this.options.connection, () => this.recheckSoon());
    this.timer = setInterval(
      () => void this.poll(),
      this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.again = false;
    await this.running;
  }

  private async poll(): Promise<void> {
    this.options.checkLocally?.();
    try {
      const epoch = await readCredentialEpoch(this.options.connection);
      const due =
        Date.now() - this.lastFullCheckMs >=
        (this.options.fullCheckIntervalMs ?? DEFAULT_FULL_CHECK_INTERVAL_MS);
      if (epoch !== this.knownEpoch || due) {
        this.knownEpoch = epoch;
        this.recheckSoon();
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'credential epoch unreadable');
    }
  }

  /** One re-check at a time; a change during one runs another after it. */
  private recheckSoon(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.lastFullCheckMs = Date.now();
    this.running = this.options
      .recheck()
      .catch((error: unknown) => {
        this.knownEpoch = null; // the next poll tries again
        this.options.logger.error({ err: error }, 'socket credential re-check failed');
      })
      .finally(() => {
        this.running = null;
        if (this.again && this.timer) {
          this.again = false;
          this.recheckSoon();
        }
      });
  }
}
