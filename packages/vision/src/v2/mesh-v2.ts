/**
 * The Face Mesh V2 pipeline on one raster, shared by Node and the browser (pure apart from the models it is
 * given): the bundle's face detector over the whole raster (and over tiles when it finds nothing big enough),
 * a first landmark pass on each face's detector ROI, then for the subject a refine pass (a second crop from
 * the first pass's landmarks) and a mirrored pass averaged through the canonical mesh's left/right map, and
 * the expression scores. Coordinates out are the raster's continuous coordinates (pixel i spans [i, i+1)),
 * at full float precision (no rounding to pixels anywhere).
 */
import { MESH_MIRROR, type HeadPose, type Point3 } from '@liftplan/domain';
import type { PixelRaster, Rect } from '../raster.js';
import { BLENDSHAPE_INPUT_LANDMARKS, namedBlendshapes, type Blendshapes } from './blendshapes.js';
import { DETECTOR_INPUT, decodeDetections, weightedNms, type NormDetection } from './blazeface.js';
import type { FaceModels } from './models.js';
import { poseFromMesh } from './pose.js';
import { cropToRaster, warpCrop, type Roi } from './warp.js';

export const MESH_POINTS = 468;
/** The landmark model's input side and its point count (468 mesh + 10 iris). */
export const LANDMARK_INPUT = 256;
export const V2_POINTS = 478;
/** face_landmarker_graph.cc: the ROI is the face's box (or landmark extent) enlarged 1.5× (square). */
export const ROI_SCALE = 1.5;
/** The model's face-presence score (sigmoid of its second output) below which a "face" is rejected. */
export const MIN_FACE_PRESENCE = 0.5;
/** V2 eye corners that set the crop's rotation on the refine pass (subject's right, left outer canthus). */
const RIGHT_OUTER_CANTHUS = 33;
const LEFT_OUTER_CANTHUS = 263;
/** Detector keypoints that set the crop's rotation on the first pass (subject's right eye, left eye). */
const KP_RIGHT_EYE = 0;
const KP_LEFT_EYE = 1;
/** V2's two iris groups: centre then 4 contour points each (which eye is which is checked geometrically). */
const IRIS_GROUPS = [468, 473] as const;
/**
 * Tiles searched when the whole raster shows no face big enough: tile sides as fractions of the raster's long
 * side, overlapping by half. The short-range detector sees a tile at 128 px and finds faces from about 15 %
 * of its input (≈ 19 px) up, so each level reaches faces half the size of the one before.
 */
export const TILE_LEVELS = [0.5, 0.25] as const;
/** Smallest face the short-range detector finds reliably, as a fraction of its input side. */
export const DETECTOR_MIN_FACE_FRACTION = 0.15;
/** Overlapping detections (IoU above this) from different tiles are one face. */
const DEDUPE_IOU = 0.3;

export interface V2Options {
  /** Second landmark pass on a crop from the first pass's landmarks (default true). */
  readonly refine?: boolean;
  /** Mirrored pass averaged with the direct one (default true). */
  readonly mirror?: boolean;
  /**
   * Smallest other face that must be seen, as a fraction of the largest face's width: the tiled search goes
   * down until faces that small are within the detector's reach (locate.ts passes its ambiguity threshold).
   */
  readonly minOtherFaceFraction?: number;
}

/** One face from the V2 pipeline, in the raster's continuous coordinates. */
export interface V2Face {
  /** Extent of the 468 mesh points. */
  readonly box: Rect;
  /** The detector's score. */
  readonly score: number;
  /** Face presence from the landmark model (0–1). */
  readonly presence: number;
  readonly mesh: readonly Point3[];
  /** 10 iris points in the case file's order: right centre, medial, top, lateral, bottom; then left. */
  readonly iris: readonly Point3[];
  readonly pose: HeadPose;
  /** Expression scores (subject only). */
  readonly blendshapes?: Blendshapes;
  /** Which passes produced the points. */
  readonly passes: { readonly refine: boolean; readonly mirror: boolean };
}

/** Milliseconds spent per stage on the last `locate` (for the benchmark). */
export interface V2Timings {
  detectMs: number;
  landmarkMs: number;
  refineMs: number;
  mirrorMs: number;
  blendshapeMs: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** One landmark pass: points re-indexed to the real face (iris contours in case order), raw V2 order, presence. */
export interface PassResult {
  readonly pts: Point3[];
  readonly raw: readonly Point3[];
  readonly presence: number;
}

export interface RasterDetection {
  readonly score: number;
  readonly roi: Roi;
  readonly width: number;
}

function iouRoi(a: Roi, b: Roi): number {
  const ha = a.size / 2;
  const hb = b.size / 2;
  const x1 = Math.max(a.cx - ha, b.cx - hb);
  const y1 = Math.max(a.cy - ha, b.cy - hb);
  const x2 = Math.min(a.cx + ha, b.cx + hb);
  const y2 = Math.min(a.cy + ha, b.cy + hb);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (a.size ** 2 + b.size ** 2 - inter);
}

export class FaceMeshV2 {
  readonly timings: V2Timings = { detectMs: 0, landmarkMs: 0, refineMs: 0, mirrorMs: 0, blendshapeMs: 0 };
  /** Whether the last `detect` had to search tiles. */
  lastSearch: 'full' | 'tiles' = 'full';
  constructor(
    readonly models: FaceModels,
    readonly options: V2Options = {},
  ) {}

  /** Runs the detector on one square window of the raster (`window` in raster coordinates). */
  private async detectWindow(src: PixelRaster, window: Roi): Promise<RasterDetection[]> {
    const input = warpCrop(src, window, DETECTOR_INPUT, 'signed');
    const [regressors, logits] = await this.models.detector.run(input, [
      1,
      DETECTOR_INPUT,
      DETECTOR_INPUT,
      3,
    ]);
    if (!regressors || !logits) throw new Error('the face detector returned no output');
    return weightedNms(decodeDetections(regressors, logits)).map((d) => this.toRaster(d, window));
  }

  private toRaster(d: NormDetection, w: Roi): RasterDetection {
    const at = (x: number, y: number): [number, number] =>
      cropToRaster(w, DETECTOR_INPUT, x * DETECTOR_INPUT, y * DETECTOR_INPUT);
    const [cx, cy] = at(d.cx, d.cy);
    const re = d.keypoints[KP_RIGHT_EYE] ?? [0, 0];
    const le = d.keypoints[KP_LEFT_EYE] ?? [0, 0];
    const [rx, ry] = at(re[0], re[1]);
    const [lx, ly] = at(le[0], le[1]);
    const width = Math.max(d.w, d.h) * w.size;
    return {
      score: d.score,
      width,
      roi: { cx, cy, size: width * ROI_SCALE, angle: Math.atan2(ly - ry, lx - rx) },
    };
  }

  /** All faces the detector finds: the whole raster, then tiles while faces that matter could be missed. */
  async detect(src: PixelRaster): Promise<RasterDetection[]> {
    const t0 = now();
    const long = Math.max(src.width, src.height);
    const whole: Roi = { cx: src.width / 2, cy: src.height / 2, size: long, angle: 0 };
    let found = await this.detectWindow(src, whole);
    const fraction = this.options.minOtherFaceFraction ?? 1;
    let side = long;
    this.lastSearch = 'full';
    for (const level of TILE_LEVELS) {
      const largest = Math.max(0, ...found.map((d) => d.width));
      // Stop when every face that matters (≥ fraction × the largest) is within the last window's reach.
      if (largest > 0 && fraction * largest >= DETECTOR_MIN_FACE_FRACTION * side) break;
      side = level * long;
      this.lastSearch = 'tiles';
      for (const y of tileCentres(src.height, side)) {
        for (const x of tileCentres(src.width, side)) {
          found = found.concat(await this.detectWindow(src, { cx: x, cy: y, size: side, angle: 0 }));
        }
      }
      found = dedupe(found);
    }
    this.timings.detectMs += now() - t0;
    return dedupe(found);
  }

  /** One landmark pass on `roi`: 478 points in raster coordinates and the face-presence score. */
  private async pass(src: PixelRaster, roi: Roi, mirror: boolean): Promise<PassResult> {
    const input = warpCrop(src, roi, LANDMARK_INPUT, 'unit', mirror);
    const [raw, flag] = await this.models.landmarks.run(input, [1, LANDMARK_INPUT, LANDMARK_INPUT, 3]);
    if (!raw || raw.length < V2_POINTS * 3) throw new Error('the landmark model returned no points');
    const zScale = roi.size / LANDMARK_INPUT;
    const pts: Point3[] = [];
    for (let i = 0; i < V2_POINTS; i++) {
      const [x, y] = cropToRaster(roi, LANDMARK_INPUT, raw[i * 3] ?? 0, raw[i * 3 + 1] ?? 0, mirror);
      pts.push([x, y, (raw[i * 3 + 2] ?? 0) * zScale]);
    }
    // A mirrored crop shows a mirrored face: its landmark i is the real face's MESH_MIRROR[i].
    const real = mirror ? unmirror(pts) : alignIrisContours(pts);
    return { pts: real, raw: pts, presence: sigmoid(flag?.[0] ?? -Infinity) };
  }

  /** The refine pass's ROI: the first pass's landmark extent in the eye-line frame, enlarged 1.5×. */
  static roiFromLandmarks(pts: readonly Point3[]): Roi {
    const r = pts[RIGHT_OUTER_CANTHUS] ?? [0, 0, 0];
    const l = pts[LEFT_OUTER_CANTHUS] ?? [0, 0, 0];
    const angle = Math.atan2(l[1] - r[1], l[0] - r[0]);
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    let u0 = Infinity;
    let u1 = -Infinity;
    let v0 = Infinity;
    let v1 = -Infinity;
    for (let i = 0; i < MESH_POINTS; i++) {
      const p = pts[i];
      if (!p) continue;
      const u = p[0] * c + p[1] * s;
      const v = -p[0] * s + p[1] * c;
      u0 = Math.min(u0, u);
      u1 = Math.max(u1, u);
      v0 = Math.min(v0, v);
      v1 = Math.max(v1, v);
    }
    const um = (u0 + u1) / 2;
    const vm = (v0 + v1) / 2;
    return { cx: um * c - vm * s, cy: um * s + vm * c, size: Math.max(u1 - u0, v1 - v0) * ROI_SCALE, angle };
  }

  /** First pass on a detection: enough for the face's box and for choosing the subject. */
  async firstPass(src: PixelRaster, det: RasterDetection): Promise<PassResult> {
    const t0 = now();
    const r = await this.pass(src, det.roi, false);
    this.timings.landmarkMs += now() - t0;
    return r;
  }

  /** Refine + mirror + expression on one face, from its first pass's points. */
  async finish(
    src: PixelRaster,
    det: { readonly score: number },
    first: PassResult,
    withBlendshapes: boolean,
  ): Promise<V2Face> {
    const refine = this.options.refine ?? true;
    const mirror = this.options.mirror ?? true;
    let pts = first.pts;
    let raw = first.raw;
    let presence = first.presence;
    const roi = FaceMeshV2.roiFromLandmarks(pts);
    if (refine) {
      const t0 = now();
      const second = await this.pass(src, roi, false);
      pts = second.pts;
      raw = second.raw;
      presence = second.presence;
      this.timings.refineMs += now() - t0;
    }
    if (mirror) {
      const t0 = now();
      const m = await this.pass(src, roi, true);
      pts = pts.map((p, i) => {
        const q = m.pts[i] ?? p;
        return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2];
      });
      this.timings.mirrorMs += now() - t0;
    }
    let blendshapes: Blendshapes | undefined;
    if (withBlendshapes) {
      const t0 = now();
      // The expression model reads one pass's points in V2's own order (as MediaPipe feeds it).
      blendshapes = await this.blendshapes(raw);
      this.timings.blendshapeMs += now() - t0;
    }
    const mesh = pts.slice(0, MESH_POINTS);
    return {
      box: extent(mesh),
      score: det.score,
      presence,
      mesh,
      iris: caseIris(pts),
      pose: poseFromMesh(mesh),
      ...(blendshapes ? { blendshapes } : {}),
      passes: { refine, mirror },
    };
  }

  /** A face from its first pass only (the other faces of a photo: box and pose, no refinement). */
  static coarse(det: { readonly score: number }, first: PassResult): V2Face {
    const mesh = first.pts.slice(0, MESH_POINTS);
    return {
      box: extent(mesh),
      score: det.score,
      presence: first.presence,
      mesh,
      iris: caseIris(first.pts),
      pose: poseFromMesh(mesh),
      passes: { refine: false, mirror: false },
    };
  }

  private async blendshapes(pts: readonly Point3[]): Promise<Blendshapes> {
    const input = new Float32Array(BLENDSHAPE_INPUT_LANDMARKS.length * 2);
    BLENDSHAPE_INPUT_LANDMARKS.forEach((idx, k) => {
      const p = pts[idx] ?? [0, 0, 0];
      input[k * 2] = p[0];
      input[k * 2 + 1] = p[1];
    });
    const [scores] = await this.models.blendshapes.run(input, [1, BLENDSHAPE_INPUT_LANDMARKS.length, 2]);
    if (!scores) throw new Error('the expression model returned no scores');
    return namedBlendshapes(scores);
  }

  resetTimings(): void {
    Object.assign(this.timings, { detectMs: 0, landmarkMs: 0, refineMs: 0, mirrorMs: 0, blendshapeMs: 0 });
  }
}

/** Centres of windows of `side` covering [0, len], overlapping by about half. */
function tileCentres(len: number, side: number): number[] {
  if (side >= len) return [len / 2];
  const n = Math.ceil((len - side) / (side / 2)) + 1;
  return Array.from({ length: n }, (_, i) => side / 2 + ((len - side) * i) / (n - 1));
}

function dedupe(dets: readonly RasterDetection[]): RasterDetection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const out: RasterDetection[] = [];
  for (const d of sorted) if (!out.some((o) => iouRoi(o.roi, d.roi) > DEDUPE_IOU)) out.push(d);
  return out;
}

function extent(pts: readonly Point3[]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of pts) {
    x0 = Math.min(x0, p[0]);
    y0 = Math.min(y0, p[1]);
    x1 = Math.max(x1, p[0]);
    y1 = Math.max(y1, p[1]);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * The 478 points of a mirrored pass, re-indexed to the real face: mesh vertex i of the real face is the
 * mirrored face's MESH_MIRROR[i]; the two iris groups swap, and within a group the contour's left and right
 * points swap (V2 orders both contours the same way in the crop: see `caseIris`, which re-orders anyway).
 */
function unmirror(pts: readonly Point3[]): Point3[] {
  const out: Point3[] = [];
  for (let i = 0; i < MESH_POINTS; i++) out.push(pts[MESH_MIRROR[i] ?? i] ?? [0, 0, 0]);
  // Iris: swap the groups; order within each group is fixed geometrically by caseIris, so keep raw order.
  const [a, b] = IRIS_GROUPS;
  for (let k = 0; k < 5; k++) out.push(pts[b + k] ?? [0, 0, 0]);
  for (let k = 0; k < 5; k++) out.push(pts[a + k] ?? [0, 0, 0]);
  return alignIrisContours(out);
}

/** Puts each iris group's 4 contour points in a fixed geometric order: medial, top, lateral, bottom. */
function orderedContour(
  centre: Point3,
  contour: readonly Point3[],
  medialSign: number,
  angle: number,
): Point3[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const rel = contour.map((p) => {
    const dx = p[0] - centre[0];
    const dy = p[1] - centre[1];
    return { p, u: (dx * c + dy * s) * medialSign, v: -dx * s + dy * c };
  });
  const pick = (score: (r: { u: number; v: number }) => number): Point3 => {
    let best = rel[0];
    for (const r of rel) if (best && score(r) > score(best)) best = r;
    return best?.p ?? centre;
  };
  return [pick((r) => r.u), pick((r) => -r.v), pick((r) => -r.u), pick((r) => r.v)];
}

/** Raw 478 -> same 478 with each iris group's contour in medial, top, lateral, bottom order. */
function alignIrisContours(pts: Point3[]): Point3[] {
  return pts.slice(0, MESH_POINTS).concat(caseIrisGroups(pts).flat());
}

/** The two iris groups as [centre, medial, top, lateral, bottom], right eye first. */
function caseIrisGroups(pts: readonly Point3[]): Point3[][] {
  const r = pts[RIGHT_OUTER_CANTHUS] ?? [0, 0, 0];
  const l = pts[LEFT_OUTER_CANTHUS] ?? [0, 0, 0];
  const angle = Math.atan2(l[1] - r[1], l[0] - r[0]);
  const groups: Point3[][] = IRIS_GROUPS.map((g) =>
    [0, 1, 2, 3, 4].map((k): Point3 => pts[g + k] ?? [0, 0, 0]),
  );
  const d = (p: Point3, q: Point3): number => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const [g0, g1] = groups;
  if (!g0 || !g1) return [];
  const c0 = g0[0] ?? r;
  // The group whose centre is nearer the right outer canthus is the right eye.
  const [right, left] = d(c0, r) < d(c0, l) ? [g0, g1] : [g1, g0];
  // Medial for the right eye points toward the subject's left (+u along right->left canthus); for the left eye, −u.
  const order = (g: Point3[], sign: number): Point3[] => {
    const centre = g[0] ?? r;
    return [centre, ...orderedContour(centre, g.slice(1), sign, angle)];
  };
  return [order(right, 1), order(left, -1)];
}

/** The case file's 10 iris points (right centre + 4, left centre + 4; each contour medial, top, lateral, bottom). */
function caseIris(pts: readonly Point3[]): Point3[] {
  return caseIrisGroups(pts).flat();
}
