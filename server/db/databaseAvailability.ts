import type { Connection } from 'mongoose';
import type { Logger } from 'pino';

/** How long a caller refused for want of the database should wait before trying again [s]. */
export const DATABASE_RETRY_AFTER_S = 2;

/** What the health check and a refused caller are told. */
export interface DatabaseAvailabilityStatus {
  available: boolean;
  /** While unavailable: since when [ISO time]. */
  unavailableSince: string | null;
  /** When it last came back after being away [ISO time]; null if it never went away. */
  backAt: string | null;
  /** How often it went away since the server started. */
  outages: number;
}

/**
 * Whether the database answers, as far as this process knows without asking it: the driver's
 * view of the server (it marks the server unknown on a network error or a failed heartbeat,
 * and known again once it answers), and for an embedded server the process that runs it.
 * Nothing here waits on the database, so refusing a call while it is away costs nothing.
 */
export class DatabaseAvailability {
  private engineRunning = true;
  private driverWritable = true;
  private unavailableSinceMs: number | null = null;
  private backAtMs: number | null = null;
  private outages = 0;

  constructor(private readonly logger?: Logger) {}

  get available(): boolean {
    return this.engineRunning && this.driverWritable;
  }

  /** The embedded server's process died (false) or a restarted one is ready (true). */
  noteEngineRunning(running: boolean): void {
    this.update(() => (this.engineRunning = running));
  }

  /** The driver found a server it can write to (true) or lost the last one (false). */
  noteDriverWritable(writable: boolean): void {
    this.update(() => (this.driverWritable = writable));
  }

  /**
   * From when a silence of a ground-link's vehicles counts as theirs [ms since epoch]: while
   * the database is away, now (their batches wait in the ground-link's spool, nothing is
   * silent); after it came back, that instant; -Infinity if it never went away.
   */
  silenceCountsFromMs(nowMs: number): number {
    if (!this.available) return nowMs;
    return this.backAtMs ?? -Infinity;
  }

  status(): DatabaseAvailabilityStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      available: this.available,
      unavailableSince: iso(this.unavailableSinceMs),
      backAt: iso(this.backAtMs),
      outages: this.outages,
    };
  }

  private update(change: () => void): void {
    const before = this.available;
    change();
    if (before === this.available) return;
    const nowMs = Date.now();
    if (!this.available) {
      this.unavailableSinceMs = nowMs;
      this.outages++;
      this.logger?.error('the database is not answering; calls get 503 until it is back');
    } else {
      const awayMs = nowMs - (this.unavailableSinceMs ?? nowMs);
      this.unavailableSinceMs = null;
      this.backAtMs = nowMs;
      this.logger?.warn({ awayMs }, 'the database is answering again');
    }
  }
}

const byConnection = new WeakMap<Connection, DatabaseAvailability>();

/**
 * The availability of a connection's database, watched through the driver's server
 * monitoring from the first call on (connectDatabase starts it at once, with its logger).
 */
export function availabilityOf(connection: Connection, logger?: Logger): DatabaseAvailability {
  const known = byConnection.get(connection);
  if (known) return known;
  const availability = new DatabaseAvailability(logger);
  byConnection.set(connection, availability);
  connection.getClient().on('topologyDescriptionChanged', ({ newDescription }) => {
    const writable =
      newDescription.type === 'LoadBalanced' ||
      [...newDescription.servers.values()].some((server) => server.isWritable);
    availability.noteDriverWritable(writable);
  });
  return availability;
}
