import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpEndpoint } from '../../ground-link/endpoints/udpEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { CollectingEndpoint, HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

async function vehicleSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

describe('UdpEndpoint', () => {
  it('receives datagrams byte-exact and sends frames back to the peer it learned', async () => {
    const frames = simulatedFrames(testSeed('udp'), 4);
    const udp = new UdpEndpoint({ host: '127.0.0.1', port: 0 });
    const sink = new CollectingEndpoint();
    const groundStation = new HandSource('gcs');
    const router = new Router([udp, sink, groundStation]);
    await router.open();
    const vehicle = await vehicleSocket();

    // Several frames per datagram, as radios pack them.
    for (let i = 0; i < frames.length; i += 5) {
      vehicle.send(concatFrames(frames.slice(i, i + 5)), udp.boundPort, '127.0.0.1');
    }
    await sink.waitForFrames(frames.length);
    expect(sink.bytes().equals(concatFrames(frames))).toBe(true);
    expect(udp.peerAddress).toBe(`127.0.0.1:${vehicle.address().port}`);

    const command = frames[0]?.bytes as Uint8Array;
    const answer = once(vehicle, 'message');
    await groundStation.send(command, 1);
    const [datagram] = (await answer) as [Buffer];
    expect(datagram.equals(Buffer.from(command))).toBe(true);
    await router.close();
  });

  it('says which address it cannot listen on', async () => {
    const first = new UdpEndpoint({ host: '127.0.0.1', port: 0 });
    const firstRouter = new Router([first]);
    await firstRouter.open();
    const second = new UdpEndpoint({ host: '127.0.0.1', port: first.boundPort });
    await expect(new Router([second]).open()).rejects.toThrow(
      `Cannot listen on UDP 127.0.0.1:${first.boundPort}`,
    );
    await firstRouter.close();
  });
});
