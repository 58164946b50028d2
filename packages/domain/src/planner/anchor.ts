/**
 * Face-anchored coordinates: a point is stored as barycentric weights on three mesh vertices, so it follows the
 * face onto any other photo of it (another view, a follow-up). Points on the mesh use the mesh triangle that
 * contains them; points off it (temple, in front of the ear) use the best-conditioned of a few wide triangles of
 * stable landmarks, where affine extrapolation stays well behaved.
 */
import type { LandmarkSet } from '../case/schema.js';
import { SIDES } from '../case/vocab.js';
import { CANONICAL_TRIANGLES } from '../face/canonical-mesh.data.js';
import { PAIRED, type PairedLandmark } from '../face/landmarks.js';
import { barycentric, barycentricInto } from '../geometry/triangle.js';
import type { Vec2 } from '../geometry/vec.js';
import type { FaceAnchor } from './types.js';

/** Wide landmark triangles for off-mesh points (per side). */
const FALLBACK_TRIANGLES: readonly (readonly [PairedLandmark, PairedLandmark, PairedLandmark])[] = [
  ['outerCanthus', 'zygion', 'gonion'],
  ['browLateralEnd', 'templeOval', 'zygion'],
];

const EPS = 1e-9;

/** -0 does not survive JSON; store +0 so a saved plan equals the computed one. */
const clean = (w: readonly [number, number, number]): [number, number, number] => [
  w[0] + 0,
  w[1] + 0,
  w[2] + 0,
];

function meshVertex(landmarks: LandmarkSet, i: number): LandmarkSet['mesh'][number] {
  const p = landmarks.mesh[i];
  if (!p) throw new RangeError(`mesh index ${i} out of range`);
  return p;
}

const vertex = (landmarks: LandmarkSet, i: number): Vec2 => {
  const p = meshVertex(landmarks, i);
  return [p[0], p[1]];
};

/**
 * Per landmark set, the mesh triangles' image corners (6 numbers per triangle) and a uniform grid of the
 * triangles overlapping each cell, computed once: anchoring a plan looks up about a hundred points. Memoised on
 * the mesh array (landmark sets are treated as immutable everywhere), so results stay pure.
 */
const GRID = 24;

interface TriangleIndex {
  readonly corners: Float64Array;
  readonly minX: number;
  readonly minY: number;
  readonly cellW: number;
  readonly cellH: number;
  /** Triangle numbers per cell, ascending, so the first hit matches a linear scan. */
  readonly cells: readonly (readonly number[])[];
}

const indexCache = new WeakMap<LandmarkSet['mesh'], TriangleIndex>();

function triangleIndex(landmarks: LandmarkSet): TriangleIndex {
  const cached = indexCache.get(landmarks.mesh);
  if (cached) return cached;
  const corners = new Float64Array(CANONICAL_TRIANGLES.length * 6);
  CANONICAL_TRIANGLES.forEach((tri, k) => {
    const a = vertex(landmarks, tri[0]);
    const b = vertex(landmarks, tri[1]);
    const c = vertex(landmarks, tri[2]);
    corners.set([a[0], a[1], b[0], b[1], c[0], c[1]], k * 6);
  });
  const xs = landmarks.mesh.map((p) => p[0]);
  const ys = landmarks.mesh.map((p) => p[1]);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const cellW = (Math.max(...xs) - minX) / GRID || 1;
  const cellH = (Math.max(...ys) - minY) / GRID || 1;
  const cells: number[][] = Array.from({ length: GRID * GRID }, () => []);
  const clampCell = (v: number): number => Math.min(GRID - 1, Math.max(0, Math.floor(v)));
  for (let k = 0; k < CANONICAL_TRIANGLES.length; k++) {
    const o = k * 6;
    const tx = [corners[o] ?? 0, corners[o + 2] ?? 0, corners[o + 4] ?? 0];
    const ty = [corners[o + 1] ?? 0, corners[o + 3] ?? 0, corners[o + 5] ?? 0];
    const c0 = clampCell((Math.min(...tx) - EPS - minX) / cellW);
    const c1 = clampCell((Math.max(...tx) + EPS - minX) / cellW);
    const r0 = clampCell((Math.min(...ty) - EPS - minY) / cellH);
    const r1 = clampCell((Math.max(...ty) + EPS - minY) / cellH);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells[r * GRID + c]?.push(k);
  }
  const index = { corners, minX, minY, cellW, cellH, cells };
  indexCache.set(landmarks.mesh, index);
  return index;
}

function meshAnchor(landmarks: LandmarkSet, p: Vec2): FaceAnchor | null {
  const { corners: t, minX, minY, cellW, cellH, cells } = triangleIndex(landmarks);
  const c = Math.floor((p[0] - minX) / cellW);
  const r = Math.floor((p[1] - minY) / cellH);
  if (c < 0 || r < 0 || c >= GRID || r >= GRID) return null;
  const w: [number, number, number] = [0, 0, 0]; // scratch, reused for every candidate triangle
  for (const k of cells[r * GRID + c] ?? []) {
    const tri = CANONICAL_TRIANGLES[k];
    if (!tri) continue;
    const o = k * 6;
    const ok = barycentricInto(
      w,
      p[0],
      p[1],
      t[o] ?? 0,
      t[o + 1] ?? 0,
      t[o + 2] ?? 0,
      t[o + 3] ?? 0,
      t[o + 4] ?? 0,
      t[o + 5] ?? 0,
    );
    if (ok && w[0] >= -EPS && w[1] >= -EPS && w[2] >= -EPS) {
      return { tri: [tri[0], tri[1], tri[2]], bary: clean(w) };
    }
  }
  return null;
}

/** Anchors an image point (px) of the photo whose landmarks are given. */
export function anchorPoint(landmarks: LandmarkSet, p: Vec2): FaceAnchor {
  const onMesh = meshAnchor(landmarks, p);
  if (onMesh) return onMesh;
  let best: FaceAnchor | null = null;
  let bestSpread = Infinity;
  for (const side of SIDES) {
    for (const names of FALLBACK_TRIANGLES) {
      const tri: [number, number, number] = [
        PAIRED[names[0]][side],
        PAIRED[names[1]][side],
        PAIRED[names[2]][side],
      ];
      const w = barycentric(
        p,
        vertex(landmarks, tri[0]),
        vertex(landmarks, tri[1]),
        vertex(landmarks, tri[2]),
      );
      if (!w) continue;
      const spread = Math.max(...w.map(Math.abs));
      if (spread < bestSpread) {
        bestSpread = spread;
        best = { tri, bary: clean(w) };
      }
    }
  }
  if (!best) throw new RangeError('cannot anchor the point: the landmark triangles are degenerate');
  return best;
}

/** Image position (px) of an anchor on a photo of the same face. */
export function anchorPosition(landmarks: LandmarkSet, a: FaceAnchor): [number, number] {
  // Read the mesh points in place (no copies): the safety check maps every stored anchor through here.
  const p0 = meshVertex(landmarks, a.tri[0]);
  const p1 = meshVertex(landmarks, a.tri[1]);
  const p2 = meshVertex(landmarks, a.tri[2]);
  return [
    a.bary[0] * p0[0] + a.bary[1] * p1[0] + a.bary[2] * p2[0],
    a.bary[0] * p0[1] + a.bary[1] * p1[1] + a.bary[2] * p2[1],
  ];
}
