/**
 * Follow-up change measured in the baseline's frame. The follow-up landmarks are moved onto the baseline
 * photo by the 2-D similarity fitted on the stable landmarks (eye corners, nasal bridge, nose), then
 * measured on the baseline's scale, so camera distance, roll and the follow-up's own iris jitter do not
 * count as change. Change = follow-up − baseline per metric and side; it is called a change only above its
 * minimal detectable change (MDC), otherwise "within measurement error". A follow-up whose stable features
 * do not match the baseline's shape is refused (`checkSameFace`).
 */
import type { LandmarkSet, Point3 } from '../case/schema.js';
import type { View } from '../case/vocab.js';
import { calibrate } from '../face/calibration.js';
import { STABLE_LANDMARKS } from '../face/landmarks.js';
import { MDC_FACTOR } from '../metrics/bands.js';
import { measureViewOnScale } from '../metrics/measure.js';
import type { MetricBand, MetricId, MetricSide, MetricUnit, ViewMeasurements } from '../metrics/types.js';
import { checkSameFace, type ConsistencyResult } from './consistency.js';
import { apply2, fitSimilarity2, type P2, type Similarity2 } from './similarity.js';

export interface MetricChange {
  readonly id: MetricId;
  readonly side: MetricSide;
  readonly unit: MetricUnit;
  readonly baseline: number;
  readonly followUp: number;
  /** follow-up − baseline, in the baseline's frame and scale. */
  readonly change: number;
  /** Smallest change beyond measurement error at 95 % (both measurements' repeatability); null unmeasured. */
  readonly mdc: number | null;
  /** `change` above the MDC; `within-error` at or below it; `no-band` when no repeatability was measured. */
  readonly verdict: 'change' | 'within-error' | 'no-band';
}

export type FollowUpComparison =
  | {
      readonly ok: true;
      /** Follow-up pixels -> baseline pixels. */
      readonly transform: Similarity2;
      readonly consistency: ConsistencyResult;
      readonly baseline: ViewMeasurements;
      /** The follow-up, measured in the baseline's frame and on its scale. */
      readonly followUp: ViewMeasurements;
      readonly changes: readonly MetricChange[];
    }
  | {
      readonly ok: false;
      readonly code: 'face-mismatch';
      readonly message: string;
      readonly consistency: ConsistencyResult;
    };

export interface CompareOptions {
  readonly pupillaryDistanceMm?: number;
  readonly view?: View;
  /** Limit of the shape distance (tests); defaults to FACE_CONSISTENCY.maxDistance. */
  readonly faceLimit?: number;
}

/** The follow-up landmarks moved by `t` (x, y by the similarity; z scaled with it). */
export function transformLandmarks(l: LandmarkSet, t: Similarity2): LandmarkSet {
  const move = (p: Point3): Point3 => {
    const [x, y] = apply2(t, [p[0], p[1]]);
    return [x, y, p[2] * t.scale];
  };
  return {
    ...l,
    mesh: l.mesh.map(move),
    ...(l.iris ? { iris: l.iris.map(move) } : {}),
  };
}

/** The 2-D similarity that takes the follow-up's stable landmarks onto the baseline's. */
export function alignToBaseline(baseline: LandmarkSet, followUp: LandmarkSet): Similarity2 {
  const pts = (l: LandmarkSet): P2[] =>
    STABLE_LANDMARKS.indices.map((i) => {
      const p = l.mesh[i];
      if (!p) throw new RangeError(`landmark ${i} is missing from the mesh`);
      return [p[0], p[1]];
    });
  return fitSimilarity2(pts(followUp), pts(baseline));
}

/** MDC of a difference of two measurements with these bands: 1.96·√(SEM₁² + SEM₂²) of repeatability. */
export function changeMdc(a: MetricBand | null, b: MetricBand | null): number | null {
  if (!a || !b) return null;
  // band.mdc = 1.96·√2·SEM_repeatability, so SEM_repeatability = mdc / (1.96·√2).
  return 1.96 * Math.hypot(a.mdc / MDC_FACTOR, b.mdc / MDC_FACTOR);
}

export function compareFollowUp(
  baseline: LandmarkSet,
  followUp: LandmarkSet,
  options: CompareOptions = {},
): FollowUpComparison {
  const consistency = checkSameFace(
    baseline,
    followUp,
    'The follow-up photo and the baseline photo',
    ...(options.faceLimit !== undefined ? [options.faceLimit] : []),
  );
  if (!consistency.ok) {
    return { ok: false, code: 'face-mismatch', message: consistency.message, consistency };
  }
  const view = options.view ?? 'front';
  const scale = calibrate(baseline, options.pupillaryDistanceMm);
  const transform = alignToBaseline(baseline, followUp);
  const base = measureViewOnScale(baseline, view, scale);
  const cur = measureViewOnScale(transformLandmarks(followUp, transform), view, scale);
  const changes: MetricChange[] = [];
  for (const b of base.metrics) {
    if (b.status !== 'measured') continue;
    const f = cur.metrics.find((x) => x.id === b.id && x.side === b.side);
    if (f?.status !== 'measured') continue;
    const change = f.value - b.value;
    const mdc = changeMdc(b.band, f.band);
    const verdict = mdc === null ? 'no-band' : Math.abs(change) > mdc ? 'change' : 'within-error';
    changes.push({
      id: b.id,
      side: b.side,
      unit: b.unit,
      baseline: b.value,
      followUp: f.value,
      change,
      mdc,
      verdict,
    });
  }
  return { ok: true, transform, consistency, baseline: base, followUp: cur, changes };
}

export interface ViewConsistency {
  readonly view: View;
  readonly result: ConsistencyResult;
}

/**
 * One visit's views must show one face: each non-front view's stable landmarks against the front's, in 3-D
 * after pose alignment. Returns the per-view results; any `ok: false` names the view that does not match.
 */
export function checkVisitViews(
  views: readonly { readonly view: View; readonly landmarks: LandmarkSet }[],
  limit?: number,
): ViewConsistency[] {
  const front = views.find((v) => v.view === 'front');
  if (!front) return [];
  return views
    .filter((v) => v.view !== 'front')
    .map((v) => ({
      view: v.view,
      result: checkSameFace(
        front.landmarks,
        v.landmarks,
        `The ${v.view} photo and the front photo of this visit`,
        ...(limit !== undefined ? [limit] : []),
      ),
    }));
}
