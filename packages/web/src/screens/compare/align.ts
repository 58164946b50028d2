import { MESH, PAIRED, type LandmarkSet } from '@liftplan/domain';

/** A similarity transform x' = a·x − b·y + tx, y' = b·x + a·y + ty (SVG matrix(a, b, −b, a, tx, ty)). */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

/** Landmarks that sagging and treatment barely move: eye corners, nasion, nose. */
const STABLE: readonly number[] = [
  PAIRED.outerCanthus.left,
  PAIRED.outerCanthus.right,
  PAIRED.innerCanthus.left,
  PAIRED.innerCanthus.right,
  MESH.nasion,
  MESH.noseTip,
  MESH.subnasale,
  MESH.glabella,
];

/**
 * Least-squares similarity (rotation, uniform scale, translation) taking `from`'s stable landmarks onto `to`'s:
 * the follow-up photo drawn in the baseline photo's pixel frame, aligned by the face, not by the camera.
 */
export function alignByLandmarks(from: LandmarkSet, to: LandmarkSet): Similarity {
  const P: [number, number][] = [];
  const Q: [number, number][] = [];
  for (const i of STABLE) {
    const p = from.mesh[i];
    const q = to.mesh[i];
    if (p && q) {
      P.push([p[0], p[1]]);
      Q.push([q[0], q[1]]);
    }
  }
  const n = P.length;
  if (n < 2) return { a: 1, b: 0, tx: 0, ty: 0 };
  const mean = (xs: [number, number][]): [number, number] => [
    xs.reduce((s, p) => s + p[0], 0) / n,
    xs.reduce((s, p) => s + p[1], 0) / n,
  ];
  const [px, py] = mean(P);
  const [qx, qy] = mean(Q);
  let sxx = 0;
  let sxy = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const p = P[i] ?? [0, 0];
    const q = Q[i] ?? [0, 0];
    const ux = p[0] - px;
    const uy = p[1] - py;
    const vx = q[0] - qx;
    const vy = q[1] - qy;
    sxx += ux * vx + uy * vy;
    sxy += ux * vy - uy * vx;
    norm += ux * ux + uy * uy;
  }
  if (norm === 0) return { a: 1, b: 0, tx: qx - px, ty: qy - py };
  const a = sxx / norm;
  const b = sxy / norm;
  return { a, b, tx: qx - (a * px - b * py), ty: qy - (b * px + a * py) };
}

export const svgMatrix = (s: Similarity): string => `matrix(${s.a} ${s.b} ${-s.b} ${s.a} ${s.tx} ${s.ty})`;
