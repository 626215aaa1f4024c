import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TlogReplayEndpoint } from '../../ground-link/endpoints/tlogReplayEndpoint.js';
import { Router } from '../../ground-link/router.js';
import { encodeTlogRecord } from '../../telemetry/tlog/tlogRecord.js';
import { CollectingEndpoint } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';
import { tempDirForFile } from './support/tempDir.js';

const dir = tempDirForFile('replay');

function writeTlog(
  name: string,
  frames: { tUs: number; bytes: Uint8Array }[],
  junk?: Buffer,
): string {
  const path = join(dir, name);
  const records: Uint8Array[] = frames.map((f) => encodeTlogRecord(f.tUs, f.bytes));
  if (junk) records.splice(Math.floor(records.length / 2), 0, junk);
  writeFileSync(path, Buffer.concat(records));
  return path;
}

async function replay(path: string, speed: number | 'max') {
  const replayEndpoint = new TlogReplayEndpoint({ path, speed });
  const sink = new CollectingEndpoint();
  const router = new Router([replayEndpoint, sink]);
  const startedMs = performance.now();
  await router.open([replayEndpoint.name]);
  await router.finished();
  const elapsedMs = performance.now() - startedMs;
  await router.close();
  return { sink, elapsedMs, replayEndpoint };
}

describe('TlogReplayEndpoint', () => {
  it('replays at max speed every frame with its recorded time, skipping damaged bytes', async () => {
    const frames = simulatedFrames(testSeed('replay-max'), 30);
    const junk = Buffer.from('\xfd\x20garbage in the middle of the file', 'latin1');
    const path = writeTlog('max.tlog', frames, junk);
    const { sink, replayEndpoint } = await replay(path, 'max');
    expect(sink.bytes().equals(concatFrames(frames))).toBe(true);
    expect(sink.frames.map((f) => f.tUs)).toEqual(frames.map((f) => f.tUs));
    expect(replayEndpoint.fileStats().junkBytes).toBe(junk.length);
    expect(replayEndpoint.progress().bytesDone).toBe(replayEndpoint.progress().bytesTotal);
  });

  it('keeps the recorded pace times the speed factor', async () => {
    // Two seconds of flight at ×8 take a quarter of a second.
    const frames = simulatedFrames(testSeed('replay-x8'), 2);
    const spanS = ((frames.at(-1)?.tUs ?? 0) - (frames[0]?.tUs ?? 0)) / 1e6;
    const path = writeTlog('x8.tlog', frames);
    const { sink, elapsedMs } = await replay(path, 8);
    expect(sink.frames).toHaveLength(frames.length);
    expect(elapsedMs).toBeGreaterThanOrEqual((spanS / 8) * 1000 - 5);
    // Well under real time (2 s), with room for a busy machine.
    expect(elapsedMs).toBeLessThan((spanS / 8) * 1000 + 1200);
  });

  it('ends the run with an error naming the file it cannot read', async () => {
    const replayEndpoint = new TlogReplayEndpoint({
      path: join(dir, 'missing.tlog'),
      speed: 'max',
    });
    await expect(new Router([replayEndpoint]).open([replayEndpoint.name])).rejects.toThrow(
      /missing\.tlog/,
    );
  });
});
