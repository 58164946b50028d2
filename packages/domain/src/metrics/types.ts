import type { Side, View } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';

export const METRIC_IDS = [
  'lateral-brow-height',
  'commissure-height',
  'commissure-angle',
  'jowl-depth',
  'lower-face-width-ratio',
  'bizygomatic-width',
  'bigonial-width',
  'malar-descent',
  'nasolabial-length',
  'nasolabial-angle',
  'upper-third',
  'middle-third',
  'lower-third',
  'lower-to-middle-third-ratio',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export type MetricUnit = 'mm' | 'deg' | 'ratio';
export type MetricSide = Side | 'bilateral';

export interface MeasuredMetric {
  readonly status: 'measured';
  readonly id: MetricId;
  readonly side: MetricSide;
  readonly value: number;
  readonly unit: MetricUnit;
  /** True when the value rests on an estimated scale (population default calibration). */
  readonly estimate: boolean;
  readonly warnings: readonly string[];
  readonly cite: readonly CitationKey[];
  /** Error band from measured repeatability (and, for mm, the scale's uncertainty); null when no
   *  repeatability was measured for this metric. */
  readonly band: MetricBand | null;
}

/**
 * A value's error band: `sem` is the standard error of measurement in the metric's unit (for mm it folds in
 * the scale's relative uncertainty), `mdc` the minimal detectable change (1.96·√2·SEM of repeatability),
 * `shots` how many photos the value is the median of, `source` how the band was measured.
 */
export interface MetricBand {
  readonly sem: number;
  readonly mdc: number;
  readonly shots: number;
  readonly source: string;
}

export interface NotMeasurable {
  readonly status: 'not-measurable';
  readonly id: MetricId;
  readonly side: MetricSide;
  readonly reason: string;
}

export type MetricResult = MeasuredMetric | NotMeasurable;

/** Left minus right for one paired metric, flagged when people would notice it. */
export interface AsymmetryResult {
  readonly id: MetricId;
  readonly unit: 'mm' | 'deg';
  /** left − right, in the metric's own sign convention. */
  readonly difference: number;
  readonly perceptible: boolean;
  readonly threshold: number;
  /** The side with the lower (more sagging) value, when perceptible. */
  readonly moreAffectedSide: Side | null;
  readonly estimate: boolean;
  readonly cite: readonly CitationKey[];
  /** Band of the left − right difference (SEM·√2, MDC·√2 of the sides' bands); null when unmeasured. A
   *  difference is flagged only beyond both the perceptibility threshold and this band's MDC. */
  readonly band: MetricBand | null;
}

export interface ViewMeasurements {
  readonly view: View;
  readonly calibration: {
    method: string;
    source: 'iris' | 'pupillary-distance' | 'sticker' | 'population-estimate';
    mmPerPx: number;
    /** The scale's own relative SD (e.g. 0.004): every mm value inherits it. */
    relativeUncertainty: number;
    estimate: boolean;
    detail: string;
    warnings: readonly string[];
  };
  readonly rollDeg: number;
  readonly metrics: readonly MetricResult[];
  readonly asymmetries: readonly AsymmetryResult[];
}
