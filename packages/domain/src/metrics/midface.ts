import type { Side } from '../case/vocab.js';
import { PAIRED } from '../face/landmarks.js';
import { fp, measured, requireFront, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/**
 * Midface (malar) descent proxy: the vertical distance from the lower-lid midpoint down to the mesh's malar
 * point. Larger = the cheek mass sits lower. A proxy only: no validated MediaPipe midface-descent metric exists
 * (clinical-facts §9 gap); use it for side-to-side comparison and change from baseline.
 */
export function malarDescent(ctx: MetricContext, side: Side): MetricResult {
  const id = 'malar-descent';
  const front = requireFront(ctx, id, side);
  if (front) return front;
  const lid = fp(ctx, PAIRED.lowerLidMid[side]);
  const malar = fp(ctx, PAIRED.malar[side]);
  return measured(
    ctx,
    id,
    side,
    lid[1] - malar[1],
    'mm',
    ['no-validated-mesh-metric', 'jowl-3d-ageing'],
    ['proxy: no validated mesh metric for midface descent'],
  );
}
