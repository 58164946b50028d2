import type { LandmarkSet } from '../case/schema.js';
import type { Region, Side } from '../case/vocab.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { faceLandmark, type FaceFrame } from './frame.js';
import { JAW_BORDER } from './landmarks.js';

/**
 * Treatment regions as closed outlines of mesh vertices, by the subject's side (data, like landmarks.ts; the
 * right lists are the mesh mirrors of the left, checked in tests). Outlines follow the skin areas threads
 * treat: brow = lower brow edge up to the lower forehead and temple; midface = lid–cheek junction to the
 * malar/submalar cheek; nasolabial = a band from the alar crease to the commissure; marionette = below the
 * commissure to the chin; jowl = above the jaw border between the angle and the pre-jowl sulcus.
 */
export const REGION_OUTLINES: Record<Exclude<Region, 'neck'>, Record<Side, readonly number[]>> = {
  brow: {
    right: [55, 65, 52, 53, 46, 139, 21, 54, 104, 69, 108],
    left: [285, 295, 282, 283, 276, 368, 251, 284, 333, 299, 337],
  },
  midface: {
    right: [120, 119, 118, 117, 116, 227, 137, 147, 187, 205, 36, 100],
    left: [349, 348, 347, 346, 345, 447, 366, 376, 411, 425, 266, 329],
  },
  nasolabial: {
    right: [129, 36, 205, 216, 212, 61, 186, 92, 165, 98],
    left: [358, 266, 425, 436, 432, 291, 410, 322, 391, 327],
  },
  marionette: {
    right: [61, 212, 210, 169, 170, 140, 32, 204, 43],
    left: [291, 432, 430, 394, 395, 369, 262, 424, 273],
  },
  jowl: {
    right: [215, 58, 172, 136, 150, 149, 176, 140, 170, 169, 210, 214, 192],
    left: [435, 288, 397, 365, 379, 378, 400, 369, 395, 394, 430, 434, 416],
  },
};

/**
 * The mesh ends at the jaw, so the neck region is built below the jaw border (gonion -> menton) by this
 * offset: a drawing and planning extent for the submandibular neck, not a clinical measurement.
 */
export const NECK_DEPTH_BELOW_JAW_MM = 35;

/** Outline of a treatment region in the face frame (mm), closed implicitly. */
export function regionPolygon(
  region: Region,
  side: Side,
  landmarks: LandmarkSet,
  frame: FaceFrame,
): FacePoint[] {
  const at = (i: number): FacePoint => faceLandmark(frame, landmarks, i);
  if (region !== 'neck') return REGION_OUTLINES[region][side].map(at);
  const jaw = JAW_BORDER[side].map(at);
  const below = jaw.map((p) => facePoint(p[0], p[1] - NECK_DEPTH_BELOW_JAW_MM)).reverse();
  return [...jaw, ...below];
}
