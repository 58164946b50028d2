import type { LandmarkSet } from '../case/schema.js';
import { SYNTHETIC_DETECTOR } from '../face/synthetic.js';
import { METRIC_BANDS } from './bands.data.js';
import type {
  AsymmetryResult,
  MeasuredMetric,
  MetricBand,
  MetricId,
  MetricResult,
  MetricUnit,
} from './types.js';

/** Measured repeatability of one metric, in the metric's own unit. */
export interface MetricRepeatability {
  readonly sd: number;
  readonly sem: number;
  readonly mdc: number;
  readonly cv: number | null;
  readonly n: number;
}
/** Error bands measured by `npm run eval:landmarks -- --write-bands`; generated data, never hand-edited. */
export interface MetricBandSet {
  readonly detector: string;
  readonly measured: string;
  readonly method: string;
  readonly singleShot: Readonly<Partial<Record<MetricId, MetricRepeatability>>>;
  readonly burst3: Readonly<Partial<Record<MetricId, MetricRepeatability>>>;
}

/** MDC = 1.96·√2·SEM: the smallest change between two measurements that is beyond error at 95 %. */
export const MDC_FACTOR = 1.96 * Math.SQRT2;

/** Shots at or above which a median uses the 3-shot burst bands; fewer use the single-shot bands. */
export const BURST_SHOTS = 3;

/**
 * The band set that describes a landmark set: the measured one, except for synthetic faces (built from the
 * canonical mesh, no detector) and photos that failed the quality gate (provisional): repeatability was
 * measured on photos within the gate (packages/vision/eval), so outside it no band is established.
 */
export function bandSetFor(
  landmarks: Pick<LandmarkSet, 'detector' | 'quality'>,
  bands: MetricBandSet = METRIC_BANDS,
): MetricBandSet | null {
  if (landmarks.detector.id === SYNTHETIC_DETECTOR.id) return null;
  return (landmarks.quality ?? []).some((q) => q.status === 'fail') ? null : bands;
}

/** The measured repeatability of a metric for a value that is the median of `shots` photos. */
export function repeatabilityOf(
  id: MetricId,
  shots: number,
  bands: MetricBandSet | null = METRIC_BANDS,
): MetricRepeatability | undefined {
  if (!bands) return undefined;
  return shots >= BURST_SHOTS ? bands.burst3[id] : bands.singleShot[id];
}

function sourceOf(bands: MetricBandSet, shots: number): string {
  const how = shots >= BURST_SHOTS ? `median of ${shots} shots (3-shot bands)` : 'single shot';
  return `${bands.detector} repeatability, ${how}, measured ${bands.measured.slice(0, 10)}`;
}

/**
 * The band of one value. For mm the SEM folds in the scale's own relative uncertainty
 * (√(SEM² + (value·u)²)); the MDC stays the repeatability one, because a change measured in the baseline's
 * frame shares its scale, so the scale's systematic error does not add to the change. Null when no
 * repeatability was measured for the metric.
 */
export function metricBand(
  id: MetricId,
  unit: MetricUnit,
  value: number,
  shots: number,
  scaleRelativeUncertainty: number,
  bands: MetricBandSet | null = METRIC_BANDS,
): MetricBand | null {
  const r = repeatabilityOf(id, shots, bands);
  if (!r || !bands) return null;
  const sem = unit === 'mm' ? Math.hypot(r.sem, Math.abs(value) * scaleRelativeUncertainty) : r.sem;
  return { sem, mdc: r.mdc, shots, source: sourceOf(bands, shots) };
}

/** Every measured metric with its band attached. */
export function withBands(
  metrics: readonly MetricResult[],
  shots: number,
  scaleRelativeUncertainty: number,
  bands: MetricBandSet | null = METRIC_BANDS,
): MetricResult[] {
  return metrics.map((m) =>
    m.status === 'measured'
      ? ({
          ...m,
          band: metricBand(m.id, m.unit, m.value, shots, scaleRelativeUncertainty, bands),
        } satisfies MeasuredMetric)
      : m,
  );
}

/**
 * Band of a left − right difference in one photo: both sides carry independent repeatability error
 * (SEM·√2); the smallest difference beyond error at 95 % is 1.96·√2·SEM, i.e. the metric's MDC. The shared
 * scale multiplies both sides, so it does not add to the difference.
 */
export function differenceBand(
  id: MetricId,
  shots: number,
  bands: MetricBandSet | null = METRIC_BANDS,
): MetricBand | null {
  const r = repeatabilityOf(id, shots, bands);
  if (!r || !bands) return null;
  return { sem: r.sem * Math.SQRT2, mdc: r.mdc, shots, source: sourceOf(bands, shots) };
}

/** True when a left/right difference is beyond both the perceptibility threshold and its band. */
export function asymmetryFlagged(a: Pick<AsymmetryResult, 'difference' | 'threshold' | 'band'>): boolean {
  const d = Math.abs(a.difference);
  return d > a.threshold && (a.band === null || d > a.band.mdc);
}

export { METRIC_BANDS };
