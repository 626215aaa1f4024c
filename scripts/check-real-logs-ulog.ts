import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { inspectUlog } from '../ground-link/inspect/inspectUlog.js';
import { readUlogFile } from '../telemetry/ulog/ulogReader.js';

/**
 * Local check, not a test: compares Sortie's ULog reader with pyulog on every .ulg in a folder
 * of real logs (default ../shared/real-logs; these logs are not all ours to commit):
 * message counts and first/last timestamps per topic instance, logged messages, and
 * vehicle_status arming/nav_state. Prints Sortie's flights beside. Exits 1 on a difference.
 *
 *   npx tsx scripts/check-real-logs-ulog.ts [FOLDER]
 */
const folder = resolve(process.argv[2] ?? '../shared/real-logs');
const PY = join(import.meta.dirname, 'pyulog/ulog_summary.py');

interface Summary {
  topics: Record<string, { count: number; first: number | null; last: number | null }>;
  logged: [number, number, string][];
  status: [number, number, number][];
  maxAltAboveHomeWhileArmedM?: number | null;
}

async function sortieSummary(path: string): Promise<Summary & { problems: number }> {
  const out: Summary = { topics: {}, logged: [], status: [] };
  const result = await readUlogFile(path, {
    data(sub, view, start, _length, t) {
      if (sub.topic !== 'vehicle_status' || sub.multiId !== 0) return;
      const arming = sub.layout.fields.get('arming_state');
      const nav = sub.layout.fields.get('nav_state');
      if (arming && nav)
        out.status.push([
          t,
          view.getUint8(start + arming.offset),
          view.getUint8(start + nav.offset),
        ]);
    },
    log(level, tag, t, text) {
      if (tag === null) out.logged.push([level, t, text]);
    },
  });
  for (const sub of result.subscriptions) {
    if (sub.count > 0)
      out.topics[`${sub.topic}/${sub.multiId}`] = {
        count: sub.count,
        first: sub.firstTimestampUs,
        last: sub.lastTimestampUs,
      };
  }
  return { ...out, problems: result.problemCount };
}

function pyulog(path: string): Summary {
  const run = spawnSync('python3', [PY, path], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (run.status !== 0) throw new Error(`pyulog failed on ${path}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Summary;
}

if (!existsSync(folder)) {
  console.log(`no folder ${folder}: nothing to check`);
  process.exit(0);
}
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.ulg'))
  .sort();
let differences = 0;
for (const file of files) {
  const path = join(folder, file);
  const ours = await sortieSummary(path);
  const theirs = pyulog(path);
  const topicKeys = new Set([...Object.keys(ours.topics), ...Object.keys(theirs.topics)]);
  const topicDiffs = [...topicKeys].filter(
    (k) => !isDeepStrictEqual(ours.topics[k], theirs.topics[k]),
  );
  const loggedSame = isDeepStrictEqual(ours.logged, theirs.logged);
  const statusSame = isDeepStrictEqual(ours.status, theirs.status);
  const ok = topicDiffs.length === 0 && loggedSame && statusSame;
  if (!ok) differences++;
  console.log(
    `${ok ? 'same' : 'DIFFERENT'}  ${file}: ${topicKeys.size} topic instances, ` +
      `${Object.values(ours.topics).reduce((n, t) => n + t.count, 0)} data messages, ${ours.logged.length} logged messages, ` +
      `${ours.status.length} vehicle_status, ${ours.problems} problems`,
  );
  for (const k of topicDiffs)
    console.log(
      `    ${k}: Sortie ${JSON.stringify(ours.topics[k])}, pyulog ${JSON.stringify(theirs.topics[k])}`,
    );
  if (!loggedSame)
    console.log(
      `    logged messages differ (Sortie ${ours.logged.length}, pyulog ${theirs.logged.length})`,
    );
  if (!statusSame)
    console.log(
      `    vehicle_status differs (Sortie ${ours.status.length}, pyulog ${theirs.status.length})`,
    );
  const report = await inspectUlog(path);
  for (const v of report.vehicles) {
    for (const [i, f] of v.flights.entries()) {
      console.log(
        `    flight ${i + 1}: ${f.durationS.toFixed(1)} s, ${f.disarmUs === null ? 'ends armed' : 'disarmed'}, modes ${f.modes.map((m) => m.mode).join('→')}, ` +
          `max ${f.maxAltRelM?.toFixed(1) ?? '–'} m above home, track ${f.trackLengthM.toFixed(0)} m${report.flightsInferredFromMotion ? ' (inferred from motion)' : ''}`,
      );
    }
    if (v.flights.length === 0) console.log('    no flight');
  }
  const ourMax = report.vehicles[0]?.flights.reduce<number | null>(
    (m, f) => (f.maxAltRelM === null ? m : Math.max(m ?? -Infinity, f.maxAltRelM)),
    null,
  );
  console.log(
    `    max height above home while armed: Sortie ${ourMax?.toFixed(2) ?? '–'} m, ` +
      `pyulog-based ${theirs.maxAltAboveHomeWhileArmedM?.toFixed(2) ?? '–'} m; failsafes ${report.failsafeCount}, errors ${report.errorCount}`,
  );
}
console.log(`${files.length} logs, ${differences} with differences`);
process.exit(differences === 0 ? 0 : 1);
