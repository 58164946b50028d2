import type { Side } from '../case/vocab.js';
import { JAW_CONTOUR } from '../face/landmarks.js';
import { fp, measured, notMeasurable, sideVisible, type MetricContext } from './context.js';
import type { MetricResult } from './types.js';

/**
 * Jowl depth: how far the lower face contour hangs below a smooth (straight) jawline. The chord runs from the
 * gonion to the pre-jowl sulcus (the mandibular-ligament end); the value is the largest vertical drop (face
 * frame) of the contour between them below that chord. A contour distance, not a point pair, because mesh jaw
 * points slide along the contour (vision notes). A young jawline still reads a few millimetres (the mandible's
 * own curve): the value is for side-to-side comparison and change from baseline, not an absolute grade.
 * Measured on the front view for both sides and on oblique/profile views for the side facing the camera.
 */
export function jowlDepth(ctx: MetricContext, side: Side): MetricResult {
  const id = 'jowl-depth';
  if (!sideVisible(ctx.view, side)) {
    return notMeasurable(
      id,
      side,
      `the ${side} jawline is turned away from the camera in the ${ctx.view} photo`,
    );
  }
  const contour = JAW_CONTOUR[side].map((i) => fp(ctx, i));
  const a = contour[0];
  const b = contour[contour.length - 1];
  if (!a || !b || a[0] === b[0]) {
    return notMeasurable(id, side, 'the jaw contour is degenerate (gonion and pre-jowl points coincide)');
  }
  let depth = -Infinity;
  for (const p of contour.slice(1, -1)) {
    const t = (p[0] - a[0]) / (b[0] - a[0]);
    const chordY = a[1] + t * (b[1] - a[1]);
    depth = Math.max(depth, chordY - p[1]);
  }
  const warnings =
    ctx.view === 'front' ? [] : [`measured on the ${ctx.view} photo: compare only with the same view`];
  return measured(
    ctx,
    id,
    side,
    depth,
    'mm',
    ['jowl-ligaments', 'jowl-3d-ageing', 'mesh-jaw-sliding'],
    warnings,
  );
}
