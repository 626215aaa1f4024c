import { describe, expect, it } from 'vitest';
import { CORPUS_TLOGS, loadCorpus, runFuzz } from '../../bench/fuzz.js';
import { testSeed } from '../ground-link/support/simulatedFrames.js';

/**
 * Reliability R3, quick: 10^5 mutated real frames through each reader (live frame scanner,
 * .tlog reader) and the normaliser. The full 10^7 run is `npm run bench:fuzz`
 * (docs/RELIABILITY.md). Expected: the intact frames, known as they were written.
 */
const MUTATED_FRAMES = 100_000;

describe('readers under mutated MAVLink', () => {
  it('never throw, keep ≥ 99 % of intact frames and count every byte they reject', async () => {
    const seed = testSeed('fuzz');
    const corpus = await loadCorpus(CORPUS_TLOGS);
    const results = runFuzz({ seed, mutatedFrames: MUTATED_FRAMES, corpus });
    expect(results.map((r) => r.reader)).toEqual([
      'frame scanner (serial, UDP, TCP)',
      '.tlog reader',
    ]);
    for (const result of results) {
      console.log(
        `${result.reader}: ${result.intactFramesKept}/${result.intactFrames} intact kept, ` +
          `${result.rejectedBytes} bytes rejected, ${result.mutatedAccepted} mutated accepted`,
      );
      expect(result.mutatedFrames).toBe(MUTATED_FRAMES);
      expect(result.crashMessages).toEqual([]);
      expect(result.intactKeptPct).toBeGreaterThanOrEqual(99);
      expect(result.uncountedBytes).toBe(0);
      expect(result.rejectedBytes).toBeGreaterThan(0);
      expect(result.invalidSamples).toBe(0);
      expect(result.invalidLinkStats).toBe(0);
    }
  }, 120_000);
});
