/**
 * Landmark evaluation on the team's shared face set (`../shared/data/faces`, outside the repo):
 *   1. 68-point NME (mean point error / outer-eye-corner distance, as in 300-W), human-annotated and
 *      dlib-labelled faces reported separately; faces found / missed; per-image errors.
 *   2. Pose consistency under mirroring and ±20° rotation.
 *   3. Repeatability: per-metric coefficient of variation under small perturbations (±3° rotation,
 *      ±10 % scale, ±15 % brightness).
 * Honest numbers: nothing here is tuned to these images; the detector runs with the product's settings
 * except maxDetected (20, so group photos can be scored). Exits non-zero when the shared set is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { measureView, type LandmarkSet } from '@liftplan/domain';
import { decodeImage } from '../src/decode.js';
import { FaceDetector, type FaceDetection } from '../src/detector.js';
import { DEFAULT_TUNING } from '../src/human-adapter.js';
import { poseFromHuman } from '../src/pose.js';
import { INNER_68, JAW_68, MESH_TO_68, OUTER_EYE_CORNERS_68 } from './mesh68.js';

const FACES_DIR =
  process.env.LIFTPLAN_FACES_DIR ??
  path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'faces');
const MANIFEST = path.join(FACES_DIR, 'manifest.json');
if (!existsSync(MANIFEST)) {
  console.error(
    `eval:landmarks: the shared face set is not here (${MANIFEST} is missing).\n` +
      'It lives outside the repository in ../shared/data/faces (research-only images that must not ship);\n' +
      'set LIFTPLAN_FACES_DIR to its folder to run the evaluation elsewhere.',
  );
  process.exit(2);
}

const Pt = z.tuple([z.number(), z.number()]);
const Manifest = z.array(
  z.object({
    image: z.string(),
    dataset: z.string(),
    groundTruth: z.enum(['human', 'dlib-model', 'none']),
    license: z.string(),
    faces: z.array(z.array(Pt).length(68)),
  }),
);
type Entry = z.infer<typeof Manifest>[number];
const manifest = Manifest.parse(JSON.parse(readFileSync(MANIFEST, 'utf8')));

type P2 = readonly [number, number];
const dist = (a: P2, b: P2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const median = (xs: readonly number[]): number => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
const pad = (s: string, n: number): string => s.padEnd(n);

const detector = await FaceDetector.create({ tuning: { ...DEFAULT_TUNING, maxDetected: 20 } });
console.log(`detector: ${detector.id} (${detector.version}); faces from ${FACES_DIR}\n`);

function to68(face: FaceDetection): P2[] {
  return MESH_TO_68.map((i) => {
    const p = face.mesh[i];
    return p ? ([p[0], p[1]] as const) : ([NaN, NaN] as const);
  });
}

/** The detected face for an annotated one: its box holds the annotation's centroid; nearest centre wins. */
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

interface FaceScore {
  image: string;
  gt: Entry['groundTruth'];
  face: number;
  iodPx: number;
  found: boolean;
  nme: number;
  inner: number;
  jaw: number;
}

// ---- 1. NME ----
const scores: FaceScore[] = [];
for (const entry of manifest.filter((e) => e.faces.length > 0)) {
  const img = await decodeImage(readFileSync(path.join(FACES_DIR, entry.image)));
  const { faces } = await detector.locate(img);
  entry.faces.forEach((gt, k) => {
    const [a, b] = OUTER_EYE_CORNERS_68;
    const iod = dist(gt[a] ?? [0, 0], gt[b] ?? [0, 0]);
    const f = match(gt, faces);
    if (!f) {
      scores.push({
        image: entry.image,
        gt: entry.groundTruth,
        face: k,
        iodPx: iod,
        found: false,
        nme: NaN,
        inner: NaN,
        jaw: NaN,
      });
      return;
    }
    const pred = to68(f);
    const err = gt.map((g, i) => dist(g, pred[i] ?? [NaN, NaN]) / iod);
    const sub = (idx: readonly number[]) => mean(idx.map((i) => err[i] ?? NaN));
    scores.push({
      image: entry.image,
      gt: entry.groundTruth,
      face: k,
      iodPx: iod,
      found: true,
      nme: mean(err),
      inner: sub(INNER_68),
      jaw: sub(JAW_68),
    });
  });
}

console.log('1. 68-point NME (normalised by the outer-eye-corner distance, points 36–45)\n');
console.log(
  `${pad('image', 47)}${pad('truth', 8)}${pad('face', 6)}${pad('IOD px', 8)}${pad('NME', 8)}${pad('inner51', 9)}jaw17`,
);
for (const s of scores) {
  console.log(
    `${pad(s.image, 47)}${pad(s.gt === 'human' ? 'human' : 'dlib', 8)}${pad(String(s.face), 6)}${pad(f1(s.iodPx), 8)}${pad(s.found ? pct(s.nme) : 'MISSED', 8)}${pad(pct(s.inner), 9)}${pct(s.jaw)}`,
  );
}
console.log('\nsummary');
for (const gt of ['human', 'dlib-model'] as const) {
  const g = scores.filter((s) => s.gt === gt);
  const found = g.filter((s) => s.found);
  console.log(
    `  ${pad(gt === 'human' ? 'human-annotated' : 'dlib-labelled (agreement, not truth)', 40)} found ${found.length}/${g.length}` +
      `  NME median ${pct(median(found.map((s) => s.nme)))}, mean ${pct(mean(found.map((s) => s.nme)))}` +
      `  inner-51 median ${pct(median(found.map((s) => s.inner)))}  jaw-17 median ${pct(median(found.map((s) => s.jaw)))}`,
  );
}

// ---- Variants of a photo, with where a point of the original lands in them ----
interface Variant {
  readonly name: string;
  readonly bytes: Buffer;
  readonly map: (p: P2) => P2;
}

/** sharp's rotate(θ) turns clockwise about the centre and grows the canvas to fit. */
async function rotated(upright: Buffer, w: number, h: number, deg: number, name: string): Promise<Variant> {
  const { data, info } = await sharp(upright).rotate(deg).png().toBuffer({ resolveWithObject: true });
  const t = (deg * Math.PI) / 180;
  return {
    name,
    bytes: data,
    map: ([x, y]) => {
      const dx = x - w / 2;
      const dy = y - h / 2;
      return [
        info.width / 2 + dx * Math.cos(t) - dy * Math.sin(t),
        info.height / 2 + dx * Math.sin(t) + dy * Math.cos(t),
      ];
    },
  };
}

async function uprightOf(entry: Entry): Promise<{ upright: Buffer; w: number; h: number }> {
  const { data, info } = await sharp(readFileSync(path.join(FACES_DIR, entry.image)))
    .rotate()
    .png()
    .toBuffer({ resolveWithObject: true });
  return { upright: data, w: info.width, h: info.height };
}

/** The detected face matching the (first) annotated face, moved into the variant; or the largest face. */
async function faceIn(v: Variant, gt: readonly P2[] | undefined): Promise<FaceDetection | undefined> {
  const { faces } = await detector.locate(await decodeImage(v.bytes));
  return gt ? match(gt.map(v.map), faces) : faces[0];
}

function landmarksOf(f: FaceDetection): LandmarkSet {
  return {
    mesh: [...f.mesh],
    ...(f.iris ? { iris: [...f.iris] } : {}),
    pose: poseFromHuman(f.angles),
    detector: { id: detector.id, version: detector.version },
    corrected: false,
  };
}

// ---- 2. Pose consistency ----
const single = manifest.filter((e) => e.faces.length === 1 || e.groundTruth === 'none');
interface PoseRow {
  image: string;
  yaw: number;
  mirrorYawSum: number;
  mirrorPitchDiff: number;
  mirrorRollSum: number;
  rollPlus20: number;
  rollMinus20: number;
}
const poseRows: PoseRow[] = [];
for (const entry of single) {
  const gt = entry.faces[0];
  const { upright, w, h } = await uprightOf(entry);
  const base: Variant = { name: 'base', bytes: upright, map: (p) => p };
  const mirror: Variant = {
    name: 'mirror',
    bytes: await sharp(upright).flop().png().toBuffer(),
    map: ([x, y]) => [w - 1 - x, y],
  };
  const poses = [];
  for (const v of [
    base,
    mirror,
    await rotated(upright, w, h, 20, 'rot+20'),
    await rotated(upright, w, h, -20, 'rot-20'),
  ]) {
    const f = await faceIn(v, gt);
    poses.push(f ? poseFromHuman(f.angles) : undefined);
  }
  const [b, m, cw, ccw] = poses;
  if (!b || !m || !cw || !ccw) {
    console.log(`  pose: ${entry.image}: the annotated face was not found in every variant; skipped`);
    continue;
  }
  poseRows.push({
    image: entry.image,
    yaw: b.yawDeg,
    mirrorYawSum: Math.abs(b.yawDeg + m.yawDeg),
    mirrorPitchDiff: Math.abs(b.pitchDeg - m.pitchDeg),
    mirrorRollSum: Math.abs(b.rollDeg + m.rollDeg),
    rollPlus20: cw.rollDeg - b.rollDeg,
    rollMinus20: ccw.rollDeg - b.rollDeg,
  });
}
console.log(
  `\n2. Pose consistency (${poseRows.length} single-face images; degrees; the annotated face, found in each variant)\n`,
);
console.log(
  `${pad('image', 46)}${pad('yaw', 8)}${pad("|y+y'|", 9)}${pad("|p-p'|", 9)}${pad("|r+r'|", 9)}${pad('Δroll+20', 10)}Δroll−20`,
);
for (const r of poseRows) {
  console.log(
    `${pad(r.image, 46)}${pad(f1(r.yaw), 8)}${pad(f1(r.mirrorYawSum), 9)}${pad(f1(r.mirrorPitchDiff), 9)}${pad(f1(r.mirrorRollSum), 9)}${pad(f1(r.rollPlus20), 10)}${f1(r.rollMinus20)}`,
  );
}
console.log(
  `  median: mirror |yaw+yaw'| ${f1(median(poseRows.map((r) => r.mirrorYawSum)))}°, |pitch−pitch'| ${f1(median(poseRows.map((r) => r.mirrorPitchDiff)))}°, |roll+roll'| ${f1(median(poseRows.map((r) => r.mirrorRollSum)))}°; image rotated +20° -> roll ${f1(median(poseRows.map((r) => r.rollPlus20)))}°, −20° -> ${f1(median(poseRows.map((r) => r.rollMinus20)))}°`,
);

// ---- 3. Repeatability ----
const perMetric = new Map<string, { unit: string; cvs: number[]; sds: number[] }>();
let repeatImages = 0;
const VARIANT_NAMES = ['base', 'rot+3', 'rot-3', 'scale0.9', 'scale1.1', 'bright0.85', 'bright1.15'];
for (const entry of single) {
  const gt = entry.faces[0];
  const { upright, w, h } = await uprightOf(entry);
  const scaled = async (k: number, name: string): Promise<Variant> => ({
    name,
    bytes: await sharp(upright)
      .resize(Math.round(w * k))
      .png()
      .toBuffer(),
    map: ([x, y]) => [x * (Math.round(w * k) / w), y * (Math.round(w * k) / w)],
  });
  const bright = async (k: number, name: string): Promise<Variant> => ({
    name,
    bytes: await sharp(upright).modulate({ brightness: k }).png().toBuffer(),
    map: (p) => p,
  });
  const variants = [
    { name: 'base', bytes: upright, map: (p: P2) => p },
    await rotated(upright, w, h, 3, 'rot+3'),
    await rotated(upright, w, h, -3, 'rot-3'),
    await scaled(0.9, 'scale0.9'),
    await scaled(1.1, 'scale1.1'),
    await bright(0.85, 'bright0.85'),
    await bright(1.15, 'bright1.15'),
  ];
  const values = new Map<string, { unit: string; v: number[] }>();
  const missing: string[] = [];
  for (const v of variants) {
    const f = await faceIn(v, gt);
    if (!f) {
      missing.push(v.name);
      continue;
    }
    for (const m of measureView(landmarksOf(f), 'front').metrics) {
      if (m.status !== 'measured') continue;
      const key = `${m.id} (${m.side})`;
      const e = values.get(key) ?? { unit: m.unit, v: [] };
      e.v.push(m.value);
      values.set(key, e);
    }
  }
  if (missing.length) {
    console.log(`  repeatability: ${entry.image}: face not found in ${missing.join(', ')}; skipped`);
    continue;
  }
  repeatImages++;
  for (const [key, { unit, v }] of values) {
    if (v.length < variants.length) continue;
    const mu = mean(v);
    const sd = Math.sqrt(v.reduce((a, x) => a + (x - mu) ** 2, 0) / (v.length - 1));
    const e = perMetric.get(key) ?? { unit, cvs: [], sds: [] };
    e.cvs.push(sd / Math.abs(mu));
    e.sds.push(sd);
    perMetric.set(key, e);
  }
}
console.log(
  `\n3. Repeatability: ${VARIANT_NAMES.length} variants per photo (${VARIANT_NAMES.join(', ')}), ${repeatImages} photos, view "front"; median over photos\n`,
);
console.log(`${pad('metric', 42)}${pad('unit', 7)}${pad('CV', 9)}SD`);
for (const [key, e] of [...perMetric].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `${pad(key, 42)}${pad(e.unit, 7)}${pad(pct(median(e.cvs)), 9)}${median(e.sds).toFixed(2)} ${e.unit}`,
  );
}
console.log('\n(CV = SD / |mean|; for angles near 0° the CV is meaningless, read the SD.)');
