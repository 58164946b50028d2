/**
 * 468-point MediaPipe face mesh -> 68-point iBUG/300-W scheme, used ONLY for evaluation against 68-point
 * annotations (the product stores and measures the 468-point mesh).
 *
 * Inner 51 (brows, nose, eyes, lips): the widely copied `landmark_points_68` correspondence ("map A" in
 * shared/design/vision-notes.md), one mesh vertex per landmark.
 *
 * Jaw 17: the 300-W jaw points are spaced evenly along the visible jawline, from the contour at ear level
 * (0, subject's right) through the chin (8) to the other side (16); single mesh vertices (map A: 162, 234, 93,
 * 58, 172, 136, 149, 148, 152, …) are unevenly spaced along the face oval, so the points slide along the
 * contour. `jaw68ByArcLength` instead walks the mesh's lower face oval (FACE_OVAL from vertex 162 down to the
 * chin 152 and up to 389) and puts points 0–8 at equal arc-length steps between 162 and 152, and 8–16 between
 * 152 and 389: the chin stays fixed, and each half is spaced as the annotators spaced theirs.
 */
import { FACE_OVAL, type Point3 } from '@liftplan/domain';

export const MESH_TO_68: readonly number[] = [
  // 0–16 jaw, subject's right (image left) -> chin (8) -> subject's left ("map A")
  162, 234, 93, 58, 172, 136, 149, 148, 152, 377, 378, 365, 397, 288, 323, 454, 389,
  // 17–21 right brow (lateral -> medial), 22–26 left brow (medial -> lateral)
  71, 63, 105, 66, 107, 336, 296, 334, 293, 301,
  // 27–30 nose bridge (nasion -> tip), 31–35 nostrils (right -> left)
  168, 197, 5, 4, 75, 97, 2, 326, 305,
  // 36–41 right eye (outer corner 36, clockwise), 42–47 left eye (inner corner 42, outer corner 45)
  33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380,
  // 48–59 outer lips (right corner 48, upper lip, left corner 54, lower lip)
  61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181,
  // 60–67 inner lips
  78, 82, 13, 312, 308, 317, 14, 87,
];

/** 68-point index groups for the report. */
export const JAW_68: readonly number[] = Array.from({ length: 17 }, (_, i) => i);
export const INNER_68: readonly number[] = Array.from({ length: 51 }, (_, i) => i + 17);
/** Annotated jaw points compared with the mesh's lower oval as a curve (perpendicular error): 2–14. */
export const JAW_PERPENDICULAR_68: readonly number[] = Array.from({ length: 13 }, (_, i) => i + 2);
/** Outer eye corners (300-W normalisation). */
export const OUTER_EYE_CORNERS_68 = [36, 45] as const;

const JAW_START = 162;
const CHIN = 152;
const JAW_END = 389;

/** The mesh's lower face oval as vertex indices, subject's right (162) -> chin (152) -> left (389). */
export function lowerOval(): number[] {
  const oval = [...FACE_OVAL];
  const at = (v: number): number => oval.indexOf(v);
  // FACE_OVAL runs forehead -> subject's left -> chin -> right; walk it backwards from 162 to 389.
  const out: number[] = [];
  let i = at(JAW_START);
  const n = oval.length;
  for (;;) {
    const v = oval[i];
    if (v === undefined) break;
    out.push(v);
    if (v === JAW_END) break;
    i = (i - 1 + n) % n;
  }
  return out;
}

type P2 = readonly [number, number];

function walk(pts: readonly P2[], count: number): P2[] {
  const seg: number[] = [0];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1] ?? [0, 0];
    const b = pts[i] ?? [0, 0];
    seg.push((seg[i - 1] ?? 0) + Math.hypot(b[0] - a[0], b[1] - a[1]));
  }
  const total = seg[seg.length - 1] ?? 0;
  const out: P2[] = [];
  for (let k = 0; k < count; k++) {
    const s = (total * k) / (count - 1);
    let j = 1;
    while (j < seg.length - 1 && (seg[j] ?? 0) < s) j++;
    const s0 = seg[j - 1] ?? 0;
    const s1 = seg[j] ?? 0;
    const t = s1 > s0 ? (s - s0) / (s1 - s0) : 0;
    const a = pts[j - 1] ?? [0, 0];
    const b = pts[j] ?? a;
    out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  }
  return out;
}

/** The 17 jaw points by arc length along the lower oval (chin fixed at 8). */
export function jaw68ByArcLength(mesh: readonly Point3[]): P2[] {
  const oval = lowerOval().map((i): P2 => {
    const p = mesh[i];
    return p ? [p[0], p[1]] : [NaN, NaN];
  });
  const chin = lowerOval().indexOf(CHIN);
  const right = walk(oval.slice(0, chin + 1), 9);
  const left = walk(oval.slice(chin), 9);
  return [...right, ...left.slice(1)];
}

/** Distance from a point to a polyline. */
export function distanceToPolyline(p: P2, line: readonly P2[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] ?? [0, 0];
    const b = line[i] ?? [0, 0];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const L = dx * dx + dy * dy;
    const t = L > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L)) : 0;
    best = Math.min(best, Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy)));
  }
  return best;
}
