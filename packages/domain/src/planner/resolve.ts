/** Named landmark points of a technique, resolved on one face (face frame, mm). */
import type { LandmarkSet } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { faceLandmark, type FaceFrame } from '../face/frame.js';
import { PAIRED, PLANNER_LANDMARKS } from '../face/landmarks.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { lerp } from '../geometry/vec.js';
import type { DangerZone } from '../zones/types.js';
import type { NamedPoint, PointSpec } from './geometry-specs.js';
import type { Plane } from './types.js';

export interface GeometryContext {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly zones: readonly DangerZone[];
  /**
   * True when a thread segment in this plane meets no zone part at a depth the zone rules do not accept; the
   * layout keeps path ends where the last leg passes (zoneSafety.ts builds it). Absent: no such filter.
   */
  readonly segmentOk?: (a: FacePoint, b: FacePoint, plane: Plane) => boolean;
}

const lateralSign = (side: Side): 1 | -1 => (side === 'left' ? 1 : -1);

function named(ctx: GeometryContext, name: NamedPoint, side: Side): FacePoint {
  const index =
    name in PAIRED
      ? PAIRED[name as keyof typeof PAIRED][side]
      : PLANNER_LANDMARKS[name as keyof typeof PLANNER_LANDMARKS][side];
  return faceLandmark(ctx.frame, ctx.landmarks, index);
}

export function resolvePoint(ctx: GeometryContext, spec: PointSpec, side: Side): FacePoint {
  const a = named(ctx, spec.a, side);
  const base = spec.b ? lerp(a, named(ctx, spec.b, side), spec.t ?? 0.5) : a;
  return facePoint(base[0] + lateralSign(side) * (spec.lateralMm ?? 0), base[1] + (spec.upMm ?? 0));
}
