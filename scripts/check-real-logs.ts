import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compareWithPymavlink } from './pymavlink/compareDataFlash.js';

/**
 * npm run check:real-logs — compares Sortie's DataFlash reader with pymavlink's DFReader on every
 * .bin in ../shared/real-logs/ (logs whose licenses keep them out of the repository; the
 * MIT-licensed ones are also checked by the tests, from fixtures/). Exit code 1 on a mismatch.
 */
const ROOT = join(import.meta.dirname, '..');
/** Beside the checkout (`../shared/real-logs`), or one folder further up. */
const CANDIDATES = ['../shared/real-logs', '../../shared/real-logs'].map((p) => join(ROOT, p));
const DIR =
  process.argv[2] ?? CANDIDATES.find((dir) => existsSync(dir)) ?? (CANDIDATES[0] as string);

let files: string[];
try {
  files = readdirSync(DIR)
    .filter((f) => f.toLowerCase().endsWith('.bin'))
    .sort();
} catch {
  console.log(`no ${DIR}: nothing to check`);
  process.exit(0);
}

let failed = 0;
for (const file of files) {
  const comparisons = await compareWithPymavlink(join(DIR, file));
  const bad = comparisons.filter((c) => !c.ok);
  failed += bad.length;
  console.log(
    `${bad.length === 0 ? 'ok  ' : 'FAIL'} ${file}: ${comparisons.length - bad.length}/${comparisons.length} comparisons agree`,
  );
  for (const c of bad) {
    console.log(
      `     ${c.what}: Sortie ${JSON.stringify(c.sortie)}, pymavlink ${JSON.stringify(c.pymavlink)}`.slice(
        0,
        2000,
      ),
    );
  }
}
process.exit(failed === 0 ? 0 : 1);
