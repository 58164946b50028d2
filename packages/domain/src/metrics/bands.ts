import type { MetricId } from './types.js';
/** Measured repeatability of one metric, in the metric's own unit. */
export interface MetricRepeatability { readonly sd: number; readonly sem: number; readonly mdc: number; readonly cv: number | null; readonly n: number }
/** Error bands measured by `npm run eval:landmarks -- --write-bands`; generated data, never hand-edited. */
export interface MetricBandSet {
  readonly detector: string;
  readonly measured: string;
  readonly method: string;
  readonly singleShot: Readonly<Partial<Record<MetricId, MetricRepeatability>>>;
  readonly burst3: Readonly<Partial<Record<MetricId, MetricRepeatability>>>;
}
