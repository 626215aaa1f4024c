import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TlogRecorderEndpoint } from '../../ground-link/endpoints/tlogRecorderEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('recorder');

describe('TlogRecorderEndpoint', () => {
  it('records every frame with its time, byte-exact, in parts no bigger than the rotation size', async () => {
    const frames = simulatedFrames(testSeed('recorder'), 20);
    const rotateBytes = 16 * 1024;
    const recorder = new TlogRecorderEndpoint({
      directory: join(dir, 'rotating'),
      linkId: 'test-link',
      rotateBytes,
    });
    const source = new HandSource();
    const router = new Router([source, recorder]);
    await router.open();
    for (const frame of frames) await source.send(frame.bytes, frame.tUs);
    await router.close();

    expect(recorder.files.length).toBeGreaterThan(2);
    expect(recorder.files[0]).toMatch(/_test-link_001\.tlog$/);
    const read: { tUs: number; bytes: Uint8Array }[] = [];
    for (const path of recorder.files) {
      // A part is closed once it reaches the size; at most one record goes past it.
      expect(statSync(path).size).toBeLessThan(rotateBytes + 8 + 280);
      for await (const record of readTlog(path))
        read.push({ tUs: record.tUs, bytes: record.bytes });
    }
    expect(read.map((r) => r.tUs)).toEqual(frames.map((f) => f.tUs));
    expect(concatFrames(read).equals(concatFrames(frames))).toBe(true);
  });

  it('starts a new recording, not an appended one, at each link start', async () => {
    const frames = simulatedFrames(testSeed('recorder-starts'), 2);
    const files: string[] = [];
    for (const startedAtMs of [Date.UTC(2026, 0, 1, 10), Date.UTC(2026, 0, 1, 11)]) {
      const recorder = new TlogRecorderEndpoint({
        directory: join(dir, 'starts'),
        linkId: 'l',
        startedAtMs,
      });
      const source = new HandSource();
      const router = new Router([source, recorder]);
      await router.open();
      for (const frame of frames) await source.send(frame.bytes, frame.tUs);
      await router.close();
      files.push(...recorder.files);
    }
    expect(files).toEqual([
      join(dir, 'starts', '2026-01-01T10-00-00Z_l_001.tlog'),
      join(dir, 'starts', '2026-01-01T11-00-00Z_l_001.tlog'),
    ]);
    for (const path of files)
      expect(statSync(path).size).toBe(8 * frames.length + concatFrames(frames).length);
  });
});
