import { renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialEndpoint } from '../../ground-link/endpoints/serialEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { CollectingEndpoint, HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { openPtyPair, type PtyPair } from './support/socatPtyPair.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('serial');
let pair: PtyPair | null = null;
let otherPair: PtyPair | null = null;
let vehiclePort: SerialPort | null = null;
afterEach(async () => {
  if (vehiclePort?.isOpen) await new Promise((resolve) => vehiclePort?.close(resolve));
  vehiclePort = null;
  await pair?.close();
  pair = null;
  await otherPair?.close();
  otherPair = null;
});

/** Polls `probe` every 100 ms until it is true; false after `timeoutMs`. */
async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

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

  it('reopens the port when the device goes away and comes back under the same name', async () => {
    const frames = simulatedFrames(testSeed('serial-reopen'), 3);
    const links: [string, string] = [join(dir, 'vehicle-end'), join(dir, 'ground-end')];
    pair = await openPtyPair({ links });
    const serial = new SerialEndpoint({ path: links[1], baudRate: 57_600, reopenDelayMs: 50 });
    const sink = new CollectingEndpoint();
    const router = new Router([serial, sink]);
    await router.open();
    // Unplugged: socat exits, its ptys and their names vanish under the open port.
    await pair.close();
    pair = null;
    expect(await until(() => !serial.isOpen, 5_000)).toBe(true);

    // Plugged in again: a new pair under the same names.
    pair = await openPtyPair({ links });
    expect(await until(() => serial.isOpen, 5_000)).toBe(true);
    vehiclePort = await openVehicleSide(links[0]);
    vehiclePort.write(concatFrames(frames));
    await sink.waitForFrames(frames.length, 10_000);
    expect(sink.bytes().equals(concatFrames(frames))).toBe(true);
    await router.close();
  });

  it('reopens the port when its name comes to lead to another device', async () => {
    const frames = simulatedFrames(testSeed('serial-replaced'), 3);
    pair = await openPtyPair();
    otherPair = await openPtyPair();
    // A udev-style name: what it points at changes when another radio is plugged in.
    const name = join(dir, 'radio');
    symlinkSync(pair.paths[1], name);
    const serial = new SerialEndpoint({ path: name, baudRate: 57_600, reopenDelayMs: 50 });
    const sink = new CollectingEndpoint();
    const router = new Router([serial, sink]);
    await router.open();
    // The old device stays (it never hangs up), so only the name tells the port is stale.
    symlinkSync(otherPair.paths[1], `${name}.new`);
    renameSync(`${name}.new`, name);
    vehiclePort = await openVehicleSide(otherPair.paths[0]);
    // Until the endpoint has reopened on the new device, what the vehicle writes waits in the
    // pty or is lost, so it writes again until one whole copy has come through.
    const expected = concatFrames(frames);
    expect(
      await until(() => {
        vehiclePort?.write(expected);
        return sink.bytes().includes(expected);
      }, 10_000),
    ).toBe(true);
    await router.close();
  });

  it('names the port it cannot open', async () => {
    const serial = new SerialEndpoint({ path: '/dev/does-not-exist-sortie', baudRate: 57_600 });
    await expect(new Router([serial]).open()).rejects.toThrow(
      /Cannot open serial port \/dev\/does-not-exist-sortie/,
    );
  });
});
