import type { CaseFile, LandmarkSet } from '../case/schema.js';
import type { Side, View } from '../case/vocab.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame } from '../face/frame.js';
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
): AsymmetryResult | null {
  if (left.status !== 'measured' || right.status !== 'measured') return null;
  if (left.unit === 'ratio') return null;
  const difference = left.value - right.value;
  const threshold =
    left.unit === 'deg' ? THRESHOLDS.asymmetryPerceptibleDeg : THRESHOLDS.asymmetryPerceptibleMm;
  const perceptible = Math.abs(difference) > threshold.value;
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
  };
}

/** All metrics for one photo, with left/right differences. Pure: recomputes from the landmarks every time. */
export function measureView(
  landmarks: LandmarkSet,
  view: View,
  pupillaryDistanceMm?: number,
): ViewMeasurements {
  const calibration = calibrate(landmarks, pupillaryDistanceMm);
  const frame = buildFaceFrame(landmarks, calibration);
  const ctx: MetricContext = { landmarks, frame, view };
  const metrics: MetricResult[] = [];
  const asymmetries: AsymmetryResult[] = [];
  for (const m of PAIRED_METRICS) {
    const left = m.fn(ctx, 'left');
    const right = m.fn(ctx, 'right');
    metrics.push(left, right);
    const a = asymmetry(left, right, m.worse);
    if (a) asymmetries.push(a);
  }
  for (const fn of BILATERAL_METRICS) metrics.push(fn(ctx));
  return { view, calibration, rollDeg: frame.roll, metrics, asymmetries };
}

export interface CaseMeasurements {
  readonly views: readonly ViewMeasurements[];
}

export function measureCase(c: CaseFile): CaseMeasurements {
  return { views: c.photos.map((p) => measureView(p.landmarks, p.view, c.patient.pupillaryDistanceMm)) };
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
