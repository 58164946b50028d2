/**
 * Faces of one photo with Face Mesh V2, in ORIGINAL pixels, largest first, and the subject (the largest, or
 * the one the user picked) refined. Pure over a `PixelRaster`: Node (detector-v2.ts) and the browser
 * (browser.ts) call the same function on their detection rasters.
 */
import type { Point3 } from '@liftplan/domain';
import type { FaceDetection, LocateResult } from '../locate.js';
import type { PixelRaster } from '../raster.js';
import { AMBIGUOUS_FACE_WIDTH_FRACTION } from '../quality.js';
import { FaceMeshV2, MIN_FACE_PRESENCE, type V2Face } from './mesh-v2.js';

/**
 * Faces other than the largest count only from this face-presence score up: over-exposed or blurred photos
 * make the model see faces in the neck or clothing at 0.6–0.8, while real people in the background (the man
 * behind Einstein) score above 0.98.
 */
export const OTHER_FACE_MIN_PRESENCE = 0.9;

export interface LocateV2Options {
  /** 0-based index (largest first) of the face the user says is the patient; default: the largest. */
  readonly face?: number;
  /** Refine every face, not only the subject (evaluation on group photos). */
  readonly refineAll?: boolean;
}

/** Raster continuous coordinates -> the case file's 0-based pixel centres of the original. */
const toOriginal =
  (sx: number, sy: number) =>
  (p: Point3): Point3 => [p[0] * sx - 0.5, p[1] * sy - 0.5, p[2] * sx];

function toDetection(f: V2Face, sx: number, sy: number): FaceDetection {
  const map = toOriginal(sx, sy);
  return {
    box: { x: f.box.x * sx - 0.5, y: f.box.y * sy - 0.5, width: f.box.width * sx, height: f.box.height * sy },
    score: f.presence,
    boxScore: f.score,
    faceScore: f.presence,
    mesh: f.mesh.map(map),
    iris: f.iris.map(map),
    pose: f.pose,
    ...(f.blendshapes ? { blendshapes: f.blendshapes } : {}),
  };
}

export async function locateFacesV2(
  engine: FaceMeshV2,
  raster: PixelRaster,
  scaleX: number,
  scaleY: number,
  opts: LocateV2Options = {},
): Promise<LocateResult> {
  const dets = await engine.detect(raster);
  const firsts = [];
  for (const d of dets) {
    const first = await engine.firstPass(raster, d);
    if (first.presence >= MIN_FACE_PRESENCE) firsts.push({ d, first, coarse: FaceMeshV2.coarse(d, first) });
  }
  const area = (f: V2Face): number => f.box.width * f.box.height;
  firsts.sort((a, b) => area(b.coarse) - area(a.coarse));
  const real = firsts.filter((f, i) => i === 0 || f.first.presence >= OTHER_FACE_MIN_PRESENCE);
  firsts.length = 0;
  firsts.push(...real);
  const pass = dets.length > 0 && engine.lastSearch === 'tiles' ? 'tiles' : 'full';
  if (firsts.length === 0) return { faces: [], pass };
  const index = opts.face ?? 0;
  const chosen = firsts[index];
  if (!chosen) {
    return { faces: firsts.map((f) => toDetection(f.coarse, scaleX, scaleY)), pass, subject: index };
  }
  const refined = await engine.finish(raster, chosen.d, chosen.first, true);
  const faces: FaceDetection[] = [];
  for (const [i, f] of firsts.entries()) {
    const face =
      i === index ? refined : opts.refineAll ? await engine.finish(raster, f.d, f.first, false) : f.coarse;
    faces.push(toDetection(face, scaleX, scaleY));
  }
  return { faces, pass, subject: index, ...(opts.face !== undefined ? { chosenByUser: true } : {}) };
}

export { AMBIGUOUS_FACE_WIDTH_FRACTION };
