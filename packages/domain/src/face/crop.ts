/**
 * faceCrop: the picture rectangle that shows one face at face size (pure). From the mesh's bounding box, a
 * margin on every side, then widened or heightened to one fixed aspect so a baseline and a follow-up photo
 * (or a front and an oblique view) crop to pictures of the same shape. The rectangle is in the photo's pixel
 * frame (where the landmarks live), whole pixels, and always inside the image: near an edge it slides inward;
 * when the image is too small for the margin it shrinks about the face centre, keeping the aspect.
 */
import type { LandmarkSet } from '../case/schema.js';
import type { Vec2 } from '../geometry/vec.js';

export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface FaceCropOptions {
  /** Width / height of the crop. Keep the default for pictures that are compared. */
  readonly aspect?: number;
  /** Margin on each side, as a fraction of the face box's larger side. */
  readonly margin?: number;
  /** Further points (image px) that must stay in the picture, e.g. a planned thread's path. */
  readonly include?: readonly Vec2[];
}

/** Portrait 4:5, the shape of a standard clinical face photo; 12 % margin keeps the hairline and chin. */
export const FACE_CROP = { aspect: 4 / 5, margin: 0.12 } as const;

/** Bounding box of the face mesh (and any extra points), image px. */
export function faceBox(landmarks: LandmarkSet, include: readonly Vec2[] = []): PixelRect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number): void => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const p of landmarks.mesh) add(p[0], p[1]);
  for (const p of include) add(p[0], p[1]);
  if (!(maxX > minX && maxY > minY)) throw new RangeError('the landmarks span no area, so no face crop');
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export function faceCrop(
  landmarks: LandmarkSet,
  image: { readonly width: number; readonly height: number },
  options: FaceCropOptions = {},
): PixelRect {
  const aspect = options.aspect ?? FACE_CROP.aspect;
  const margin = options.margin ?? FACE_CROP.margin;
  if (!(aspect > 0) || !(margin >= 0)) throw new RangeError('aspect must be > 0 and margin ≥ 0');
  const box = faceBox(landmarks, options.include);
  const pad = margin * Math.max(box.width, box.height);
  let w = box.width + 2 * pad;
  let h = box.height + 2 * pad;
  if (w / h < aspect) w = h * aspect;
  else h = w / aspect;
  // Too big for the image: shrink, same aspect (the margin gives way first, then the face edges).
  const fit = Math.min(1, image.width / w, image.height / h);
  w *= fit;
  h *= fit;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  let width = Math.max(1, Math.round(w));
  let height = Math.max(1, Math.round(width / aspect));
  if (height > image.height) {
    height = Math.floor(image.height);
    width = Math.max(1, Math.round(height * aspect));
  }
  width = Math.min(width, Math.floor(image.width));
  const x = Math.round(clamp(cx - width / 2, 0, image.width - width));
  const y = Math.round(clamp(cy - height / 2, 0, image.height - height));
  return { x, y, width, height };
}

/** Share of the crop's height the face box takes (what "the face fills its picture" means). */
export function faceFill(landmarks: LandmarkSet, crop: PixelRect): number {
  const box = faceBox(landmarks);
  const top = Math.max(box.y, crop.y);
  const bottom = Math.min(box.y + box.height, crop.y + crop.height);
  return Math.max(0, bottom - top) / crop.height;
}
