import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ForwarderEndpoint } from '../../ground-link/endpoints/forwarderEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { CollectingEndpoint, HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';

describe('ForwarderEndpoint', () => {
  it('sends every frame byte-exact to a second ground station and routes its answers back', async () => {
    const frames = simulatedFrames(testSeed('forwarder'), 3);
    // Stands where QGroundControl would listen.
    const station = createSocket('udp4');
    station.bind(0, '127.0.0.1');
    await once(station, 'listening');
    const datagrams: Buffer[] = [];
    let stationPeer: { address: string; port: number } | null = null;
    station.on('message', (datagram, remote) => {
      datagrams.push(datagram);
      stationPeer = remote;
    });

    const vehicle = new HandSource('vehicle');
    const vehicleSide = new CollectingEndpoint('vehicle-side');
    const forwarder = new ForwarderEndpoint({ host: '127.0.0.1', port: station.address().port });
    const router = new Router([vehicle, forwarder, vehicleSide]);
    await router.open();
    for (const frame of frames) await vehicle.send(frame.bytes, frame.tUs);
    const deadline = Date.now() + 5_000;
    while (datagrams.length < frames.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // One frame per datagram, as ground stations expect.
    expect(datagrams.map((d) => d.length)).toEqual(frames.map((f) => f.bytes.length));
    expect(Buffer.concat(datagrams).equals(concatFrames(frames))).toBe(true);

    const peer = stationPeer as { address: string; port: number } | null;
    if (!peer) throw new Error('the station heard nothing');
    const command = frames[0]?.bytes as Uint8Array;
    station.send(command, peer.port, peer.address);
    await vehicleSide.waitForFrames(frames.length + 1);
    expect(
      Buffer.from(vehicleSide.frames.at(-1)?.frame.bytes ?? []).equals(Buffer.from(command)),
    ).toBe(true);
    expect(vehicleSide.frames.at(-1)?.sourceName).toBe(forwarder.name);

    await router.close();
    station.close();
  });
});
