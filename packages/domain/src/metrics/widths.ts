import { PAIRED } from '../face/landmarks.js';
import { distance } from '../geometry/vec.js';
import { fp, measured, requireFront, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/** Bizygomatic width: the widest midface points of the mesh oval (zygion, 234/454). */
export function bizygomaticWidth(ctx: MetricContext): MetricResult {
  const front = requireFront(ctx, 'bizygomatic-width', 'bilateral');
  if (front) return front;
  return measured(
    ctx,
    'bizygomatic-width',
    'bilateral',
    distance(fp(ctx, PAIRED.zygion.left), fp(ctx, PAIRED.zygion.right)),
    'mm',
    ['bizygomatic-metric'],
  );
}

/** Bigonial width: the mesh's mandibular angle points (172/397). */
export function bigonialWidth(ctx: MetricContext): MetricResult {
  const front = requireFront(ctx, 'bigonial-width', 'bilateral');
  if (front) return front;
  return measured(
    ctx,
    'bigonial-width',
    'bilateral',
    distance(fp(ctx, PAIRED.gonion.left), fp(ctx, PAIRED.gonion.right)),
    'mm',
    ['jowl-3d-ageing'],
  );
}

/**
 * Lower-face width ratio = bigonial / bizygomatic. Scale-free. Low values mean a midface that is wide relative
 * to the jaw, where bunching lax tissue at the cheekbone widens the midface further (Kang 2020).
 */
export function lowerFaceWidthRatio(ctx: MetricContext): MetricResult {
  const id = 'lower-face-width-ratio';
  const front = requireFront(ctx, id, 'bilateral');
  if (front) return front;
  const zyg = distance(fp(ctx, PAIRED.zygion.left), fp(ctx, PAIRED.zygion.right));
  const gon = distance(fp(ctx, PAIRED.gonion.left), fp(ctx, PAIRED.gonion.right));
  return measured(ctx, id, 'bilateral', gon / zyg, 'ratio', ['midface-width-kang', 'bizygomatic-metric']);
}
