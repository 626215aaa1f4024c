import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpClientEndpoint } from '../../ground-link/endpoints/tcpClientEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { CollectingEndpoint, HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';

let server: Server | null = null;
afterEach(async () => {
  server?.close();
  server = null;
});

/** A TCP server like SITL's on 5760: hands each connection to the test. */
async function listen(): Promise<{
  port: number;
  connections: Socket[];
  next: () => Promise<Socket>;
}> {
  const connections: Socket[] = [];
  server = createServer((socket) => connections.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const next = async () => {
    const seen = connections.length;
    const deadline = Date.now() + 5_000;
    while (connections.length === seen && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const socket = connections[seen];
    if (!socket) throw new Error('no connection within 5 s');
    return socket;
  };
  return { port, connections, next };
}

describe('TcpClientEndpoint', () => {
  it('reads a TCP stream byte-exact and writes frames back on the same connection', async () => {
    const frames = simulatedFrames(testSeed('tcp'), 4);
    const { port, next } = await listen();
    const tcp = new TcpClientEndpoint({ host: '127.0.0.1', port });
    const sink = new CollectingEndpoint();
    const groundStation = new HandSource('gcs');
    const router = new Router([tcp, sink, groundStation]);
    await router.open();
    const simulator = await next();

    const stream = concatFrames(frames);
    // Odd slice sizes: frames straddle TCP segments.
    for (let at = 0; at < stream.length; at += 333) simulator.write(stream.subarray(at, at + 333));
    await sink.waitForFrames(frames.length);
    expect(sink.bytes().equals(stream)).toBe(true);

    const command = frames[1]?.bytes as Uint8Array;
    const received = once(simulator, 'data');
    await groundStation.send(command, 1);
    const [bytes] = (await received) as [Buffer];
    expect(bytes.equals(Buffer.from(command))).toBe(true);
    await router.close();
  });

  it('connects again after the server drops the connection', async () => {
    const frames = simulatedFrames(testSeed('tcp-reconnect'), 2);
    const { port, next } = await listen();
    const tcp = new TcpClientEndpoint({ host: '127.0.0.1', port, reconnectDelayMs: 50 });
    const sink = new CollectingEndpoint();
    const router = new Router([tcp, sink]);
    await router.open();
    (await next()).destroy();
    const second = await next();
    second.write(concatFrames(frames));
    await sink.waitForFrames(frames.length);
    expect(sink.bytes().equals(concatFrames(frames))).toBe(true);
    await router.close();
  });
});
