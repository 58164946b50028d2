/**
 * Finding the subject's face in a photo, in ORIGINAL image pixels: the whole photo first, then (for small or
 * missing faces) overlapping tiles and a detect-then-crop pass. Pure: the pixels come through `FaceSource`,
 * which Node implements with sharp (detector.ts) and the browser with a canvas (browser.ts).
 */
import type { HeadPose, Point3 } from '@liftplan/domain';
import type { RawFace } from './human-adapter.js';
import { poseFromHuman } from './pose.js';
import type { Blendshapes } from './v2/blendshapes.js';
import type { Rect } from './raster.js';

/**
 * A face in ORIGINAL image pixels (upright, EXIF orientation applied): mesh and iris as 0-based pixel
 * centres; the box as continuous coordinates (its edges).
 */
export interface FaceDetection extends Omit<RawFace, 'box' | 'angles'> {
  readonly box: Rect;
  /** Head pose in the case file's conventions (degrees). */
  readonly pose: HeadPose;
  /** Expression scores of the subject (Face Mesh V2's blendshape model), when the detector has them. */
  readonly blendshapes?: Blendshapes;
}

export interface LocateResult {
  /** All faces, largest first. */
  readonly faces: readonly FaceDetection[];
  /** How the subject was found: the whole photo, a crop around a small face, or a tiled search. */
  readonly pass: 'full' | 'crop' | 'tiles';
  /** Index in `faces` of the subject (default 0, the largest). */
  readonly subject?: number;
  /** True when the subject was picked by the user (`--face N`, the web's face chooser). */
  readonly chosenByUser?: boolean;
}

/**
 * A face narrower than this fraction of the detection raster's long side gets a second pass on a crop of
 * the original: blazeface sees the whole photo at 256 px, so such a face is under ~50 px there.
 */
export const SMALL_FACE_FRACTION = 0.2;
/** The crop around a small face, as a multiple of its box: loose enough that the mesh keeps the jaw. */
export const CROP_MARGIN = 3;
/**
 * Faces other than the subject count only from this score up: Human's combined score is below it mostly for
 * textures taken for faces (Einstein's photo has one at 0.44).
 */
export const OTHER_FACE_MIN_SCORE = 0.5;
/** Overlapping tiles (as a fraction of the image side) searched when the whole photo shows no face. */
export const TILE_FRACTION = 0.5;

/** A photo the detector can look at: the whole (downscaled) photo, or any region of the original. */
export interface FaceSource {
  /** Size of the upright original, in pixels. */
  readonly originalWidth: number;
  readonly originalHeight: number;
  /** Size of the whole-photo detection raster (long side ≤ DETECT_MAX_SIDE). */
  readonly rasterWidth: number;
  readonly rasterHeight: number;
  /** Faces in the whole-photo raster, in that raster's continuous coordinates. */
  detectFull(): Promise<RawFace[]>;
  /**
   * Faces in a region of the original read at up to `maxSide` px (see `regionRead`): coordinates in the read
   * raster; `rect` is the whole-pixel region actually read and `scale` original pixels per read pixel.
   */
  detectRegion(rect: Rect, maxSide: number): Promise<{ faces: RawFace[]; rect: Rect; scale: number }>;
}

/**
 * Finds the faces of a photo in ORIGINAL pixels, largest first. Small largest faces get a second pass on a
 * crop of the original around them; when the whole photo shows no face, overlapping tiles are searched (faces
 * under ~8 % of the image side are invisible to blazeface at 256 px).
 */
export async function locateFaces(src: FaceSource): Promise<LocateResult> {
  const scaleX = src.originalWidth / src.rasterWidth;
  const scaleY = src.originalHeight / src.rasterHeight;
  const full = (await src.detectFull()).map((f) => mapFace(f, 0, 0, scaleX, scaleY));
  const sorted = sortBySize(full);
  const largest = sorted[0];
  const rasterLong = Math.max(src.rasterWidth, src.rasterHeight);
  if (largest && largest.box.width / scaleX >= SMALL_FACE_FRACTION * rasterLong) {
    return { faces: keepSubjectAndRealFaces(sorted), pass: 'full' };
  }
  // No face, or only small ones: blazeface may have missed the subject (or taken something else for a
  // face). Search overlapping tiles too, merge, and refine the largest find in a crop of the original.
  const found: FaceDetection[] = [...sorted];
  const tw = src.originalWidth * TILE_FRACTION;
  const th = src.originalHeight * TILE_FRACTION;
  for (const fy of [0, 0.25, 0.5]) {
    for (const fx of [0, 0.25, 0.5]) {
      const tile = await src.detectRegion(
        { x: fx * src.originalWidth, y: fy * src.originalHeight, width: tw, height: th },
        rasterLong,
      );
      for (const f of tile.faces) found.push(mapFace(f, tile.rect.x, tile.rect.y, tile.scale, tile.scale));
    }
  }
  const faces = dedupe(sortBySize(found));
  const best = faces[0];
  if (!best) return { faces: [], pass: 'tiles' };
  const refined = await refineInCrop(src, best, rasterLong);
  return {
    faces: keepSubjectAndRealFaces(sortBySize([refined ?? best, ...faces.slice(1)])),
    pass: refined ? 'crop' : 'tiles',
  };
}

async function refineInCrop(
  src: FaceSource,
  face: FaceDetection,
  rasterLong: number,
): Promise<FaceDetection | undefined> {
  const side = Math.max(face.box.width, face.box.height) * CROP_MARGIN;
  const cx = face.box.x + face.box.width / 2;
  const cy = face.box.y + face.box.height / 2;
  const crop = await src.detectRegion(
    { x: cx - side / 2, y: cy - side / 2, width: side, height: side },
    rasterLong,
  );
  const inCrop = sortBySize(
    crop.faces.map((f) => mapFace(f, crop.rect.x, crop.rect.y, crop.scale, crop.scale)),
  );
  // The same face: the one whose centre lies inside the first pass's box.
  return inCrop.find((f) => {
    const fx = f.box.x + f.box.width / 2;
    const fy = f.box.y + f.box.height / 2;
    return (
      fx >= face.box.x &&
      fx <= face.box.x + face.box.width &&
      fy >= face.box.y &&
      fy <= face.box.y + face.box.height
    );
  });
}

/**
 * Continuous raster coordinates -> the case file's convention: 0-based pixel CENTRES of the original image
 * (pixel (0,0) is centred on [0, 0], as in OpenCV, dlib and the 300-W annotations). (ox, oy) is the region's
 * top-left edge in the original; z is scaled like x.
 */
function mapPoint(p: Point3, ox: number, oy: number, sx: number, sy: number): Point3 {
  return [ox + p[0] * sx - 0.5, oy + p[1] * sy - 0.5, p[2] * sx];
}

function mapFace(f: RawFace, ox: number, oy: number, sx: number, sy: number): FaceDetection {
  const [x, y, w, h] = f.box;
  const { angles, ...rest } = f;
  return {
    ...rest,
    pose: poseFromHuman(angles),
    box: { x: ox + x * sx, y: oy + y * sy, width: w * sx, height: h * sy },
    mesh: f.mesh.map((p) => mapPoint(p, ox, oy, sx, sy)),
    ...(f.iris ? { iris: f.iris.map((p) => mapPoint(p, ox, oy, sx, sy)) } : {}),
  };
}

const keepSubjectAndRealFaces = (sorted: readonly FaceDetection[]): FaceDetection[] =>
  sorted.filter((f, i) => i === 0 || f.score >= OTHER_FACE_MIN_SCORE);

const area = (r: Rect): number => r.width * r.height;
const sortBySize = (faces: readonly FaceDetection[]): FaceDetection[] =>
  [...faces].sort((a, b) => area(b.box) - area(a.box));

function iou(a: Rect, b: Rect): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (area(a) + area(b) - inter);
}

/** Tiles overlap, so one face can be found twice: keep the larger of any pair overlapping by > 30 %. */
function dedupe(sorted: readonly FaceDetection[]): FaceDetection[] {
  const out: FaceDetection[] = [];
  for (const f of sorted) if (!out.some((g) => iou(f.box, g.box) > 0.3)) out.push(f);
  return out;
}
