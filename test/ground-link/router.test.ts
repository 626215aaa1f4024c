import { describe, expect, it } from 'vitest';
import { Router } from '../../ground-link/router.js';
import { CollectingEndpoint, HandSource } from './support/testEndpoints.js';
import { concatFrames, simulatedFrames, testSeed } from './support/simulatedFrames.js';

describe('Router', () => {
  it('delivers every frame to every endpoint but its source, byte-exact', async () => {
    const frames = simulatedFrames(testSeed('router'), 5);
    const source = new HandSource('a');
    const other = new HandSource('b');
    const sink = new CollectingEndpoint('sink');
    const router = new Router([source, other, sink]);
    await router.open();
    for (const frame of frames) await source.send(frame.bytes, frame.tUs);

    expect(sink.frames).toHaveLength(frames.length);
    expect(sink.bytes().equals(concatFrames(frames))).toBe(true);
    expect(sink.frames.map((f) => f.tUs)).toEqual(frames.map((f) => f.tUs));
    expect(new Set(sink.frames.map((f) => f.sourceName))).toEqual(new Set(['a']));
    await router.close();
  });

  it('finds frames split across chunks and skips junk between them, counting it', async () => {
    const frames = simulatedFrames(testSeed('router-chunks'), 3);
    const junk = Buffer.from('console text \xfd\x09 not a frame\n', 'latin1');
    const stream = Buffer.concat(frames.flatMap((f) => [Buffer.from(f.bytes), junk]));
    const source = new HandSource();
    const sink = new CollectingEndpoint();
    const router = new Router([source, sink]);
    await router.open();
    for (let at = 0; at < stream.length; at += 7)
      await source.send(stream.subarray(at, at + 7), at);

    expect(sink.bytes().equals(concatFrames(frames))).toBe(true);
    expect(router.decodeStats().frames).toBe(frames.length);
    expect(router.decodeStats().junkBytes).toBe(junk.length * frames.length);
    await router.close();
  });

  it('resolves finished() once every finite source has ended', async () => {
    const source = new HandSource('replay');
    const router = new Router([source, new CollectingEndpoint()]);
    await router.open(['replay']);
    let finished = false;
    void router.finished().then(() => (finished = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(false);
    source.end();
    await router.finished();
    expect(finished).toBe(true);
  });

  it('refuses two endpoints of the same name', () => {
    expect(() => new Router([new HandSource('x'), new CollectingEndpoint('x')])).toThrow(
      /Two endpoints are named x/,
    );
  });
});
