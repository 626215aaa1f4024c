import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';

/** How long the server waits at start for Redis before serving anyway [ms]. */
const FIRST_CONNECT_WAIT_MS = 3_000;
/** Longest wait between reconnection attempts to Redis [ms]. */
const MAX_RECONNECT_DELAY_MS = 5_000;

export interface RedisLink {
  /** Closes both Redis connections. */
  close(): Promise<void>;
}

/**
 * Joins this server's Socket.IO to the other instances' through Redis pub/sub: an emit to a
 * room reaches the browsers of that room on every instance, whichever instance serves the
 * ground-link. Redis carries live messages only, nothing stored: a Redis that goes away is
 * logged, this instance's own sockets are served as before (broadcasts reach local sockets
 * whatever Redis does), messages for the other instances are dropped meanwhile, and both
 * connections retry until Redis is back.
 */
export async function useRedisAdapter(io: Server, url: string, logger: Logger): Promise<RedisLink> {
  const log = logger.child({ redis: redactedUrl(url) });
  const options = {
    lazyConnect: true,
    retryStrategy: (attempt: number) => Math.min(250 * attempt, MAX_RECONNECT_DELAY_MS),
    // Reconnecting is the retry strategy's job; a command does not wait through it.
    maxRetriesPerRequest: 1,
  };
  // Publishing while Redis is away fails at once rather than piling up messages in memory
  // that would be stale when delivered. The subscriber keeps its queue: its subscriptions are
  // sent once connected, and ioredis renews them after every reconnect.
  const publisher = new Redis(url, { ...options, enableOfflineQueue: false });
  const subscriber = new Redis(url, options);
  let away = false;
  for (const [role, client] of [
    ['publisher', publisher],
    ['subscriber', subscriber],
  ] as const) {
    client.on('error', (error: Error) => {
      if (!away)
        log.warn(
          { role, err: error.message },
          'redis: unreachable; serving local sockets, reconnecting',
        );
      away = true;
    });
    client.on('ready', () => {
      if (away) log.info({ role }, 'redis: reconnected; live messages reach every instance again');
      away = false;
    });
  }
  // The adapter does not catch a failed publish: without this a Redis outage would end the
  // process with an unhandled rejection.
  const publish = publisher.publish.bind(publisher);
  publisher.publish = ((...args: Parameters<typeof publish>) =>
    publish(...args).catch(() => 0)) as typeof publisher.publish;

  await Promise.all(
    [publisher, subscriber].map((client) =>
      Promise.race([
        client.connect().catch(() => undefined),
        new Promise((resolve) => setTimeout(resolve, FIRST_CONNECT_WAIT_MS).unref()),
      ]),
    ),
  );
  if (publisher.status !== 'ready') {
    log.warn('redis: not reachable at start; serving local sockets until it is');
    away = true;
  } else {
    log.info('redis: Socket.IO shares live messages with the other instances');
  }
  io.adapter(createAdapter(publisher, subscriber));
  return {
    async close() {
      await Promise.all(
        [publisher, subscriber].map((client) =>
          client.status === 'ready'
            ? client.quit().then(
                () => undefined,
                () => client.disconnect(),
              )
            : client.disconnect(),
        ),
      );
    },
  };
}

/** The URL as logged: without a password. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'redis';
  }
}
