import type { Side } from '../case/vocab.js';
import { BROW_UPPER, PAIRED } from '../face/landmarks.js';
import { fp, measured, notMeasurable, requireFront, yAtX, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/**
 * Lateral brow height: the height of the upper brow contour above the lateral canthus, taken on the vertical
 * through the lateral canthus in the face frame (Matros & Yaremchuk measure brow height above the intercanthal
 * plane at the lateral canthus; the lateral brow is the segment that descends with age, Park 2017).
 */
export function lateralBrowHeight(ctx: MetricContext, side: Side): MetricResult {
  const id = 'lateral-brow-height';
  const front = requireFront(ctx, id, side);
  if (front) return front;
  const canthus = fp(ctx, PAIRED.outerCanthus[side]);
  const brow = BROW_UPPER[side].map((i) => fp(ctx, i));
  const y = yAtX(brow, canthus[0]);
  if (y === undefined) {
    return notMeasurable(
      id,
      side,
      'the brow contour does not reach the vertical through the lateral eye corner (check the brow landmarks)',
    );
  }
  return measured(ctx, id, side, y - canthus[1], 'mm', ['brow-height-matros', 'lateral-brow-descent']);
}
