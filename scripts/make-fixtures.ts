/**
 * Regenerates the fixtures Sortie makes itself: the default range fence as GeoJSON and short
 * simulated .tlog flights with their ground truth. Deterministic: running it again changes
 * nothing unless the simulator changed.  Usage: npx tsx scripts/make-fixtures.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  DEFAULT_ORIGIN,
  defaultRangeFence,
  rangeFenceToGeoJson,
  simulateToTlog,
  type SimulatorOptions,
} from '../ground-link/simulator/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Each short enough to stay well under 300 KB. */
export const TLOG_FIXTURES: { name: string; options: SimulatorOptions }[] = [
  { name: 'clean-1vehicle', options: { vehicles: 1, scenario: 'clean', seed: 1, durationS: 60 } },
  { name: 'reboot-1vehicle', options: { vehicles: 1, scenario: 'reboot', seed: 1, durationS: 25 } },
];

async function writeJson(path: string, value: unknown): Promise<void> {
  // Formatted as the repository's Prettier check expects.
  const config = await resolveConfig(path);
  const text = await format(JSON.stringify(value), { ...config, parser: 'json' });
  await writeFile(path, text);
}

async function main(): Promise<void> {
  const rangePath = join(root, 'fixtures/ranges/default-range.json');
  await mkdir(dirname(rangePath), { recursive: true });
  await writeJson(
    rangePath,
    rangeFenceToGeoJson(defaultRangeFence(DEFAULT_ORIGIN), DEFAULT_ORIGIN),
  );
  console.log(`wrote ${rangePath}`);

  await mkdir(join(root, 'fixtures/tlog'), { recursive: true });
  for (const fixture of TLOG_FIXTURES) {
    const tlogPath = join(root, `fixtures/tlog/${fixture.name}.tlog`);
    const truth = await simulateToTlog(fixture.options, tlogPath);
    await writeJson(join(root, `fixtures/tlog/${fixture.name}.truth.json`), truth);
    console.log(`wrote ${tlogPath} and its truth`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
