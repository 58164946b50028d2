import { buildFaceFrame, calibrate, type FaceFrame, type LandmarkSet } from '@liftplan/domain';

export type Pt = readonly [number, number];

/** The face frame of a photo from its landmarks (iris scale, or a measured PD, else the population default). */
export const frameOf = (lm: LandmarkSet, pdMm?: number): FaceFrame => buildFaceFrame(lm, calibrate(lm, pdMm));

export const pts = (points: readonly Pt[]): string =>
  points.map((p) => `${Math.round(p[0] * 10) / 10},${Math.round(p[1] * 10) / 10}`).join(' ');

/** Stroke unit: overlays read the same on small and large photos. */
export const unitOf = (w: number, h: number): number => Math.max(w, h) / 600;

/** Moves one mesh (or iris) point; returns a new landmark set marked as corrected. */
export function movePoint(lm: LandmarkSet, index: number, to: Pt): LandmarkSet {
  const mesh = lm.mesh.map((p, i) => (i === index ? ([to[0], to[1], p[2]] as [number, number, number]) : p));
  const prev = lm.correctedIndices ?? [];
  return {
    ...lm,
    mesh,
    corrected: true,
    correctedIndices: prev.includes(index) ? prev : [...prev, index].sort((a, b) => a - b),
  };
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * The face's bounding box widened by `margin` of its size on every side (temples, ears and neck stay in view),
 * clamped to the image: the view shown for landmark and plan work, so a small face in a large photo fills the
 * screen.
 */
export function faceBox(lm: LandmarkSet, size: { width: number; height: number }, margin = 0.35): Box {
  const xs = lm.mesh.map((p) => p[0]);
  const ys = lm.mesh.map((p) => p[1]);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const w = maxX - minX;
  const h = maxY - minY;
  const x0 = Math.max(0, minX - w * margin);
  const y0 = Math.max(0, minY - h * margin);
  const x1 = Math.min(size.width, maxX + w * margin);
  const y1 = Math.min(size.height, maxY + h * (margin + 0.25));
  return x1 > x0 && y1 > y0
    ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }
    : { x: 0, y: 0, w: size.width, h: size.height };
}
