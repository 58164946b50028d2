import type { LandmarkSet } from '../case/schema.js';
import type { Side, View } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import { faceLandmark, type FaceFrame } from '../face/frame.js';
import type { FacePoint } from '../geometry/types.js';
import type { MeasuredMetric, MetricId, MetricSide, MetricUnit, NotMeasurable } from './types.js';

/** Everything a metric function needs for one photo. */
export interface MetricContext {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly view: View;
}

export const fp = (ctx: MetricContext, index: number): FacePoint =>
  faceLandmark(ctx.frame, ctx.landmarks, index);

export function measured(
  ctx: MetricContext,
  id: MetricId,
  side: MetricSide,
  value: number,
  unit: MetricUnit,
  cite: readonly CitationKey[],
  warnings: readonly string[] = [],
): MeasuredMetric {
  // Ratios and angles do not depend on the px -> mm scale, so they are never estimates because of it.
  const estimate = unit === 'mm' && ctx.frame.calibration.estimate;
  return { status: 'measured', id, side, value, unit, estimate, warnings, cite, band: null };
}

export const notMeasurable = (id: MetricId, side: MetricSide, reason: string): NotMeasurable => ({
  status: 'not-measurable',
  id,
  side,
  reason,
});

/** Metrics that compare both sides or use the midline need a frontal photo. */
export function requireFront(ctx: MetricContext, id: MetricId, side: MetricSide): NotMeasurable | null {
  if (ctx.view === 'front') return null;
  return notMeasurable(
    id,
    side,
    `needs the front view; this is the ${ctx.view} photo, where the far side is foreshortened or hidden`,
  );
}

/** Sides visible in a view: both on the front, the near side on oblique and profile views. */
export function sideVisible(view: View, side: Side): boolean {
  if (view === 'front') return true;
  return view.endsWith(side);
}

/** y of a polyline (face frame) at a given x, by linear interpolation; undefined outside its x-range. */
export function yAtX(line: readonly FacePoint[], x: number): number | undefined {
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as FacePoint;
    const b = line[i] as FacePoint;
    const lo = Math.min(a[0], b[0]);
    const hi = Math.max(a[0], b[0]);
    if (x >= lo && x <= hi) {
      if (hi === lo) return Math.max(a[1], b[1]);
      const t = (x - a[0]) / (b[0] - a[0]);
      return a[1] + t * (b[1] - a[1]);
    }
  }
  return undefined;
}
