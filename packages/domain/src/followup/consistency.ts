/**
 * "Is this the same face?" on shape alone, without identification: the 3-D shape of the stable landmarks
 * (eye corners, nasal bridge, nose; `STABLE_LANDMARKS`) of two photos after a least-squares 3-D similarity
 * (which also takes out head pose), as a scale-free Procrustes distance. No face-recognition model, no
 * template: two landmark sets in, one number out, nothing stored.
 */
import type { LandmarkSet } from '../case/schema.js';
import { STABLE_LANDMARKS } from '../face/landmarks.js';
import { FACE_CONSISTENCY_DATA } from './consistency.data.js';
import { apply3, fitSimilarity3, type P3 } from './similarity.js';

export interface ShapeDistance {
  /** RMS residual of the stable landmarks after alignment / their RMS distance from their centroid. */
  readonly distance: number;
  readonly points: number;
}

const stablePoints = (l: LandmarkSet): P3[] =>
  STABLE_LANDMARKS.indices.map((i) => {
    const p = l.mesh[i];
    if (!p) throw new RangeError(`landmark ${i} is missing from the mesh`);
    return [p[0], p[1], p[2]];
  });

/** Shape distance of the stable landmarks of `other` to those of `reference` (0 = the same shape). */
export function stableShapeDistance(reference: LandmarkSet, other: LandmarkSet): ShapeDistance {
  const to = stablePoints(reference);
  const from = stablePoints(other);
  const T = fitSimilarity3(from, to);
  const n = to.length;
  const c = [0, 1, 2].map((k) => to.reduce((s, p) => s + (p[k] as number), 0) / n);
  let res = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    const q = to[i] as P3;
    const p = apply3(T, from[i] as P3);
    res += (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
    size += (q[0] - (c[0] as number)) ** 2 + (q[1] - (c[1] as number)) ** 2 + (q[2] - (c[2] as number)) ** 2;
  }
  return { distance: Math.sqrt(res / size), points: n };
}

/**
 * The largest shape distance still taken as the same face: Tukey's far-out fence (Q3 + 3·IQR) of the
 * same-face distances measured by `npm run eval:bands` (the shots of each photo against its first, and frames
 * of one video), so the same-face scatter passes and broken detections do not widen it. A liftplan-default:
 * clinical-facts.md has no such threshold; the measured figures are in `note`.
 */
export const FACE_CONSISTENCY = {
  basis: 'liftplan-default',
  maxDistance: FACE_CONSISTENCY_DATA.sameFace.fence,
  note: `${FACE_CONSISTENCY_DATA.detector}, ${FACE_CONSISTENCY_DATA.measured}: same face median ${FACE_CONSISTENCY_DATA.sameFace.median}, fence ${FACE_CONSISTENCY_DATA.sameFace.fence}, max ${FACE_CONSISTENCY_DATA.sameFace.max} (n ${FACE_CONSISTENCY_DATA.sameFace.n}); different faces min ${FACE_CONSISTENCY_DATA.differentFace.min}, median ${FACE_CONSISTENCY_DATA.differentFace.median} (n ${FACE_CONSISTENCY_DATA.differentFace.n})`,
} as const;

export type ConsistencyResult =
  | { readonly ok: true; readonly distance: number; readonly limit: number }
  | { readonly ok: false; readonly distance: number; readonly limit: number; readonly message: string };

/**
 * Whether two photos can be compared as one face. `what` names the pair in the message (e.g. "the
 * follow-up photo and the baseline"). Not identification: only the shape of a few landmarks.
 */
export function checkSameFace(
  reference: LandmarkSet,
  other: LandmarkSet,
  what: string,
  limit: number = FACE_CONSISTENCY.maxDistance,
): ConsistencyResult {
  const { distance } = stableShapeDistance(reference, other);
  if (distance <= limit) return { ok: true, distance, limit };
  return {
    ok: false,
    distance,
    limit,
    message:
      `${what} do not show the same face: the shape of the eye corners and nose differs by ` +
      `${(distance * 100).toFixed(1)} % after alignment (same-face photos differ by at most ` +
      `${(limit * 100).toFixed(1)} %). Check that the photo is of this patient; if it is, retake it ` +
      'facing the camera with a neutral expression (this is a shape check, not identification).',
  };
}
