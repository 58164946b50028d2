/**
 * Lays a technique template out on one face: entry, the template's waypoints, then a last leg whose end lies in
 * the target region, every path exactly the thread's usable length. Computed in the face frame (mm) in a
 * side-normalised sense (x toward the subject's side), so the two sides are mirror images and the result does
 * not depend on where the face sits in the photo.
 *
 * Usable length per path: a floating thread is its length less what stays at the entry
 * (`threadEntryAllowanceMm`); a U-suspension thread is looped round its anchor (`anchorLoopMm`) and gives two
 * arms of half the rest. The last leg's end is on a circle of the remaining length round the last waypoint:
 * the fan's ends are spread evenly over the longest arc of that circle inside the target region.
 */
import type { Side } from '../case/vocab.js';
import { catalogueEntry, type CatalogueId } from '../catalogue/threads.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { faceLandmark } from '../face/frame.js';
import { FACE_OVAL } from '../face/landmarks.js';
import { distanceToPolygonBoundary, pointInPolygon } from '../geometry/polygon.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { distance, type Vec2 } from '../geometry/vec.js';
import { estimateTragus } from '../zones/tragus.js';
import { resolvePoint, type GeometryContext } from './resolve.js';
import type { TechniqueTemplate } from './templates.js';
import { PLANES, type Plane } from './types.js';

const T = THRESHOLDS;
/** Stated tolerance of the layout: every path is its usable length within this (floating-point only). */
export const PATH_LENGTH_TOLERANCE_MM = 0.01;
/** Angular sampling of the last leg's circle (1° steps; symmetric about the vertical, so mirrors agree). */
const ARC_SAMPLES = 360;

export const lateralSign = (side: Side): 1 | -1 => (side === 'left' ? 1 : -1);
const norm = (p: Vec2, s: 1 | -1): FacePoint => facePoint(p[0] * s, p[1]);

/** Usable length of one path of a thread of `lengthMm` laid out by this template. */
export function usablePathLength(template: Pick<TechniqueTemplate, 'shape'>, lengthMm: number): number {
  return template.shape === 'u-suspension'
    ? (lengthMm - T.anchorLoopMm.value) / 2
    : lengthMm - T.threadEntryAllowanceMm.value;
}

export const pathsPerThread = (template: Pick<TechniqueTemplate, 'shape'>): number =>
  template.shape === 'u-suspension' ? 2 : 1;

/** The deeper of two planes (PLANES runs superficial to deep). */
export const deeperPlane = (a: Plane, b: Plane): Plane => (PLANES.indexOf(a) >= PLANES.indexOf(b) ? a : b);

/** Convex hull (monotone chain), counter-clockwise. */
function hull(points: readonly Vec2[]): Vec2[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: Vec2, a: Vec2, b: Vec2): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Vec2[] = [];
  for (const p of pts) {
    while (
      lower.length >= 2 &&
      cross(lower[lower.length - 2] as Vec2, lower[lower.length - 1] as Vec2, p) <= 0
    ) {
      lower.pop();
    }
    lower.push(p);
  }
  const upper: Vec2[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i] as Vec2;
    while (
      upper.length >= 2 &&
      cross(upper[upper.length - 2] as Vec2, upper[upper.length - 1] as Vec2, p) <= 0
    ) {
      upper.pop();
    }
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

const outlineCache = new WeakMap<GeometryContext['frame'], Vec2[]>();

/** The face outline in the face frame: hull of the mesh's face oval and the two (estimated) tragi. */
export function faceOutline(ctx: GeometryContext): readonly Vec2[] {
  const cached = outlineCache.get(ctx.frame);
  if (cached) return cached;
  const pts: Vec2[] = FACE_OVAL.map((i) => faceLandmark(ctx.frame, ctx.landmarks, i));
  pts.push(
    estimateTragus(ctx.landmarks, ctx.frame, 'left'),
    estimateTragus(ctx.landmarks, ctx.frame, 'right'),
  );
  const h = hull(pts);
  outlineCache.set(ctx.frame, h);
  return h;
}

/** On the face: inside the outline, or within `onFaceMarginMm` of it. */
export function onFace(ctx: GeometryContext, p: Vec2): boolean {
  const o = faceOutline(ctx);
  return pointInPolygon(p, o) || distanceToPolygonBoundary(p, o) <= T.onFaceMarginMm.value;
}

export interface Layout {
  readonly entry: FacePoint;
  /** Every path, entry first, in the face frame (real sense, not side-normalised). */
  readonly paths: readonly (readonly FacePoint[])[];
  readonly segmentPlanes: readonly Plane[];
  readonly lengthMm: number;
  readonly usablePathMm: number;
  /** Every path ends in the target region at its usable length, and every point is on the face. */
  readonly fits: boolean;
  /** Why it does not fit (empty when it does). */
  readonly problem: string;
}

export interface LayoutInput {
  readonly template: TechniqueTemplate;
  readonly side: Side;
  readonly lengthMm: number;
  readonly count: number;
  /** Draft plane: legs run at least this deep (e.g. thin skin moves subcutaneous legs deeper). */
  readonly minPlane: Plane;
  /** A moved entry (face frame); the template's entry otherwise. */
  readonly entry?: FacePoint;
}

function longestRun(inside: readonly boolean[]): { start: number; length: number } | null {
  const n = inside.length;
  if (inside.every(Boolean)) return { start: 0, length: n };
  let best: { start: number; length: number } | null = null;
  // Start after an outside sample so a run that wraps past index 0 is counted once.
  const first = inside.findIndex((v) => !v);
  let runStart = -1;
  for (let k = 1; k <= n; k++) {
    const i = (first + k) % n;
    if (inside[i]) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      const len = (i - runStart + n) % n;
      if (!best || len > best.length) best = { start: runStart, length: len };
      runStart = -1;
    }
  }
  return best;
}

/** Longest run of true values (not wrapping). */
function longestOpenRun(inside: readonly boolean[]): { start: number; length: number } | null {
  let best: { start: number; length: number } | null = null;
  let start = -1;
  for (let i = 0; i <= inside.length; i++) {
    if (i < inside.length && inside[i]) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (!best || i - start > best.length) best = { start, length: i - start };
      start = -1;
    }
  }
  return best;
}

/** Sample numbers (unwrapped, ascending) of the arc round `c` that can meet the polygon. */
function arcWindow(c: Vec2, polygon: readonly Vec2[]): number[] {
  const all = (): number[] => Array.from({ length: ARC_SAMPLES }, (_, k) => k);
  if (pointInPolygon(c, polygon) || polygon.length < 2) return all();
  const step = (2 * Math.PI) / ARC_SAMPLES;
  const angles = polygon
    .map((p) => {
      const a = Math.atan2(p[1] - c[1], p[0] - c[0]);
      return a < 0 ? a + 2 * Math.PI : a;
    })
    .sort((x, y) => x - y);
  // The widest gap between consecutive vertex angles (circularly) is the part of the circle the polygon misses.
  let gap = -1;
  let gapEnd = 0;
  for (let i = 0; i < angles.length; i++) {
    const a = angles[i] ?? 0;
    const b = i + 1 < angles.length ? (angles[i + 1] ?? 0) : (angles[0] ?? 0) + 2 * Math.PI;
    if (b - a > gap) {
      gap = b - a;
      gapEnd = i + 1 < angles.length ? i + 1 : 0;
    }
  }
  const from = angles[gapEnd] ?? 0;
  const span = 2 * Math.PI - gap;
  const k0 = Math.floor(from / step) - 1;
  const k1 = Math.ceil((from + span) / step) + 1;
  const out: number[] = [];
  for (let k = k0; k <= k1; k++) out.push(k);
  return out;
}

/** Lays `template` out for one side with one thread length. Pure. */
export function layoutTemplate(ctx: GeometryContext, input: LayoutInput): Layout {
  const { template: t, side, lengthMm } = input;
  const s = lateralSign(side);
  const entry = norm(input.entry ?? resolvePoint(ctx, t.entry, side), s);
  const waypoints = t.legs.map((l) => norm(resolvePoint(ctx, l.to, side), s));
  const region = t.targetRegion.map((p) => norm(resolvePoint(ctx, p, side), s));
  const usable = usablePathLength(t, lengthMm);
  const nPaths = Math.max(1, input.count) * pathsPerThread(t);
  const prefix: FacePoint[] = [entry, ...waypoints];
  let prefixLen = 0;
  for (let i = 1; i < prefix.length; i++) prefixLen += distance(prefix[i - 1] as Vec2, prefix[i] as Vec2);
  const planes = [
    ...t.legs.map((l) => (l.fixedPlane ? l.plane : deeperPlane(l.plane, input.minPlane))),
    deeperPlane(t.finalPlane, input.minPlane),
  ];
  const last = prefix[prefix.length - 1] as FacePoint;
  const remaining = usable - prefixLen;
  const denorm = (p: Vec2): FacePoint => facePoint(p[0] * s, p[1]);
  const build = (ends: readonly Vec2[], fits: boolean, problem: string): Layout => ({
    entry: denorm(entry),
    paths: ends.map((e) => [...prefix, facePoint(e[0], e[1])].map(denorm)),
    segmentPlanes: planes,
    lengthMm,
    usablePathMm: usable,
    fits,
    problem,
  });
  const centroid: Vec2 = [
    region.reduce((a, p) => a + p[0], 0) / region.length,
    region.reduce((a, p) => a + p[1], 0) / region.length,
  ];
  const towardCentroid = (r: number): Vec2[] => {
    const d = distance(last, centroid) || 1;
    const e: Vec2 = [
      last[0] + ((centroid[0] - last[0]) / d) * r,
      last[1] + ((centroid[1] - last[1]) / d) * r,
    ];
    return Array.from({ length: nPaths }, () => e);
  };
  if (remaining <= 0) {
    return build(
      towardCentroid(Math.max(remaining, 1)),
      false,
      `a ${lengthMm} mm thread (${usable.toFixed(0)} mm usable per path) is used up before the last waypoint (${prefixLen.toFixed(0)} mm)`,
    );
  }
  const finalPlane = planes[planes.length - 1] ?? t.finalPlane;
  const realLast = denorm(last);
  // The circle cannot meet the region when it is nearer than the region's nearest edge or beyond its farthest
  // vertex: no sampling needed.
  const farthest = Math.max(...region.map((p) => distance(last, p)));
  const nearest = pointInPolygon(last, region) ? 0 : distanceToPolygonBoundary(last, region);
  if (remaining > farthest || remaining < nearest) {
    return build(
      towardCentroid(remaining),
      false,
      `a ${lengthMm} mm thread leaves ${remaining.toFixed(0)} mm for the last leg; ${t.targetDescription} lies ${nearest.toFixed(0)}–${farthest.toFixed(0)} mm from the last waypoint`,
    );
  }
  // Sample only the arc that can meet the region: outside the region, the angular window of its vertices
  // (the complement of the widest gap between them). Unwrapped sample numbers k on one global grid keep the
  // two sides mirror images of each other.
  const ks = arcWindow(last, region);
  const inside: boolean[] = [];
  for (const k of ks) {
    const a = (2 * Math.PI * k) / ARC_SAMPLES;
    const end: Vec2 = [last[0] + remaining * Math.cos(a), last[1] + remaining * Math.sin(a)];
    // Region first (cheap); the zone test only for ends inside it.
    inside.push(pointInPolygon(end, region) && (ctx.segmentOk?.(realLast, denorm(end), finalPlane) ?? true));
  }
  const run = ks.length === ARC_SAMPLES ? longestRun(inside) : longestOpenRun(inside);
  if (!run) {
    const near = Math.min(...region.map((p) => distance(last, p)));
    return build(
      towardCentroid(remaining),
      false,
      `a ${lengthMm} mm thread leaves ${remaining.toFixed(0)} mm for the last leg; ${t.targetDescription} lies ${near.toFixed(0)}–${Math.max(...region.map((p) => distance(last, p))).toFixed(0)} mm from the last waypoint`,
    );
  }
  // Spread the ends over the arc, superior first (angles run counter-clockwise from lateral; descending = down).
  const k0 = ks[run.start] ?? 0;
  const ends: Vec2[] = [];
  for (let i = 0; i < nPaths; i++) {
    const k = k0 + ((i + 0.5) / nPaths) * (run.length - 1);
    const a = (2 * Math.PI * k) / ARC_SAMPLES;
    ends.push([last[0] + remaining * Math.cos(a), last[1] + remaining * Math.sin(a)]);
  }
  ends.sort((p, q) => q[1] - p[1] || p[0] - q[0]);
  const layout = build(ends, true, '');
  const off = layout.paths.flat().find((p) => !onFace(ctx, p));
  if (off) {
    return {
      ...layout,
      fits: false,
      problem: `a path point (${off[0].toFixed(0)}, ${off[1].toFixed(0)}) mm lies off the face`,
    };
  }
  return layout;
}

/** Lengths to try for a template with a catalogue entry: the template's (preferred first) the entry offers. */
export function candidateLengths(t: TechniqueTemplate, catalogueId: CatalogueId): number[] {
  const offered = catalogueEntry(catalogueId).lengthsMm;
  const both = t.lengthsMm.filter((l) => offered.includes(l));
  return both.length > 0 ? both : [...offered];
}

/** Best layout of a template: the first candidate length that fits; else the first candidate, not fitting. */
export function fitTemplate(
  ctx: GeometryContext,
  input: Omit<LayoutInput, 'lengthMm'> & { readonly catalogueId: CatalogueId; readonly lengthMm?: number },
): Layout {
  const lengths =
    input.lengthMm !== undefined ? [input.lengthMm] : candidateLengths(input.template, input.catalogueId);
  let firstTry: Layout | null = null;
  for (const lengthMm of lengths) {
    const l = layoutTemplate(ctx, { ...input, lengthMm });
    if (l.fits) return l;
    firstTry ??= l;
  }
  if (!firstTry) throw new RangeError(`no thread lengths for ${input.template.id}`);
  return firstTry;
}
