import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialEndpoint } from '../../ground-link/endpoints/serialEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { CollectingEndpoint, HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { openPtyPair, type PtyPair } from './support/socatPtyPair.js';

let pair: PtyPair | null = null;
let vehiclePort: SerialPort | null = null;
afterEach(async () => {
  if (vehiclePort?.isOpen) await new Promise((resolve) => vehiclePort?.close(resolve));
  vehiclePort = null;
  await pair?.close();
  pair = null;
});

/** The vehicle's side of the virtual cable. */
async function openVehicleSide(path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 57_600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return port;
}

describe('SerialEndpoint over a socat pty pair', () => {
  it('reads the frames a vehicle writes, byte for byte, and writes frames back byte for byte', async () => {
    const frames = simulatedFrames(testSeed('serial'), 10);
    pair = await openPtyPair();
    const serial = new SerialEndpoint({ path: pair.paths[1], baudRate: 57_600 });
    const sink = new CollectingEndpoint();
    const groundStation = new HandSource('gcs');
    const router = new Router([serial, sink, groundStation]);
    await router.open();
    vehiclePort = await openVehicleSide(pair.paths[0]);

    const stream = concatFrames(frames);
    vehiclePort.write(stream);
    await sink.waitForFrames(frames.length, 10_000);
    expect(sink.bytes().equals(stream)).toBe(true);
    expect(router.decodeStats()).toMatchObject({ badCrcFrames: 0, junkBytes: 0 });

    // The other way: what the ground sends reaches the vehicle unchanged.
    const uplinked = frames.slice(0, 40);
    const received: Buffer[] = [];
    vehiclePort.on('data', (chunk: Buffer) => received.push(chunk));
    for (const frame of uplinked) await groundStation.send(frame.bytes, frame.tUs);
    const expected = concatFrames(uplinked);
    const deadline = Date.now() + 5_000;
    while (Buffer.concat(received).length < expected.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(Buffer.concat(received).equals(expected)).toBe(true);
    await router.close();
  });

  it('names the port it cannot open', async () => {
    const serial = new SerialEndpoint({ path: '/dev/does-not-exist-sortie', baudRate: 57_600 });
    await expect(new Router([serial]).open()).rejects.toThrow(
      /Cannot open serial port \/dev\/does-not-exist-sortie/,
    );
  });
});
