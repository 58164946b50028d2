import type { LandmarkSet } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { faceLandmark, type FaceFrame } from '../face/frame.js';
import { PAIRED } from '../face/landmarks.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { midpoint } from '../geometry/vec.js';

/** +1 for the subject's left (+x in the face frame), −1 for the right. */
export const lateralSign = (side: Side): 1 | -1 => (side === 'left' ? 1 : -1);

/**
 * The tragus is not a mesh landmark and is hidden on frontal photos. Estimate: at the height midway between the
 * ear-level face-oval point and zygion (the tragus sits near the Frankfort level, between the two), and
 * `tragusLateralToFaceOutlineMm` lateral to them, because the ear stands just outside the face outline.
 */
export function estimateTragus(landmarks: LandmarkSet, frame: FaceFrame, side: Side): FacePoint {
  const m = midpoint(
    faceLandmark(frame, landmarks, PAIRED.earLevelOval[side]),
    faceLandmark(frame, landmarks, PAIRED.zygion[side]),
  );
  return facePoint(m[0] + lateralSign(side) * THRESHOLDS.tragusLateralToFaceOutlineMm.value, m[1]);
}

export const TRAGUS_REASON = `the tragus is not in the face mesh and is hidden on frontal photos: estimated ${THRESHOLDS.tragusLateralToFaceOutlineMm.value} mm lateral to the ear-level face outline`;
