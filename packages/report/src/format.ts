import type { AsymmetryResult, MetricResult } from '@liftplan/domain';
import { t } from './i18n.js';
import type { Locale } from './types.js';

/** Rounding happens here, at display: mm and degrees to 0.1, ratios to 0.01. */
export function formatNumber(value: number, unit: 'mm' | 'deg' | 'ratio'): string {
  const digits = unit === 'ratio' ? 2 : 1;
  // Values that round to zero print as 0, never as -0.0.
  const v = (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value).toFixed(digits);
  return unit === 'mm' ? `${v} mm` : unit === 'deg' ? `${v}°` : v;
}

/** Two-sided 95 % normal quantile: the band of a single value is ± Z95 · SEM. */
const Z95 = 1.96;

/** The 95 % error band of one measured value (± in its unit), or null while not measured. */
export function valueBand(m: MetricResult | undefined): number | null {
  return m?.status === 'measured' && m.band ? Z95 * m.band.sem : null;
}

/**
 * The 95 % error band of a left − right difference: both sides' errors add in quadrature
 * (Z95 · √(SEM_L² + SEM_R²); with equal SEMs this is the minimal detectable change). Null unless both known.
 */
export function differenceBand(
  left: MetricResult | undefined,
  right: MetricResult | undefined,
): number | null {
  if (left?.status !== 'measured' || right?.status !== 'measured' || !left.band || !right.band) return null;
  return Z95 * Math.hypot(left.band.sem, right.band.sem);
}

const withBand = (v: string, band: number | null, unit: 'mm' | 'deg' | 'ratio', lang: Locale): string =>
  band === null
    ? `${v} ${t('bandMissingMark', lang)}`
    : `${v} ${t('bandPlusMinus', lang, { v: formatNumber(band, unit) })}`;

/** A value with its band ("12.3 mm ± 0.8 mm") or the not-measured mark (†, explained under the table). */
export function formatMetric(m: MetricResult | undefined, lang: Locale): string {
  if (!m) return '—';
  if (m.status === 'not-measurable') return t('notMeasurable', lang);
  const v = withBand(formatNumber(m.value, m.unit), valueBand(m), m.unit, lang);
  return m.estimate ? `${v} (${t('estimate', lang)})` : v;
}

export function formatDifference(
  a: AsymmetryResult | undefined,
  lang: Locale,
  band: number | null = null,
): string {
  if (!a) return '—';
  const sign = a.difference >= 0.05 ? '+' : '';
  const v = withBand(`${sign}${formatNumber(a.difference, a.unit)}`, band, a.unit, lang);
  return a.estimate ? `${v} (${t('estimate', lang)})` : v;
}

/** "{a}, {b}" in English, "{a}, {b}" in Korean: the same separator keeps both readable. */
export const joinList = (items: readonly string[]): string => items.join(', ');
