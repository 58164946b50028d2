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
  /**
   * The measurement's error band from repeated shots (standard error of measurement and minimal detectable
   * change, in the metric's unit), or null while it has not been measured.
   */
  readonly band: MetricBand | null;
}

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
}

export interface ViewMeasurements {
  readonly view: View;
  readonly calibration: {
    method: string;
    mmPerPx: number;
    estimate: boolean;
    detail: string;
    warnings: readonly string[];
  };
  readonly rollDeg: number;
  readonly metrics: readonly MetricResult[];
  readonly asymmetries: readonly AsymmetryResult[];
}
