import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateToTlog, type GroundTruth } from '../../ground-link/simulator/index.js';
import { readTlog } from '../../telemetry/tlog/readTlog.js';
import { TLOG_FIXTURES } from '../../scripts/make-fixtures.js';
import { runToEnd } from './simulatorFrames.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sortie-simulator-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('simulateToTlog', () => {
  it('writes every frame with its ground time, readable by the .tlog reader', async () => {
    const options = { vehicles: 2, scenario: 'link-loss', seed: 8, durationS: 45 } as const;
    const path = join(folder, 'two.tlog');
    const truth = await simulateToTlog(options, path);
    const { simulator, chunks } = runToEnd(options);
    const records = [];
    for await (const record of readTlog(path)) records.push(record);
    expect(records).toHaveLength(chunks.length);
    records.forEach((record, index) => {
      expect(record.tUs).toBe(chunks[index]?.tUs);
      expect(Buffer.from(record.bytes).equals(Buffer.from(chunks[index]?.bytes ?? []))).toBe(true);
    });
    expect(truth).toEqual(simulator.truth());
  });

  it('returns a truth that survives JSON unchanged', async () => {
    const truth = await simulateToTlog(
      { vehicles: 1, scenario: 'fence-breach', seed: 2, durationS: 90 },
      join(folder, 'fence.tlog'),
    );
    expect(JSON.parse(JSON.stringify(truth))).toEqual(truth);
    const fault = truth.vehicles[0]?.faults[0];
    expect(fault?.kind).toBe('fence-breach');
  });
});

describe('committed .tlog fixtures', () => {
  it.each(TLOG_FIXTURES)(
    '$name is what the simulator makes today (else run npx tsx scripts/make-fixtures.ts)',
    async ({ name, options }) => {
      const committedPath = `fixtures/tlog/${name}.tlog`;
      expect((await stat(committedPath)).size).toBeLessThan(300 * 1024);
      const freshPath = join(folder, `${name}.tlog`);
      const truth = await simulateToTlog(options, freshPath);
      const committed = await readFile(committedPath);
      expect(committed.equals(await readFile(freshPath))).toBe(true);
      const committedTruth = JSON.parse(
        await readFile(`fixtures/tlog/${name}.truth.json`, 'utf8'),
      ) as GroundTruth;
      expect(committedTruth).toEqual(truth);
    },
  );

  it('clean-1vehicle is one vehicle, seed 1, about a minute long', async () => {
    const truth = JSON.parse(
      await readFile('fixtures/tlog/clean-1vehicle.truth.json', 'utf8'),
    ) as GroundTruth;
    expect(truth.seed).toBe(1);
    expect(truth.scenario).toBe('clean');
    expect(truth.vehicles).toHaveLength(1);
    expect((truth.simulatedUntilUs - truth.startUs) / 1e6).toBeCloseTo(60, 1);
  });
});
