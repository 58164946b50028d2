import type { CaseFile, LandmarkSet, Photo } from '../case/schema.js';
import type { Side, View } from '../case/vocab.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { calibrate, type Calibration } from '../face/calibration.js';
import { buildFaceFrame } from '../face/frame.js';
import { asymmetryFlagged, bandSetFor, differenceBand, withBands, type MetricBandSet } from './bands.js';
import { lateralBrowHeight } from './brow.js';
import type { MetricContext } from './context.js';
import { jowlDepth } from './jowl.js';
import { malarDescent } from './midface.js';
import { commissureAngle, commissureHeight } from './mouth.js';
import { nasolabialAngle, nasolabialLength } from './nasolabial.js';
import { lowerThird, lowerToMiddleThirdRatio, middleThird, upperThird } from './thirds.js';
import type { AsymmetryResult, MeasuredMetric, MetricId, MetricResult, ViewMeasurements } from './types.js';
import { bigonialWidth, bizygomaticWidth, lowerFaceWidthRatio } from './widths.js';

type SidedMetric = (ctx: MetricContext, side: Side) => MetricResult;

/** Paired metrics and which direction means "more sagging" on a side. */
export const PAIRED_METRICS: readonly { id: MetricId; fn: SidedMetric; worse: 'lower' | 'higher' }[] = [
  { id: 'lateral-brow-height', fn: lateralBrowHeight, worse: 'lower' },
  { id: 'commissure-height', fn: commissureHeight, worse: 'lower' },
  { id: 'commissure-angle', fn: commissureAngle, worse: 'lower' },
  { id: 'jowl-depth', fn: jowlDepth, worse: 'higher' },
  { id: 'malar-descent', fn: malarDescent, worse: 'higher' },
  { id: 'nasolabial-length', fn: nasolabialLength, worse: 'higher' },
  { id: 'nasolabial-angle', fn: nasolabialAngle, worse: 'higher' },
];

const BILATERAL_METRICS = [
  bizygomaticWidth,
  bigonialWidth,
  lowerFaceWidthRatio,
  upperThird,
  middleThird,
  lowerThird,
  lowerToMiddleThirdRatio,
];

function asymmetry(
  left: MetricResult,
  right: MetricResult,
  worse: 'lower' | 'higher',
  shots: number,
  bands: MetricBandSet | null,
): AsymmetryResult | null {
  if (left.status !== 'measured' || right.status !== 'measured') return null;
  if (left.unit === 'ratio') return null;
  const difference = left.value - right.value;
  const threshold =
    left.unit === 'deg' ? THRESHOLDS.asymmetryPerceptibleDeg : THRESHOLDS.asymmetryPerceptibleMm;
  const band = differenceBand(left.id, shots, bands);
  const perceptible = asymmetryFlagged({ difference, threshold: threshold.value, band });
  let moreAffectedSide: Side | null = null;
  if (perceptible) moreAffectedSide = difference < 0 === (worse === 'lower') ? 'left' : 'right';
  return {
    id: left.id,
    unit: left.unit,
    difference,
    perceptible,
    threshold: threshold.value,
    moreAffectedSide,
    estimate: left.estimate || right.estimate,
    cite: threshold.cite,
    band,
  };
}

/**
 * All metrics for one photo, with left/right differences and error bands. Pure: recomputes from the
 * landmarks every time. `shots` > 1 only through `measureBurst`.
 */
export function measureView(
  landmarks: LandmarkSet,
  view: View,
  pupillaryDistanceMm?: number,
): ViewMeasurements {
  return measureWithShots(landmarks, view, pupillaryDistanceMm, 1);
}

/**
 * Metrics of landmarks already moved into another photo's frame, on that photo's scale (a follow-up
 * aligned to its baseline): `calibration` is the baseline's, so both share one scale.
 */
export function measureViewOnScale(
  landmarks: LandmarkSet,
  view: View,
  calibration: Calibration,
  shots = 1,
): ViewMeasurements {
  return measureWithShots(landmarks, view, undefined, shots, calibration);
}

function measureWithShots(
  landmarks: LandmarkSet,
  view: View,
  pupillaryDistanceMm: number | undefined,
  shots: number,
  scale?: Calibration,
): ViewMeasurements {
  const calibration = scale ?? calibrate(landmarks, pupillaryDistanceMm);
  const frame = buildFaceFrame(landmarks, calibration);
  const ctx: MetricContext = { landmarks, frame, view };
  const bands = bandSetFor(landmarks);
  const metrics: MetricResult[] = [];
  const asymmetries: AsymmetryResult[] = [];
  for (const m of PAIRED_METRICS) {
    const left = m.fn(ctx, 'left');
    const right = m.fn(ctx, 'right');
    metrics.push(left, right);
    const a = asymmetry(left, right, m.worse, shots, bands);
    if (a) asymmetries.push(a);
  }
  for (const fn of BILATERAL_METRICS) metrics.push(fn(ctx));
  return {
    view,
    calibration,
    rollDeg: frame.roll,
    metrics: withBands(metrics, shots, calibration.relativeUncertainty, bands),
    asymmetries,
  };
}

export interface CaseMeasurements {
  readonly views: readonly ViewMeasurements[];
}

export function measureCase(c: CaseFile): CaseMeasurements {
  return { views: c.photos.map((p) => measurePhoto(p, c.patient.pupillaryDistanceMm)) };
}

type ShotsOf = Pick<Photo, 'view' | 'landmarks' | 'burst'>;

/** The landmark sets of every shot of a case photo, its own first. */
export const shotsOf = (photo: ShotsOf): LandmarkSet[] => [
  photo.landmarks,
  ...(photo.burst ?? []).map((b) => b.landmarks),
];

/**
 * Measurements of one case photo: a single shot, or a burst of shots of the same view (the capture
 * protocol's 3), whose metrics are the median of the shots that pass the quality gate, with the 3-shot
 * bands. The plan is drawn on the photo's own `landmarks`; only the numbers use the burst.
 */
export function measurePhoto(photo: ShotsOf, pupillaryDistanceMm?: number): ViewMeasurements {
  if (!photo.burst || photo.burst.length === 0) {
    return measureView(photo.landmarks, photo.view, pupillaryDistanceMm);
  }
  return measureBurst(shotsOf(photo), photo.view, pupillaryDistanceMm).measurements;
}

/** Looks up one measured value (or undefined when absent or not measurable). */
export function findMetric(
  m: ViewMeasurements | undefined,
  id: MetricId,
  side: MeasuredMetric['side'],
): MeasuredMetric | undefined {
  const r = m?.metrics.find((x) => x.id === id && x.side === side);
  return r?.status === 'measured' ? r : undefined;
}

/** Median of a non-empty list. */
function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** True when a landmark set's stored quality checks include a failure (a provisional photo). */
export const failedGate = (l: LandmarkSet): boolean => (l.quality ?? []).some((q) => q.status === 'fail');

export interface BurstMeasurements {
  /** Per metric the median of the shots used; bands from the 3-shot data when 3 or more were used. */
  readonly measurements: ViewMeasurements;
  /** Indices (into the input) of the shots the median rests on. */
  readonly used: readonly number[];
  /** True when no shot passed the gate, so the median is of all shots and provisional. */
  readonly provisional: boolean;
}

/**
 * A burst of shots of one view: each shot measured, then per metric the median of the shots that pass
 * the quality gate (all shots, flagged provisional, when none passes). A metric not measurable in some
 * used shot is not measurable for the burst (a median over a different subset per metric would mix shots).
 */
export function measureBurst(
  shots: readonly LandmarkSet[],
  view: View,
  pupillaryDistanceMm?: number,
): BurstMeasurements {
  if (shots.length === 0) throw new RangeError('a burst needs at least one shot');
  const passing = shots.flatMap((s, i) => (failedGate(s) ? [] : [i]));
  const used = passing.length > 0 ? passing : shots.map((_, i) => i);
  const views = used.map((i) => measureWithShots(shots[i] as LandmarkSet, view, pupillaryDistanceMm, 1));
  const first = views[0] as ViewMeasurements;
  const n = used.length;
  if (n === 1) {
    return {
      measurements: measureWithShots(shots[used[0] as number] as LandmarkSet, view, pupillaryDistanceMm, 1),
      used,
      provisional: passing.length === 0,
    };
  }
  const metrics: MetricResult[] = first.metrics.map((m0) => {
    const all = views.map((v) => v.metrics.find((x) => x.id === m0.id && x.side === m0.side));
    const measuredAll = all.filter((x): x is MeasuredMetric => x?.status === 'measured');
    if (measuredAll.length < n) {
      const reason = all.find((x) => x?.status === 'not-measurable');
      return {
        status: 'not-measurable',
        id: m0.id,
        side: m0.side,
        reason: `measurable in ${measuredAll.length} of ${n} shots${reason?.status === 'not-measurable' ? `: ${reason.reason}` : ''}`,
      };
    }
    const m = measuredAll[0] as MeasuredMetric;
    return {
      ...m,
      value: medianOf(measuredAll.map((x) => x.value)),
      estimate: measuredAll.some((x) => x.estimate),
      warnings: [...new Set(measuredAll.flatMap((x) => x.warnings))],
    };
  });
  const bands = bandSetFor(shots[used[0] as number] as LandmarkSet);
  const mmPerPx = medianOf(views.map((v) => v.calibration.mmPerPx));
  const calibration = {
    ...first.calibration,
    mmPerPx,
    estimate: views.some((v) => v.calibration.estimate),
    detail: `median of ${n} shots: ${first.calibration.detail}`,
    warnings: [...new Set(views.flatMap((v) => v.calibration.warnings))],
  };
  const asymmetries: AsymmetryResult[] = [];
  for (const p of PAIRED_METRICS) {
    const left = metrics.find((m) => m.id === p.id && m.side === 'left');
    const right = metrics.find((m) => m.id === p.id && m.side === 'right');
    const a = left && right ? asymmetry(left, right, p.worse, n, bands) : null;
    if (a) asymmetries.push(a);
  }
  return {
    measurements: {
      view,
      calibration,
      rollDeg: medianOf(views.map((v) => v.rollDeg)),
      metrics: withBands(metrics, n, calibration.relativeUncertainty, bands),
      asymmetries,
    },
    used,
    provisional: passing.length === 0,
  };
}
