/**
 * Landmark evaluation on the team's shared face set (`../shared/data/faces`, outside the repo), the NEW
 * pipeline (Face Mesh V2: bundle detector, 2 passes + mirror) and the PREVIOUS one (Human 3.3.6 face mesh +
 * iris) side by side, in one run:
 *   1. faces found, wrong-subject count, 68-point NME median / mean, inner-51, jaw-17 (map A and arc-length
 *      jaw), jaw-contour perpendicular error (annotated jaw points 2–14 to the mesh's lower face oval);
 *   2. pose consistency under mirroring and ±20° rotation;
 *   3. repeatability under the 7 perturbations (±3° rotation, ±10 % scale, ±15 % brightness) and for the
 *      median of 3 shots: per metric SD, CV, SEM and MDC (= 1.96·√2·SEM), and the scale's own CV;
 *   4. absolute scale: iris diameter in px (V2 / Human), widths and inter-canthal distance in mm per face.
 * `--write-bands` writes the V2 repeatability as packages/domain/src/metrics/bands.data.ts.
 * Nothing here is tuned to these images. Exits 2 when the shared set is absent.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { measureView, PAIRED, type LandmarkSet, type MetricId } from '@liftplan/domain';
import { decodeImage, type DecodedImage } from '../src/decode.js';
import { FaceDetector } from '../src/detector.js';
import { FaceMeshV2Detector } from '../src/detector-v2.js';
import { DEFAULT_TUNING } from '../src/human-adapter.js';
import type { FaceDetection, LocateResult } from '../src/locate.js';
import { subjectOf } from '../src/postprocess.js';
import { AMBIGUOUS_FACE_WIDTH_FRACTION } from '../src/quality.js';
import { VIEW_YAW } from '../src/view.js';
import {
  distanceToPolyline,
  INNER_68,
  JAW_68,
  JAW_PERPENDICULAR_68,
  jaw68ByArcLength,
  lowerOval,
  MESH_TO_68,
  OUTER_EYE_CORNERS_68,
} from './mesh68.js';

const WRITE_BANDS = process.argv.includes('--write-bands');
/** `EVAL_DETAIL=jowl-depth` prints each photo's values of the metrics whose key starts with it. */
const DETAIL = process.env.EVAL_DETAIL;
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
const sdOf = (v: readonly number[]): number => {
  const mu = mean(v);
  return Math.sqrt(v.reduce((a, x) => a + (x - mu) ** 2, 0) / (v.length - 1));
};
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const pct2 = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : '–');
const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');
const pad = (s: string, n: number): string => s.padEnd(n);

// ---- The two pipelines ----
interface Pipeline {
  readonly name: string;
  readonly id: string;
  readonly version: string;
  /** Every face, each fully processed (NME on group photos). */
  all(img: DecodedImage): Promise<LocateResult>;
  /** The product's own settings (subject choice, ambiguity). */
  product(img: DecodedImage): Promise<LocateResult>;
}

const v2Product = await FaceMeshV2Detector.create();
// Group photos: search tiles down to faces a tenth of the largest, so small faces can be scored.
const v2All = await FaceMeshV2Detector.create({ minOtherFaceFraction: 0.1 });
const pipelines: Pipeline[] = [
  {
    name: 'new: Face Mesh V2',
    id: v2Product.id,
    version: v2Product.version,
    all: (img) => v2All.locate(img, { refineAll: true }),
    product: (img) => v2Product.locate(img),
  },
];
try {
  const humanAll = await FaceDetector.create({ tuning: { ...DEFAULT_TUNING, maxDetected: 20 } });
  const human = await FaceDetector.create();
  pipelines.push({
    name: 'old: Human',
    id: human.id,
    version: human.version,
    all: (img) => humanAll.locate(img),
    product: (img) => human.locate(img),
  });
} catch (e) {
  console.log(`(previous pipeline not available: ${e instanceof Error ? e.message : String(e)})`);
}
for (const p of pipelines) console.log(`${p.name}: ${p.id} (${p.version})`);
console.log(`faces from ${FACES_DIR}\n`);

function to68(face: FaceDetection, jaw: 'mapA' | 'arc'): P2[] {
  const pts = MESH_TO_68.map((i): P2 => {
    const p = face.mesh[i];
    return p ? [p[0], p[1]] : [NaN, NaN];
  });
  if (jaw === 'arc') jaw68ByArcLength(face.mesh).forEach((p, k) => (pts[k] = p));
  return pts;
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
  found: boolean;
  nme: number;
  nmeArc: number;
  inner: number;
  jaw: number;
  jawArc: number;
  jawPerp: number;
}

const iodOf = (gt: readonly P2[]): number =>
  dist(gt[OUTER_EYE_CORNERS_68[0]] ?? [0, 0], gt[OUTER_EYE_CORNERS_68[1]] ?? [0, 0]);

function score(entry: Entry, gt: readonly P2[], f: FaceDetection | undefined): FaceScore {
  const iod = iodOf(gt);
  const base = { image: entry.image, gt: entry.groundTruth };
  if (!f) {
    return { ...base, found: false, nme: NaN, nmeArc: NaN, inner: NaN, jaw: NaN, jawArc: NaN, jawPerp: NaN };
  }
  const errs = (pred: readonly P2[]): number[] => gt.map((g, i) => dist(g, pred[i] ?? [NaN, NaN]) / iod);
  const a = errs(to68(f, 'mapA'));
  const b = errs(to68(f, 'arc'));
  const sub = (e: readonly number[], idx: readonly number[]): number => mean(idx.map((i) => e[i] ?? NaN));
  const oval = lowerOval().map((i): P2 => [f.mesh[i]?.[0] ?? NaN, f.mesh[i]?.[1] ?? NaN]);
  const perp = mean(JAW_PERPENDICULAR_68.map((i) => distanceToPolyline(gt[i] ?? [0, 0], oval) / iod));
  return {
    ...base,
    found: true,
    nme: mean(a),
    nmeArc: mean(b),
    inner: sub(a, INNER_68),
    jaw: sub(a, JAW_68),
    jawArc: sub(b, JAW_68),
    jawPerp: perp,
  };
}

const annotated = manifest.filter((e) => e.faces.length > 0);
const decoded = new Map<string, DecodedImage>();
for (const e of manifest) {
  decoded.set(e.image, await decodeImage(readFileSync(path.join(FACES_DIR, e.image))));
}

// ---- 1. Accuracy ----
console.log('1. Accuracy: 68-point NME (normalised by the outer-eye-corner distance, points 36–45)\n');
const summary: string[] = [];
for (const p of pipelines) {
  const scores: FaceScore[] = [];
  let wrong = 0;
  let refused = 0;
  let right = 0;
  for (const entry of annotated) {
    const img = decoded.get(entry.image);
    if (!img) continue;
    const { faces } = await p.all(img);
    for (const gt of entry.faces) scores.push(score(entry, gt, match(gt, faces)));
    // Subject choice with the product's settings: the largest annotated face is the one meant.
    const largest = [...entry.faces].sort((a, b) => iodOf(b) - iodOf(a))[0];
    const located = await p.product(img);
    try {
      const subject = subjectOf(located);
      const hit = largest ? match(largest, [subject]) : undefined;
      const others = entry.faces.filter((g) => g !== largest);
      const ambiguousTruth = others.some(
        (g) => largest && iodOf(g) >= AMBIGUOUS_FACE_WIDTH_FRACTION * iodOf(largest),
      );
      if (!hit || ambiguousTruth) wrong++;
      else right++;
    } catch {
      refused++;
    }
  }
  console.log(`  ${p.name}`);
  console.log(
    `  ${pad('image', 47)}${pad('truth', 7)}${pad('NME', 8)}${pad('NME(arc)', 9)}${pad('inner51', 9)}${pad('jaw17', 8)}${pad('jaw(arc)', 9)}jaw⟂`,
  );
  for (const s of scores.filter((x) => x.gt === 'human')) {
    console.log(
      `  ${pad(s.image, 47)}${pad('human', 7)}${pad(s.found ? pct(s.nme) : 'MISSED', 8)}${pad(pct(s.nmeArc), 9)}${pad(pct(s.inner), 9)}${pad(pct(s.jaw), 8)}${pad(pct(s.jawArc), 9)}${pct(s.jawPerp)}`,
    );
  }
  for (const gt of ['human', 'dlib-model'] as const) {
    const g = scores.filter((s) => s.gt === gt);
    const found = g.filter((s) => s.found);
    summary.push(
      `  ${pad(p.name, 20)}${pad(gt === 'human' ? 'human' : 'dlib', 7)}${pad(`${found.length}/${g.length}`, 8)}` +
        `${pad(pct(median(found.map((s) => s.nme))), 8)}${pad(pct(mean(found.map((s) => s.nme))), 8)}` +
        `${pad(pct(median(found.map((s) => s.nmeArc))), 9)}${pad(pct(median(found.map((s) => s.inner))), 9)}` +
        `${pad(pct(median(found.map((s) => s.jaw))), 8)}${pad(pct(median(found.map((s) => s.jawArc))), 9)}` +
        `${pad(pct(median(found.map((s) => s.jawPerp))), 8)}${gt === 'human' ? `wrong ${wrong}, refused ${refused}, right ${right}` : ''}`,
    );
  }
  console.log('');
}
console.log(
  `  ${pad('pipeline', 20)}${pad('truth', 7)}${pad('found', 8)}${pad('NME med', 8)}${pad('mean', 8)}${pad('arc med', 9)}${pad('inner51', 9)}${pad('jaw17', 8)}${pad('jaw arc', 9)}${pad('jaw⟂', 8)}subject (all images)`,
);
for (const l of summary) console.log(l);
console.log(
  '\n  NME: map A jaw; "arc": the 17 jaw points by arc length along the lower face oval (eval/mesh68.ts).\n' +
    '  jaw⟂: mean distance of annotated jaw points 2–14 to the mesh lower face oval (162 → 152 → 389), / IOD.\n' +
    '  subject: with the product settings, is the measured face the largest annotated one? "wrong" also counts a\n' +
    '  photo measured silently although a second annotated face is ≥ 0.4 of the largest (AMBIGUOUS_FACE_WIDTH_FRACTION); "refused" = ambiguous-subject.',
);

// ---- Variants of a photo, with where a point of the original lands in them ----
interface Variant {
  readonly name: string;
  readonly bytes: Buffer;
  readonly map: (p: P2) => P2;
  /** Variant pixels per original pixel (the scale variants). */
  readonly pxScale: number;
}

/** sharp's rotate(θ) turns clockwise about the centre and grows the canvas to fit. */
async function rotated(upright: Buffer, w: number, h: number, deg: number, name: string): Promise<Variant> {
  const { data, info } = await sharp(upright).rotate(deg).png().toBuffer({ resolveWithObject: true });
  const t = (deg * Math.PI) / 180;
  return {
    name,
    bytes: data,
    pxScale: 1,
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

async function faceIn(
  p: Pipeline,
  v: Variant,
  gt: readonly P2[] | undefined,
): Promise<FaceDetection | undefined> {
  const located = await p.product(await decodeImage(v.bytes));
  if (!gt) return located.faces[0];
  // The annotated face, refined: ask for it by index when it is not the largest.
  const hit = match(gt.map(v.map), located.faces);
  return hit;
}

function landmarksOf(p: Pipeline, f: FaceDetection): LandmarkSet {
  return {
    mesh: [...f.mesh],
    ...(f.iris ? { iris: [...f.iris] } : {}),
    pose: f.pose,
    detector: { id: p.id, version: p.version },
    corrected: false,
  };
}

const single = manifest.filter((e) => e.faces.length === 1 || e.groundTruth === 'none');

// ---- 2. Pose consistency ----
console.log(`\n2. Pose consistency (${single.length} single-face images; degrees; medians)\n`);
for (const p of pipelines) {
  const rows: number[][] = [];
  for (const entry of single) {
    const gt = entry.faces[0];
    const { upright, w, h } = await uprightOf(entry);
    const variants: Variant[] = [
      { name: 'base', bytes: upright, map: (q) => q, pxScale: 1 },
      {
        name: 'mirror',
        bytes: await sharp(upright).flop().png().toBuffer(),
        map: ([x, y]) => [w - 1 - x, y],
        pxScale: 1,
      },
      await rotated(upright, w, h, 20, 'rot+20'),
      await rotated(upright, w, h, -20, 'rot-20'),
    ];
    const poses = [];
    for (const v of variants) poses.push((await faceIn(p, v, gt))?.pose);
    const [b, m, cw, ccw] = poses;
    if (!b || !m || !cw || !ccw) continue;
    rows.push([
      Math.abs(b.yawDeg + m.yawDeg),
      Math.abs(b.pitchDeg - m.pitchDeg),
      Math.abs(b.rollDeg + m.rollDeg),
      cw.rollDeg - b.rollDeg,
      ccw.rollDeg - b.rollDeg,
    ]);
  }
  const col = (k: number): number => median(rows.map((r) => r[k] ?? NaN));
  console.log(
    `  ${pad(p.name, 20)} (${rows.length} images) mirror |yaw+yaw'| ${f1(col(0))}°, |pitch−pitch'| ${f1(col(1))}°, |roll+roll'| ${f1(col(2))}°; image +20° -> Δroll ${f1(col(3))}°, −20° -> ${f1(col(4))}°`,
  );
}

// ---- 3. Repeatability, 4. absolute scale ----
const VARIANT_NAMES = ['base', 'rot+3', 'rot-3', 'scale0.9', 'scale1.1', 'bright0.85', 'bright1.15'];
interface Shot {
  values: Map<string, { id: MetricId; unit: string; v: number }>;
  mmPerOrigPx: number;
  yawDeg: number;
}
/** All 3-shot subsets of the 7 variants. */
const TRIPLES: number[][] = [];
for (let a = 0; a < 7; a++) {
  for (let b = a + 1; b < 7; b++) for (let c = b + 1; c < 7; c++) TRIPLES.push([a, b, c]);
}

interface Rep {
  sdSingle: number[];
  sdBurst: number[];
  cv: number[];
  unit: string;
  id: MetricId;
  n: number;
}
interface RepSet {
  single: Map<string, Rep>;
  scaleCv: number[];
  photos: number;
}
/** Per pipeline: every single-face photo, and those within the front view's pose gate (what bands describe). */
const bands = new Map<string, { all: RepSet; gate: RepSet }>();
/** Photos whose base shot the gate does not fail for the front view: |yaw| within its warn limit. */
const withinFrontGate = (yawDeg: number): boolean =>
  Math.abs(yawDeg - VIEW_YAW.front.targetDeg) <= VIEW_YAW.front.warnDeg;

console.log(
  `\n3. Repeatability: ${VARIANT_NAMES.length} variants per photo (${VARIANT_NAMES.join(', ')}), view "front"; SD pooled over photos (√ mean within-photo variance); SEM = that within-face SD; MDC = 1.96·√2·SEM; burst3 = the median of 3 shots (all 35 triples of the 7 variants)\n`,
);
const absRows: string[] = [];
for (const p of pipelines) {
  const sets: { all: RepSet; gate: RepSet } = {
    all: { single: new Map(), scaleCv: [], photos: 0 },
    gate: { single: new Map(), scaleCv: [], photos: 0 },
  };
  const yaws: string[] = [];
  for (const entry of single) {
    const gt = entry.faces[0];
    const { upright, w, h } = await uprightOf(entry);
    const scaled = async (k: number, name: string): Promise<Variant> => {
      const nw = Math.round(w * k);
      return {
        name,
        bytes: await sharp(upright).resize(nw).png().toBuffer(),
        map: ([x, y]) => [x * (nw / w), y * (nw / w)],
        pxScale: nw / w,
      };
    };
    const bright = async (k: number, name: string): Promise<Variant> => ({
      name,
      bytes: await sharp(upright).modulate({ brightness: k }).png().toBuffer(),
      map: (q) => q,
      pxScale: 1,
    });
    const variants = [
      { name: 'base', bytes: upright, map: (q: P2) => q, pxScale: 1 },
      await rotated(upright, w, h, 3, 'rot+3'),
      await rotated(upright, w, h, -3, 'rot-3'),
      await scaled(0.9, 'scale0.9'),
      await scaled(1.1, 'scale1.1'),
      await bright(0.85, 'bright0.85'),
      await bright(1.15, 'bright1.15'),
    ];
    const shots: Shot[] = [];
    for (const v of variants) {
      const f = await faceIn(p, v, gt);
      if (!f) break;
      const lm = landmarksOf(p, f);
      const m = measureView(lm, 'front');
      const values = new Map<string, { id: MetricId; unit: string; v: number }>();
      for (const r of m.metrics) {
        if (r.status === 'measured') {
          values.set(`${r.id} (${r.side})`, { id: r.id, unit: r.unit, v: r.value });
        }
      }
      shots.push({ values, mmPerOrigPx: m.calibration.mmPerPx * v.pxScale, yawDeg: f.pose.yawDeg });
      if (v.name === 'base') {
        const irisD = (side: 'right' | 'left'): number => {
          const c = side === 'right' ? 0 : 5;
          const q = lm.iris ?? [];
          const a = q[c + 1];
          const b = q[c + 3];
          return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : NaN;
        };
        const ic = (): number => {
          const a = lm.mesh[PAIRED.innerCanthus.right];
          const b = lm.mesh[PAIRED.innerCanthus.left];
          return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : NaN;
        };
        const val = (id: string): number => values.get(`${id} (bilateral)`)?.v ?? NaN;
        absRows.push(
          `  ${pad(p.name, 20)}${pad(entry.image, 46)}${pad(f2((irisD('right') + irisD('left')) / 2), 9)}${pad(f2(m.calibration.mmPerPx), 8)}${pad(f1(ic() * m.calibration.mmPerPx), 9)}${pad(f1(val('bizygomatic-width')), 9)}${f1(val('bigonial-width'))}  [${m.calibration.method}]`,
        );
      }
    }
    if (shots.length < variants.length) {
      console.log(`  ${p.name}: ${entry.image}: the face was not found in every variant; skipped`);
      continue;
    }
    const baseYaw = shots[0]?.yawDeg ?? NaN;
    const inGate = withinFrontGate(baseYaw);
    yaws.push(`${path.basename(entry.image)} ${f1(baseYaw)}°${inGate ? '' : ' (outside)'}`);
    for (const set of inGate ? [sets.all, sets.gate] : [sets.all]) {
      const { single: perMetric, scaleCv } = set;
      set.photos++;
      const scales = shots.map((s) => s.mmPerOrigPx);
      scaleCv.push(sdOf(scales) / mean(scales));
      const keys = new Set(shots.flatMap((s) => [...s.values.keys()]));
      for (const key of keys) {
        const vals = shots.map((s) => s.values.get(key)?.v);
        if (vals.some((x) => x === undefined)) continue;
        const v = vals as number[];
        const first = shots[0]?.values.get(key);
        if (!first) continue;
        const burst = TRIPLES.map((t) => median(t.map((i) => v[i] ?? NaN)));
        const e = perMetric.get(key) ?? {
          sdSingle: [],
          sdBurst: [],
          cv: [],
          unit: first.unit,
          id: first.id,
          n: 0,
        };
        const sd = sdOf(v);
        if (DETAIL !== undefined && key.startsWith(DETAIL)) {
          console.log(`    ${p.name} ${entry.image} ${key}: SD ${f2(sd)} over ${v.map(f2).join(' ')}`);
        }
        e.sdSingle.push(sd);
        e.sdBurst.push(sdOf(burst));
        e.cv.push(sd / Math.abs(mean(v)));
        e.n += v.length;
        perMetric.set(key, e);
      }
    }
  }
  bands.set(p.name, sets);
  console.log(`  ${p.name}: base-shot yaw ${yaws.join(', ')}`);
  printReps(`${p.name}, every photo`, sets.all);
  printReps(
    `${p.name}, photos within the front-view gate (|yaw| ≤ ${VIEW_YAW.front.warnDeg}°: what the error bands describe)`,
    sets.gate,
  );
}

function printReps(title: string, set: RepSet): void {
  const pooled = (sds: readonly number[]): number => Math.sqrt(mean(sds.map((s) => s * s)));
  console.log(
    `\n  ${title} (${set.photos} photos): scale CV median ${pct2(median(set.scaleCv))}, mean ${pct2(mean(set.scaleCv))}`,
  );
  console.log(
    `  ${pad('metric', 40)}${pad('unit', 6)}${pad('SD', 8)}${pad('CV', 8)}${pad('SEM', 8)}${pad('MDC', 8)}${pad('SD burst3', 10)}MDC burst3`,
  );
  for (const [key, e] of [...set.single].sort(([a], [b]) => a.localeCompare(b))) {
    const sd = pooled(e.sdSingle);
    const sdb = pooled(e.sdBurst);
    console.log(
      `  ${pad(key, 40)}${pad(e.unit, 6)}${pad(f2(sd), 8)}${pad(e.unit === 'mm' ? pct(median(e.cv)) : '–', 8)}${pad(f2(sd), 8)}${pad(f2(1.96 * Math.SQRT2 * sd), 8)}${pad(f2(sdb), 10)}${f2(1.96 * Math.SQRT2 * sdb)}`,
    );
  }
  console.log('');
}

console.log(
  '4. Absolute scale on the base photos (iris diameter = medial–lateral contour points, px; mm from the product calibration)\n',
);
console.log(
  `  ${pad('pipeline', 20)}${pad('image', 46)}${pad('iris px', 9)}${pad('mm/px', 8)}${pad('ICD mm', 9)}${pad('bizyg', 9)}bigonial`,
);
for (const r of absRows) console.log(r);

// ---- --write-bands ----
if (WRITE_BANDS) {
  const v2 = bands.get('new: Face Mesh V2');
  if (!v2) throw new Error('no V2 repeatability measured');
  const pooled = (sds: readonly number[]): number => Math.sqrt(mean(sds.map((s) => s * s)));
  const byId = (which: 'sdSingle' | 'sdBurst'): Record<string, unknown> => {
    const ids = new Map<MetricId, Rep[]>();
    for (const e of v2.gate.single.values()) ids.set(e.id, [...(ids.get(e.id) ?? []), e]);
    const out: Record<string, unknown> = {};
    for (const [id, reps] of [...ids].sort(([a], [b]) => a.localeCompare(b))) {
      const sd = pooled(reps.flatMap((r) => r[which]));
      const cvs = reps.flatMap((r) => r.cv);
      const unit = reps[0]?.unit;
      const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
      out[id] = {
        sd: r4(sd),
        sem: r4(sd),
        mdc: r4(1.96 * Math.SQRT2 * sd),
        cv:
          unit === 'mm'
            ? r4(
                which === 'sdSingle'
                  ? median(cvs)
                  : median(cvs) * (sd / (pooled(reps.flatMap((r) => r.sdSingle)) || 1)),
              )
            : null,
        n: reps.reduce((a, r) => a + r.n, 0),
      };
    }
    return out;
  };
  const file = path.resolve(import.meta.dirname, '..', '..', 'domain', 'src', 'metrics', 'bands.data.ts');
  const body = {
    detector: `${v2Product.id} (${v2Product.version})`,
    measured: `${new Date().toISOString().slice(0, 10)}, ${v2.gate.photos} single-face photos of shared/data/faces within the front-view gate (|yaw| ≤ ${VIEW_YAW.front.warnDeg}°)`,
    method:
      'each photo within the front-view pose gate in 7 variants (as is, rotated ±3°, scaled ×0.9/×1.1, brightness ×0.85/×1.15), view front; ' +
      'SD = √(mean within-photo variance) pooled over photos and sides; SEM = that within-face SD; MDC = 1.96·√2·SEM; ' +
      'burst3 = SD of the median of 3 shots over all 35 triples of the 7 variants; cv = median within-photo SD/|mean| (mm metrics only)',
    singleShot: byId('sdSingle'),
    burst3: byId('sdBurst'),
  };
  writeFileSync(
    file,
    `// GENERATED by \`npm run eval:landmarks -- --write-bands\` (packages/vision/eval/landmarks.ts). Do not edit.\n` +
      `import type { MetricBandSet } from './bands.js';\n\n` +
      `export const METRIC_BANDS: MetricBandSet = ${JSON.stringify(body, null, 2)};\n`,
  );
  console.log(`\nwrote ${file}`);
}
