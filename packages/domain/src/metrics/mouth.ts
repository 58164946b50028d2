import type { Side } from '../case/vocab.js';
import { MESH, PAIRED } from '../face/landmarks.js';
import { midpoint } from '../geometry/vec.js';
import { fp, measured, requireFront, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/**
 * Oral commissure height: the mouth corner's height relative to the stomion (midpoint of the inner lip
 * midline), in the face frame. Negative = the corner sits below the lip line (mouth-corner droop).
 */
export function commissureHeight(ctx: MetricContext, side: Side): MetricResult {
  const id = 'commissure-height';
  const front = requireFront(ctx, id, side);
  if (front) return front;
  const stomion = midpoint(fp(ctx, MESH.upperLipInner), fp(ctx, MESH.lowerLipInner));
  const corner = fp(ctx, PAIRED.mouthCorner[side]);
  return measured(ctx, id, side, corner[1] - stomion[1], 'mm', [
    'no-validated-mesh-metric',
    'asymmetry-perception',
  ]);
}

/**
 * Oral commissure angle: the angle of the line stomion -> mouth corner above the face-frame horizontal, in
 * degrees (atan2, so a vertical line cannot divide by zero). Negative = downturned corner.
 */
export function commissureAngle(ctx: MetricContext, side: Side): MetricResult {
  const id = 'commissure-angle';
  const front = requireFront(ctx, id, side);
  if (front) return front;
  const stomion = midpoint(fp(ctx, MESH.upperLipInner), fp(ctx, MESH.lowerLipInner));
  const corner = fp(ctx, PAIRED.mouthCorner[side]);
  const dx = Math.abs(corner[0] - stomion[0]);
  const dy = corner[1] - stomion[1];
  return measured(ctx, id, side, (Math.atan2(dy, dx) * 180) / Math.PI, 'deg', [
    'no-validated-mesh-metric',
    'asymmetry-perception',
  ]);
}
