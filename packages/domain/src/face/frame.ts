import type { LandmarkSet, Point3 } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { fitLine } from '../geometry/line-fit.js';
import { facePoint, type FacePoint, type Degrees, degrees } from '../geometry/types.js';
import { dot, midpoint, sub, type Vec2 } from '../geometry/vec.js';
import { IRIS, MIDLINE_FIT, PAIRED } from './landmarks.js';
import type { Calibration } from './calibration.js';

/**
 * The face-aligned frame of one photo (Emotrics' method, generalised): the facial midline is fitted through
 * the midline landmarks by total least squares; the frame's up axis runs along it, its lateral axis is
 * perpendicular and points to the subject's left (decided by the eye labels, so a mirrored photo still gives an
 * anatomical frame); the origin is the point of the midline nearest the midpoint between the eyes. Image
 * points map to millimetres through the photo's calibration, the only place px become mm.
 */
export interface FaceFrame {
  /** Origin in image pixels. */
  readonly originPx: Vec2;
  /** Unit vector (image px) toward the subject's left. */
  readonly lateralAxis: Vec2;
  /** Unit vector (image px) toward superior. */
  readonly upAxis: Vec2;
  /** Roll of the midline from the image vertical, positive clockwise as seen in the image. */
  readonly roll: Degrees;
  readonly calibration: Calibration;
}

/** 2-D image coordinates of a mesh vertex. */
export function meshPoint(landmarks: LandmarkSet, index: number): Vec2 {
  const p = landmarks.mesh[index];
  if (!p) throw new RangeError(`mesh index ${index} out of range`);
  return [p[0], p[1]];
}

export function irisPoint(landmarks: LandmarkSet, index: number): Vec2 | undefined {
  const p = landmarks.iris?.[index];
  return p ? [p[0], p[1]] : undefined;
}

/** Pupil centre: the iris centre when iris points exist, else the midpoint of the eye corners (estimated). */
export function pupilCentre(landmarks: LandmarkSet, side: Side): { point: Vec2; estimated: boolean } {
  const iris = irisPoint(landmarks, IRIS[side].centre);
  if (iris) return { point: iris, estimated: false };
  return {
    point: midpoint(
      meshPoint(landmarks, PAIRED.outerCanthus[side]),
      meshPoint(landmarks, PAIRED.innerCanthus[side]),
    ),
    estimated: true,
  };
}

export function buildFaceFrame(landmarks: LandmarkSet, calibration: Calibration): FaceFrame {
  const line = fitLine(MIDLINE_FIT.map((i) => meshPoint(landmarks, i)));
  // Orient the midline toward the forehead: image y grows downward, so "up" has negative y.
  let up: Vec2 = line.direction;
  const chinToForehead = sub(
    meshPoint(landmarks, MIDLINE_FIT[0] ?? 10),
    meshPoint(landmarks, MIDLINE_FIT[MIDLINE_FIT.length - 1] ?? 152),
  );
  if (dot(up, chinToForehead) < 0) up = [-up[0], -up[1]];
  let lateral: Vec2 = [-up[1], up[0]];
  const rightToLeft = sub(pupilCentre(landmarks, 'left').point, pupilCentre(landmarks, 'right').point);
  if (dot(lateral, rightToLeft) < 0) lateral = [-lateral[0], -lateral[1]];
  const eyeMid = midpoint(pupilCentre(landmarks, 'left').point, pupilCentre(landmarks, 'right').point);
  const t = dot(sub(eyeMid, line.centroid), line.direction);
  const origin: Vec2 = [line.centroid[0] + t * line.direction[0], line.centroid[1] + t * line.direction[1]];
  // Roll: angle of the "up" axis from the image's up direction (0, -1); positive = clockwise in the image.
  const rollRad = Math.atan2(up[0], -up[1]);
  return {
    originPx: origin,
    lateralAxis: lateral,
    upAxis: up,
    roll: degrees((rollRad * 180) / Math.PI),
    calibration,
  };
}

/** Image pixels -> face frame millimetres (a mesh point's z is ignored). */
export function toFace(frame: FaceFrame, p: Vec2 | Point3): FacePoint {
  // dot(sub(p, origin), axis) * k written out: called for every landmark and anchor, so no temporary tuple.
  const dx = p[0] - frame.originPx[0];
  const dy = p[1] - frame.originPx[1];
  const k = frame.calibration.mmPerPx;
  const { lateralAxis: l, upAxis: u } = frame;
  return facePoint((dx * l[0] + dy * l[1]) * k, (dx * u[0] + dy * u[1]) * k);
}

/** Face frame millimetres -> image pixels (inverse of `toFace`). */
export function toImage(frame: FaceFrame, p: Vec2): [number, number] {
  const k = frame.calibration.mmPerPx;
  const x = p[0] / k;
  const y = p[1] / k;
  return [
    frame.originPx[0] + x * frame.lateralAxis[0] + y * frame.upAxis[0],
    frame.originPx[1] + x * frame.lateralAxis[1] + y * frame.upAxis[1],
  ];
}

/** A mesh vertex in the face frame. */
export function faceLandmark(frame: FaceFrame, landmarks: LandmarkSet, index: number): FacePoint {
  const p = landmarks.mesh[index];
  if (!p) throw new RangeError(`mesh index ${index} out of range`);
  return toFace(frame, p); // the mesh point itself: toFace reads only x and y, no copy needed
}
