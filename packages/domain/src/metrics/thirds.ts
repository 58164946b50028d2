import { MESH } from '../face/landmarks.js';
import { fp, measured, notMeasurable, requireFront, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/** Upper third (trichion to glabella): the hairline is not a mesh landmark, so it cannot be measured. */
export function upperThird(ctx: MetricContext): MetricResult {
  const front = requireFront(ctx, 'upper-third', 'bilateral');
  if (front) return front;
  return notMeasurable(
    'upper-third',
    'bilateral',
    'the hairline (trichion) is not part of the 468-point mesh; the mesh top is not the hairline',
  );
}

/** Middle third: glabella to subnasale, along the face-frame vertical. */
export function middleThird(ctx: MetricContext): MetricResult {
  const front = requireFront(ctx, 'middle-third', 'bilateral');
  if (front) return front;
  return measured(
    ctx,
    'middle-third',
    'bilateral',
    fp(ctx, MESH.glabella)[1] - fp(ctx, MESH.subnasale)[1],
    'mm',
    ['jowl-3d-ageing'],
  );
}

/** Lower third: subnasale to menton, along the face-frame vertical. */
export function lowerThird(ctx: MetricContext): MetricResult {
  const front = requireFront(ctx, 'lower-third', 'bilateral');
  if (front) return front;
  return measured(
    ctx,
    'lower-third',
    'bilateral',
    fp(ctx, MESH.subnasale)[1] - fp(ctx, MESH.menton)[1],
    'mm',
    ['jowl-3d-ageing'],
  );
}

export function lowerToMiddleThirdRatio(ctx: MetricContext): MetricResult {
  const id = 'lower-to-middle-third-ratio';
  const front = requireFront(ctx, id, 'bilateral');
  if (front) return front;
  const mid = fp(ctx, MESH.glabella)[1] - fp(ctx, MESH.subnasale)[1];
  const low = fp(ctx, MESH.subnasale)[1] - fp(ctx, MESH.menton)[1];
  if (mid <= 0) return notMeasurable(id, 'bilateral', 'glabella is not above subnasale: check the landmarks');
  return measured(ctx, id, 'bilateral', low / mid, 'ratio', ['jowl-3d-ageing']);
}
