import { createServer, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/logger.js';
import { useRedisAdapter, type RedisLink } from '../../../server/live/redisAdapter.js';
import { startTestRedis, type TestRedis } from '../../support/redisServer.js';

interface Instance {
  http: HttpServer;
  io: Server;
  redis: RedisLink;
  client: Socket;
  received: string[];
}

const logger = createLogger('silent', 'test');
let redis: TestRedis;
const instances: Instance[] = [];

async function startInstance(): Promise<Instance> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const link = await useRedisAdapter(io, redis.url, logger);
  io.on('connection', (socket) => void socket.join('watchers'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client = connectClient(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
  const received: string[] = [];
  client.on('news', (text: string) => received.push(text));
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  return { http, io, redis: link, client, received };
}

/** Emits from `from` until `to`'s browser has the message (delivery is asynchronous). */
async function deliveredAcross(from: Instance, to: Instance, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!to.received.includes(text)) {
    if (Date.now() > deadline) throw new Error(`"${text}" never reached the other instance`);
    from.io.to('watchers').emit('news', text);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  redis = await startTestRedis();
  instances.push(await startInstance(), await startInstance());
});

afterAll(async () => {
  for (const instance of instances) {
    instance.client.disconnect();
    await instance.io.close();
    await instance.redis.close();
  }
  await redis.kill();
});

describe('Socket.IO across server instances through Redis', () => {
  it('carries a room emit to the browsers of another instance, and survives Redis going away', async () => {
    const [a, b] = instances as [Instance, Instance];
    await deliveredAcross(a, b, 'first');

    await redis.kill();
    // Redis away: the instance still serves its own sockets, and does not crash on the
    // publishes that fail.
    a.io.to('watchers').emit('news', 'local while redis is away');
    await expect.poll(() => a.received, { timeout: 5_000 }).toContain('local while redis is away');
    for (let i = 0; i < 20; i++) a.io.to('watchers').emit('news', `lost ${i}`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(b.received).not.toContain('local while redis is away');

    await redis.restart();
    // Both connections come back on their own, subscriptions renewed.
    await deliveredAcross(a, b, 'after redis is back');
    await deliveredAcross(b, a, 'and the other way');
  }, 40_000);
});
