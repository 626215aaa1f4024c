import * as turf from '@turf/turf';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { FenceChecker } from '../server/certification/fences/fenceChecker.js';
import type { FencePosition } from '../server/certification/fences/fenceStatus.js';
import type { FenceZone } from '../server/certification/fences/rangeFences.js';
import { validateRangeFences } from '../server/certification/fences/validateRangeFences.js';
import { localProjection } from '../server/certification/localProjection.js';

/**
 * bench:fence — live fence checks per second on one core: 20 polygon fences of 100 vertices each
 * (5 inclusions that intersect, 15 exclusions), a vehicle wandering at 12 m/s sampled at 10 Hz.
 * For scale, the same check done with Turf per sample (point-in-polygon + point-to-line distance
 * on each fence) on a subset of the positions.
 */
const SEED = 4242;
const VERTICES = 100;
const POSITIONS = 200_000;
const TURF_POSITIONS = 2_000;
const ROUNDS = 5;
const TARGET_CHECKS_PER_SEC = 10_000;

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(SEED);
const projection = localProjection({ latDeg: 36.3725, lonDeg: 127.3628 });

/** A wavy ring of VERTICES vertices about (eastM, northM): simple for any wave under the radius. */
function wavyRing(eastM: number, northM: number, radiusM: number, waveM: number) {
  const phase = random() * Math.PI * 2;
  return Array.from({ length: VERTICES }, (_, k) => {
    const angle = (2 * Math.PI * k) / VERTICES;
    const r = radiusM + waveM * Math.sin(7 * angle + phase);
    return projection.toLatLon(eastM + r * Math.cos(angle), northM + r * Math.sin(angle));
  });
}

const zones: FenceZone[] = [];
for (let k = 0; k < 5; k++) {
  zones.push({
    id: `inclusion-${k}`,
    role: 'inclusion',
    shape: 'polygon',
    vertices: wavyRing(30 * k, -20 * k, 2000 + 100 * k, 150),
  });
}
for (let k = 0; k < 15; k++) {
  const angle = (2 * Math.PI * k) / 15;
  zones.push({
    id: `exclusion-${k}`,
    role: 'exclusion',
    shape: 'polygon',
    vertices: wavyRing(1100 * Math.cos(angle), 1100 * Math.sin(angle), 60 + 5 * k, 10),
  });
}
const fences = validateRangeFences({ zones, floorM: 0, ceilingM: 120 });

/** A random walk at 12 m/s, 10 Hz, turning gently, bounced back towards the centre. */
const positions: FencePosition[] = [];
let east = 0;
let north = 0;
let heading = 0;
for (let i = 0; i < POSITIONS; i++) {
  heading += (random() - 0.5) * 0.3;
  if (Math.hypot(east, north) > 1900) heading = Math.atan2(-north, -east);
  const ve = 12 * Math.cos(heading);
  const vn = 12 * Math.sin(heading);
  east += ve / 10;
  north += vn / 10;
  positions.push({
    ...projection.toLatLon(east, north),
    altRelM: 40 + 20 * Math.sin(i / 500),
    vnMps: vn,
    veMps: ve,
    vdMps: 0,
  });
}

/** Wall and CPU seconds: on a shared machine wall time includes waiting for a core. */
function runChecker(): { seconds: number; cpuSeconds: number; states: Record<string, number> } {
  const checker = new FenceChecker(fences);
  const states: Record<string, number> = { inside: 0, warning: 0, breach: 0, predicted: 0 };
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const position of positions) {
    const status = checker.check(position);
    states[status.state] = (states[status.state] ?? 0) + 1;
    if (status.predictedBreach) states.predicted = (states.predicted ?? 0) + 1;
  }
  const cpu = process.cpuUsage(cpuStart);
  return {
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    states,
  };
}

function runTurf(): number {
  const polygons = fences.zones.map((zone) => {
    if (zone.shape !== 'polygon') throw new Error('bench fences are polygons');
    const ring = [...zone.vertices, zone.vertices[0]!].map((v) => [v.lonDeg, v.latDeg]);
    return { polygon: turf.polygon([ring]), line: turf.lineString(ring) };
  });
  const start = process.hrtime.bigint();
  let sink = 0;
  for (const position of positions.slice(0, TURF_POSITIONS)) {
    const point = turf.point([position.lonDeg, position.latDeg]);
    for (const { polygon, line } of polygons) {
      if (turf.booleanPointInPolygon(point, polygon)) sink++;
      sink += turf.pointToLineDistance(point, line, { units: 'meters' });
    }
  }
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return TURF_POSITIONS / (Number(process.hrtime.bigint() - start) / 1e9);
}

let best = Infinity;
let bestCpu = Infinity;
let states: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  const run = runChecker();
  if (run.seconds < best) best = run.seconds;
  if (run.cpuSeconds < bestCpu) bestCpu = run.cpuSeconds;
  states = run.states;
}
const checksPerSec = Math.round(POSITIONS / best);
const checksPerCpuSec = Math.round(POSITIONS / bestCpu);
const turfChecksPerSec = Math.round(runTurf());

const machine = {
  loadAverage1m: +(loadavg()[0] ?? 0).toFixed(1),
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  date: new Date().toISOString(),
};
console.log(
  `seed ${SEED}; ${fences.zones.length} fences × ${VERTICES} vertices; best of ${ROUNDS} rounds`,
);
console.table([
  {
    method: 'FenceChecker (local projection + bbox prefilter)',
    positions: POSITIONS,
    checksPerSec,
    usPerCheck: +(1e6 / checksPerSec).toFixed(2),
  },
  {
    method: 'Turf per sample (inside + distance, 20 fences)',
    positions: TURF_POSITIONS,
    checksPerSec: turfChecksPerSec,
    usPerCheck: +(1e6 / turfChecksPerSec).toFixed(2),
  },
]);
console.log('states over the track:', states);
console.log(
  `CPU time: ${checksPerCpuSec} checks per CPU second; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores`,
);
/** Headline in CPU time, as bench:decode does: the machine is shared, wall time is printed beside. */
const result = {
  bench: 'fence',
  checksPerSec: checksPerCpuSec,
  wallChecksPerSec: checksPerSec,
  targetChecksPerSec: TARGET_CHECKS_PER_SEC,
  meetsTarget: checksPerCpuSec >= TARGET_CHECKS_PER_SEC,
  meetsTargetInWallTime: checksPerSec >= TARGET_CHECKS_PER_SEC,
  turfChecksPerSec,
  fences: fences.zones.length,
  verticesPerFence: VERTICES,
  positions: POSITIONS,
  seed: SEED,
  states,
  machine,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/fence.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
