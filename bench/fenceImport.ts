import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fencesToKml } from '../server/certification/fences/fencesToKml.js';
import { parseFencesKml } from '../server/certification/fences/parseFencesKml.js';
import type { FenceZone } from '../server/certification/fences/rangeFences.js';
import { validateRangeFences } from '../server/certification/fences/validateRangeFences.js';
import { CertificationInputError } from '../server/certification/inputError.js';

/**
 * bench:fence-import — how long a KML fence import holds the event loop: a 400 KB body of
 * unclosed <Placemark> tags (refused as malformed), and a well-formed KML of about 400 KB
 * (200 polygon zones of 60 vertices). CPU time per parse, best of 5.
 */
const ROUNDS = 5;
const TARGET_MS = 100;

const unclosed = `<kml><Document>${'<Placemark>'.repeat(36_000)}</Document></kml>`;

const zones: FenceZone[] = Array.from({ length: 200 }, (_, z) => ({
  id: `zone-${z}`,
  role: z === 0 ? 'inclusion' : 'exclusion',
  shape: 'polygon',
  vertices: Array.from({ length: 60 }, (_, k) => {
    const angle = (2 * Math.PI * k) / 60;
    const radiusDeg = z === 0 ? 0.05 : 0.0005;
    const centreLat = 36.37 + (z === 0 ? 0 : 0.02 * Math.cos(z));
    const centreLon = 127.36 + (z === 0 ? 0 : 0.02 * Math.sin(z));
    return {
      latDeg: +(centreLat + radiusDeg * Math.sin(angle)).toFixed(7),
      lonDeg: +(centreLon + radiusDeg * Math.cos(angle)).toFixed(7),
    };
  }),
}));
const wellFormed = fencesToKml(validateRangeFences({ zones }));

function bestCpuMs(text: string): { cpuMs: number; outcome: string } {
  let best = Number.POSITIVE_INFINITY;
  let outcome = '';
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    try {
      outcome = `${parseFencesKml(text).zones.length} zones`;
    } catch (error) {
      if (!(error instanceof CertificationInputError)) throw error;
      outcome = `refused: ${error.message.slice(0, 80)}`;
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return { cpuMs: +best.toFixed(1), outcome };
}

const malformed = bestCpuMs(unclosed);
const valid = bestCpuMs(wellFormed);
console.table([
  { input: `unclosed tags, ${(unclosed.length / 1024).toFixed(0)} KB`, ...malformed },
  { input: `200 zones, ${(wellFormed.length / 1024).toFixed(0)} KB`, ...valid },
]);
const result = {
  bench: 'fence-import',
  malformedKmlBytes: unclosed.length,
  malformedKmlCpuMs: malformed.cpuMs,
  validKmlBytes: wellFormed.length,
  validKmlZones: zones.length,
  validKmlCpuMs: valid.cpuMs,
  targetMs: TARGET_MS,
  meetsTarget: malformed.cpuMs <= TARGET_MS && valid.cpuMs <= TARGET_MS,
  cpus: cpus().length,
  loadAverage1m: +(loadavg()[0] ?? 0).toFixed(1),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/fence-import.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
