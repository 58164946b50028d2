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

export function formatMetric(m: MetricResult | undefined, lang: Locale): string {
  if (!m) return '—';
  if (m.status === 'not-measurable') return t('notMeasurable', lang);
  const v = formatNumber(m.value, m.unit);
  return m.estimate ? `${v} (${t('estimate', lang)})` : v;
}

export function formatDifference(a: AsymmetryResult | undefined, lang: Locale): string {
  if (!a) return '—';
  const sign = a.difference >= 0.05 ? '+' : '';
  const v = `${sign}${formatNumber(a.difference, a.unit)}`;
  return a.estimate ? `${v} (${t('estimate', lang)})` : v;
}

/** "{a}, {b}" in English, "{a}, {b}" in Korean: the same separator keeps both readable. */
export const joinList = (items: readonly string[]): string => items.join(', ');
