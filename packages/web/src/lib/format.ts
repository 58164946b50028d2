/** Locale formatting: dates and numbers follow the UI language (ko-KR or en-GB). */
export type Lang = 'ko' | 'en';

export const localeOf = (lang: string): string => (lang.startsWith('ko') ? 'ko-KR' : 'en-GB');

export const langOf = (lang: string): Lang => (lang.startsWith('ko') ? 'ko' : 'en');

/** A calendar date (YYYY-MM-DD) or an ISO timestamp, shown as a date in the UI language. */
export function formatDate(value: string, lang: string): string {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(lang), { year: 'numeric', month: 'short', day: 'numeric' }).format(
    d,
  );
}

export function formatDateTime(value: string, lang: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatNumber(value: number, lang: string, digits = 1): string {
  // No "-0.0": a value that rounds to zero is shown as zero.
  if (Math.abs(value) < 0.5 * 10 ** -digits) value = 0;
  return new Intl.NumberFormat(localeOf(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  if (
    by === undefined ||
    bm === undefined ||
    bd === undefined ||
    y === undefined ||
    m === undefined ||
    d === undefined
  ) {
    return 0;
  }
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Today in the browser's time zone, YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
