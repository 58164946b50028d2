import type { Side } from '../case/vocab.js';
import { PAIRED } from '../face/landmarks.js';
import { distance } from '../geometry/vec.js';
import { fp, measured, requireFront, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/**
 * Nasolabial region proxy, length: alar crease to mouth corner, in mm. The fold lies along this line; its
 * length grows as the cheek descends over it (3-D ageing studies: deeper NLF). A proxy (§9 gap).
 */
export function nasolabialLength(ctx: MetricContext, side: Side): MetricResult {
  const id = 'nasolabial-length';
  const front = requireFront(ctx, id, side);
  if (front) return front;
  return measured(
    ctx,
    id,
    side,
    distance(fp(ctx, PAIRED.alarCrease[side]), fp(ctx, PAIRED.mouthCorner[side])),
    'mm',
    ['no-validated-mesh-metric', 'jowl-3d-ageing'],
  );
}

/**
 * Nasolabial region proxy, angle: the alar-crease -> mouth-corner line's angle from the face-frame vertical, in
 * degrees, positive when the corner lies lateral to the ala.
 */
export function nasolabialAngle(ctx: MetricContext, side: Side): MetricResult {
  const id = 'nasolabial-angle';
  const front = requireFront(ctx, id, side);
  if (front) return front;
  const ala = fp(ctx, PAIRED.alarCrease[side]);
  const corner = fp(ctx, PAIRED.mouthCorner[side]);
  const lateral = Math.abs(corner[0]) - Math.abs(ala[0]);
  const down = ala[1] - corner[1];
  return measured(ctx, id, side, (Math.atan2(lateral, down) * 180) / Math.PI, 'deg', [
    'no-validated-mesh-metric',
  ]);
}
