/**
 * Error bands per metric from measured repeatability (`npm run eval:bands`, `-- --write` to regenerate
 * packages/domain/src/metrics/bands.data.ts). Same photos and perturbations as section 3 of
 * `eval:landmarks`: every single-face photo of `../shared/data/faces` in 7 variants (as is, rotated ±3°,
 * scaled ×0.9 / ×1.1, brightness ×0.85 / ×1.15), each a "shot" of the same face, measured by `measureView`
 * (view "front") on the product's detector settings.
 *
 * The face is the annotated one (matched by box, as in eval:landmarks), so two-face photos count. No photo
 * of this set passes the whole quality gate (they are research photos, not clinical ones: small faces, turned
 * heads), so these bands are conservative for gate-passing clinical photos; the script prints which geometric
 * checks fail.
 * Per metric, a unit is one photo and side (bilateral metrics: one per photo):
 *   - single shot: the unit's SD over its 7 shots (n − 1); SEM = pooled within-unit SD = √(Σ(nᵢ−1)sᵢ² /
 *     Σ(nᵢ−1)) (the within-subject SD, Weir 2005's √MS_error; no ICC needed); MDC = 1.96·√2·SEM;
 *     `sd` = median of the units' SDs (what eval:landmarks prints); `cv` = median SD/|mean| (null for angles);
 *   - 3-shot burst: the median of 3 shots, its SD per unit by exhaustive bootstrap (all 7³ ordered triples
 *     drawn with replacement from the unit's 7 shots), pooled the same way.
 * Also prints the scale's own CV (mm per px, corrected for the ×0.9 / ×1.1 resizes). Nothing is tuned to
 * these images. Exits 2 when the shared set is absent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import {
  measureView,
  METRIC_IDS,
  stableShapeDistance,
  type LandmarkSet,
  type MetricId,
} from '@liftplan/domain';
import { decodeImage } from '../src/decode.js';
import { FaceDetector, type FaceDetection } from '../src/detector.js';
import { DEFAULT_TUNING } from '../src/human-adapter.js';
import { checkFaceSize, checkPose } from '../src/quality.js';

const FACES_DIR =
  process.env.LIFTPLAN_FACES_DIR ??
  path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'faces');
const MANIFEST = path.join(FACES_DIR, 'manifest.json');
const OUT = path.resolve(import.meta.dirname, '..', '..', 'domain', 'src', 'metrics', 'bands.data.ts');
const OUT_SHAPE = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'domain',
  'src',
  'followup',
  'consistency.data.ts',
);
const WRITE = process.argv.includes('--write');
if (!existsSync(MANIFEST)) {
  console.error(
    `eval:bands: the shared face set is not here (${MANIFEST} is missing); set LIFTPLAN_FACES_DIR to its folder.`,
  );
  process.exit(2);
}

const Pt = z.tuple([z.number(), z.number()]);
const Manifest = z.array(
  z.object({
    image: z.string(),
    groundTruth: z.enum(['human', 'dlib-model', 'none']),
    faces: z.array(z.array(Pt).length(68)),
  }),
);
type Entry = z.infer<typeof Manifest>[number];
const manifest = Manifest.parse(JSON.parse(readFileSync(MANIFEST, 'utf8')));
type P2 = readonly [number, number];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]): number => {
  const mu = mean(xs);
  return xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1);
};
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

// As eval:landmarks: maxDetected 20 so the annotated face can be matched in photos with more than one.
const detector = await FaceDetector.create({ tuning: { ...DEFAULT_TUNING, maxDetected: 20 } });
// The band set names the detector as `human-<version>` (e.g. human-3.3.6), the form landmark sets compare to.
const humanVersion = /human (\d+\.\d+\.\d+)/.exec(detector.version)?.[1] ?? detector.version;
const detectorId = `human-${humanVersion}`;
console.log(`detector: ${detectorId} (${detector.version}); faces from ${FACES_DIR}\n`);

interface Shot {
  readonly name: string;
  readonly bytes: Buffer;
  readonly map: (p: P2) => P2;
  /** Resize factor of this variant (the true scale change). */
  readonly k: number;
}

function match(gt: readonly P2[], faces: readonly FaceDetection[]): FaceDetection | undefined {
  const cx = mean(gt.map((p) => p[0]));
  const cy = mean(gt.map((p) => p[1]));
  let best: FaceDetection | undefined;
  let bestD = Infinity;
  for (const f of faces) {
    const b = f.box;
    if (cx < b.x || cx > b.x + b.width || cy < b.y || cy > b.y + b.height) continue;
    const d = Math.hypot(b.x + b.width / 2 - cx, b.y + b.height / 2 - cy);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

function landmarksOf(f: FaceDetection): LandmarkSet {
  return {
    mesh: [...f.mesh],
    ...(f.iris ? { iris: [...f.iris] } : {}),
    pose: f.pose,
    detector: { id: detector.id, version: detector.version },
    corrected: false,
  };
}

async function shotsOf(entry: Entry): Promise<Shot[]> {
  const { data: upright, info } = await sharp(readFileSync(path.join(FACES_DIR, entry.image)))
    .rotate()
    .png()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const rotated = async (deg: number, name: string): Promise<Shot> => {
    const r = await sharp(upright).rotate(deg).png().toBuffer({ resolveWithObject: true });
    const t = (deg * Math.PI) / 180;
    return {
      name,
      bytes: r.data,
      k: 1,
      map: ([x, y]) => {
        const dx = x - w / 2;
        const dy = y - h / 2;
        return [
          r.info.width / 2 + dx * Math.cos(t) - dy * Math.sin(t),
          r.info.height / 2 + dx * Math.sin(t) + dy * Math.cos(t),
        ];
      },
    };
  };
  const scaled = async (k: number, name: string): Promise<Shot> => {
    const nw = Math.round(w * k);
    const f = nw / w;
    return {
      name,
      bytes: await sharp(upright).resize(nw).png().toBuffer(),
      k: f,
      map: ([x, y]) => [x * f, y * f],
    };
  };
  const bright = async (k: number, name: string): Promise<Shot> => ({
    name,
    bytes: await sharp(upright).modulate({ brightness: k }).png().toBuffer(),
    k: 1,
    map: (p) => p,
  });
  return [
    { name: 'base', bytes: upright, k: 1, map: (p) => p },
    await rotated(3, 'rot+3'),
    await rotated(-3, 'rot-3'),
    await scaled(0.9, 'scale0.9'),
    await scaled(1.1, 'scale1.1'),
    await bright(0.85, 'bright0.85'),
    await bright(1.15, 'bright1.15'),
  ];
}

/** Per metric id: one array of shot values per unit (photo × side). */
type Units = Map<MetricId, { unit: string; values: number[][] }>;
const units: Units = new Map();
const scaleCvs: number[] = [];
const gateLog: string[] = [];
/** Stable-landmark shape distances: base shot vs each other shot of a photo, and base vs base across photos. */
const sameFace: number[] = [];
const baseShots: { image: string; landmarks: LandmarkSet }[] = [];
/** Frames of one video show one person: 300-VW files are named 300vw_<video>_<frame>. */
const personOf = (image: string): string => /300vw_(\d+)_/.exec(image)?.[1] ?? image;
let photos = 0;
const SHOTS = 7;

for (const entry of manifest.filter((e) => e.faces.length === 1 || e.groundTruth === 'none')) {
  const gt = entry.faces[0];
  const shots = await shotsOf(entry);
  const perKey = new Map<string, { id: MetricId; unit: string; v: number[] }>();
  const scales: number[] = [];
  const failed = new Set<string>();
  const sets: LandmarkSet[] = [];
  let missing = false;
  for (const s of shots) {
    const located = await detector.locate(await decodeImage(s.bytes));
    const f = gt ? match(gt.map(s.map), located.faces) : located.faces[0];
    if (!f) {
      console.log(`  ${entry.image}: face not found in ${s.name}; photo skipped`);
      missing = true;
      break;
    }
    const landmarks = landmarksOf(f);
    sets.push(landmarks);
    // The gate's geometric checks, for the record (these research photos are not clinical photos).
    for (const c of [checkFaceSize(landmarks.mesh), checkPose(landmarks.pose, 'front')]) {
      if (c.status === 'fail') failed.add(c.check);
    }
    const m = measureView(landmarks, 'front');
    scales.push(m.calibration.mmPerPx * s.k);
    for (const r of m.metrics) {
      if (r.status !== 'measured') continue;
      const key = `${r.id}|${r.side}`;
      const e = perKey.get(key) ?? { id: r.id, unit: r.unit, v: [] };
      e.v.push(r.value);
      perKey.set(key, e);
    }
  }
  if (missing) continue;
  photos++;
  const [base, ...rest] = sets;
  if (base) {
    baseShots.push({ image: entry.image, landmarks: base });
    for (const o of rest) sameFace.push(stableShapeDistance(base, o).distance);
  }
  gateLog.push(
    `${entry.image}: ${failed.size ? `fails ${[...failed].join(', ')} in some shot` : 'face size and pose pass'}`,
  );
  scaleCvs.push(Math.sqrt(variance(scales)) / mean(scales));
  for (const { id, unit, v } of perKey.values()) {
    if (v.length !== SHOTS) continue; // measurable in every shot only
    const e = units.get(id) ?? { unit, values: [] };
    e.values.push(v);
    units.set(id, e);
  }
}

/** Variance of the median of 3 shots: exhaustive bootstrap over all ordered triples with replacement. */
function burst3Variance(v: readonly number[]): number {
  const meds: number[] = [];
  for (const a of v) for (const b of v) for (const c of v) meds.push(median([a, b, c]));
  const mu = mean(meds);
  return meds.reduce((s, x) => s + (x - mu) ** 2, 0) / meds.length;
}

interface Rep {
  sd: number;
  sem: number;
  mdc: number;
  cv: number | null;
  n: number;
}
const round = (x: number, d = 4): number => Number(x.toFixed(d));

/** Pooled within-unit variance: Σ(nᵢ−1)·sᵢ² / Σ(nᵢ−1) (units may hold different numbers of shots). */
const pooled = (values: readonly number[][]): number =>
  values.reduce((a, v) => a + (v.length - 1) * variance(v), 0) / values.reduce((a, v) => a + v.length - 1, 0);

function bandsOf(units: Units): {
  single: Partial<Record<MetricId, Rep>>;
  burst3: Partial<Record<MetricId, Rep>>;
} {
  const single: Partial<Record<MetricId, Rep>> = {};
  const burst3: Partial<Record<MetricId, Rep>> = {};
  for (const id of METRIC_IDS) {
    const e = units.get(id);
    if (!e || e.values.length < 2) continue;
    const cvOf = (sds: readonly number[]): number | null =>
      e.unit === 'deg' ? null : round(median(sds.map((sd, i) => sd / Math.abs(mean(e.values[i] ?? [])))));
    const sds1 = e.values.map((v) => Math.sqrt(variance(v)));
    const sem1 = Math.sqrt(pooled(e.values));
    single[id] = {
      sd: round(median(sds1)),
      sem: round(sem1),
      mdc: round(1.96 * Math.SQRT2 * sem1),
      cv: cvOf(sds1),
      n: e.values.length,
    };
    const vars3 = e.values.map(burst3Variance);
    const sds3 = vars3.map(Math.sqrt);
    const sem3 = Math.sqrt(mean(vars3));
    burst3[id] = {
      sd: round(median(sds3)),
      sem: round(sem3),
      mdc: round(1.96 * Math.SQRT2 * sem3),
      cv: cvOf(sds3),
      n: e.values.length,
    };
  }
  return { single, burst3 };
}

function printBands(title: string, units: Units): void {
  const { single, burst3 } = bandsOf(units);

  const differentFace: number[] = [];
  for (const a of baseShots) {
    for (const b of baseShots) {
      if (a === b) continue;
      const d = stableShapeDistance(a.landmarks, b.landmarks).distance;
      if (personOf(a.image) === personOf(b.image)) {
        console.log(
          `  same person, two frames: ${a.image} vs ${b.image}: ${d.toFixed(4)} (counted as same face)`,
        );
        sameFace.push(d);
        continue;
      }
      if (d < 0.12) console.log(`  close different faces: ${a.image} vs ${b.image}: ${d.toFixed(4)}`);
      differentFace.push(d);
    }
  }
  const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
  const q = (xs: readonly number[], f: number): number =>
    sorted(xs)[Math.min(xs.length - 1, Math.floor(f * xs.length))] ?? NaN;
  const shape = {
    sameFace: {
      median: round(median(sameFace), 5),
      q1: round(q(sameFace, 0.25), 5),
      q3: round(q(sameFace, 0.75), 5),
      /** Tukey's far-out fence Q3 + 3·IQR: above it a distance is not the same-face scatter. */
      fence: round(q(sameFace, 0.75) + 3 * (q(sameFace, 0.75) - q(sameFace, 0.25)), 5),
      p95: round(q(sameFace, 0.95), 5),
      max: round(Math.max(...sameFace), 5),
      n: sameFace.length,
    },
    differentFace: {
      min: round(Math.min(...differentFace), 5),
      median: round(median(differentFace), 5),
      n: differentFace.length,
    },
  };
  console.log(
    `\nstable-landmark shape distance (3-D Procrustes, fraction of centroid size): same face (base vs other shots) median ${shape.sameFace.median}, Q1 ${shape.sameFace.q1}, Q3 ${shape.sameFace.q3}, fence Q3+3·IQR ${shape.sameFace.fence}, p95 ${shape.sameFace.p95}, max ${shape.sameFace.max} (n ${shape.sameFace.n}); different faces (base shots, ordered pairs) min ${shape.differentFace.min}, median ${shape.differentFace.median} (n ${shape.differentFace.n})`,
  );
  console.log(
    `  same-face sorted: ${sorted(sameFace)
      .map((x) => x.toFixed(4))
      .join(' ')}`,
  );
  console.log(
    `  different-face sorted: ${sorted(differentFace)
      .map((x) => x.toFixed(4))
      .join(' ')}`,
  );
  console.log(`\n${title}\n`);
  console.log(
    `${'metric'.padEnd(30)}${'unit'.padEnd(7)}${'n'.padEnd(4)}single: SD     SEM    MDC    CV      | burst3: SD     SEM    MDC`,
  );
  for (const id of METRIC_IDS) {
    const a = single[id];
    const b = burst3[id];
    const u = units.get(id)?.unit ?? '';
    if (!a || !b) {
      console.log(`${id.padEnd(30)}not measured on enough shots of at least two units`);
      continue;
    }
    const c = (x: number): string => x.toFixed(3).padEnd(7);
    console.log(
      `${id.padEnd(30)}${u.padEnd(7)}${String(a.n).padEnd(4)}        ${c(a.sd)}${c(a.sem)}${c(a.mdc)}${(a.cv === null ? '–' : `${(a.cv * 100).toFixed(1)}%`).padEnd(8)}|         ${c(b.sd)}${c(b.sem)}${c(b.mdc)}`,
    );
  }
}

const scaleCv = median(scaleCvs);
console.log(
  `${photos} photos × ${SHOTS} shots; scale (mm/px, resize-corrected) CV median ${(scaleCv * 100).toFixed(2)} %`,
);
for (const l of gateLog) console.log(`  ${l}`);
printBands('per metric (units = photo × side; SD = median unit SD, SEM pooled over units)', units);
const { single, burst3 } = bandsOf(units);

const differentFace: number[] = [];
for (const a of baseShots) {
  for (const b of baseShots) {
    if (a === b) continue;
    const d = stableShapeDistance(a.landmarks, b.landmarks).distance;
    if (personOf(a.image) === personOf(b.image)) {
      console.log(
        `  same person, two frames: ${a.image} vs ${b.image}: ${d.toFixed(4)} (counted as same face)`,
      );
      sameFace.push(d);
      continue;
    }
    if (d < 0.12) console.log(`  close different faces: ${a.image} vs ${b.image}: ${d.toFixed(4)}`);
    differentFace.push(d);
  }
}
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const q = (xs: readonly number[], f: number): number =>
  sorted(xs)[Math.min(xs.length - 1, Math.floor(f * xs.length))] ?? NaN;
const shape = {
  sameFace: {
    median: round(median(sameFace), 5),
    q1: round(q(sameFace, 0.25), 5),
    q3: round(q(sameFace, 0.75), 5),
    /** Tukey's far-out fence Q3 + 3·IQR: above it a distance is not the same-face scatter. */
    fence: round(q(sameFace, 0.75) + 3 * (q(sameFace, 0.75) - q(sameFace, 0.25)), 5),
    p95: round(q(sameFace, 0.95), 5),
    max: round(Math.max(...sameFace), 5),
    n: sameFace.length,
  },
  differentFace: {
    min: round(Math.min(...differentFace), 5),
    median: round(median(differentFace), 5),
    n: differentFace.length,
  },
};
console.log(
  `\nstable-landmark shape distance (3-D Procrustes, fraction of centroid size): same face (base vs other shots) median ${shape.sameFace.median}, Q1 ${shape.sameFace.q1}, Q3 ${shape.sameFace.q3}, fence Q3+3·IQR ${shape.sameFace.fence}, p95 ${shape.sameFace.p95}, max ${shape.sameFace.max} (n ${shape.sameFace.n}); different faces (base shots, ordered pairs) min ${shape.differentFace.min}, median ${shape.differentFace.median} (n ${shape.differentFace.n})`,
);
console.log(
  `  same-face sorted: ${sorted(sameFace)
    .map((x) => x.toFixed(4))
    .join(' ')}`,
);
console.log(
  `  different-face sorted: ${sorted(differentFace)
    .map((x) => x.toFixed(4))
    .join(' ')}`,
);

if (WRITE) {
  const measuredOn = new Date().toISOString().slice(0, 10);
  const set = {
    detector: detectorId,
    measured: `${measuredOn}: ${photos} single-face photos of ../shared/data/faces × ${SHOTS} shots (as is, rotated ±3°, scaled ×0.9/×1.1, brightness ×0.85/×1.15), view front; none is a clinical photo that passes the whole gate, so the bands are conservative; scale CV ${(scaleCv * 100).toFixed(2)} %`,
    method:
      'unit = photo × side; SEM = pooled within-unit SD √(Σ(nᵢ−1)sᵢ²/Σ(nᵢ−1)); MDC = 1.96·√2·SEM; sd = median unit SD; cv = median SD/|mean| (null for angles); burst3 = median of 3 shots, its variance by exhaustive bootstrap (7³ ordered triples with replacement); packages/vision/eval/bands.ts',
    singleShot: single,
    burst3,
  };
  const text = `// Generated by \`npm run eval:bands -- --write\` (packages/vision/eval/bands.ts). Do not edit by hand.
import type { MetricBandSet } from './bands.js';

export const METRIC_BANDS: MetricBandSet = ${JSON.stringify(set, null, 2)};
`;
  writeFileSync(OUT, text);
  console.log(`\nwrote ${OUT}`);
  const shapeText = `// Generated by \`npm run eval:bands -- --write\` (packages/vision/eval/bands.ts). Do not edit by hand.
export const FACE_CONSISTENCY_DATA = ${JSON.stringify({ detector: detectorId, measured: `${measuredOn}: stable-landmark 3-D Procrustes distance, ${photos} photos × ${SHOTS} shots (same face: base vs the other shots; different faces: base shots of different photos)`, ...shape }, null, 2)} as const;
`;
  writeFileSync(OUT_SHAPE, shapeText);
  console.log(`wrote ${OUT_SHAPE}`);
}
