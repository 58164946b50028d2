/**
 * Locale formatting: dates and numbers follow the UI language (ko-KR or en-GB); instants are shown in the
 * clinic's time zone (set once the organisation has loaded, Asia/Seoul until then), never the browser's.
 */
export type Lang = 'ko' | 'en';

export const DEFAULT_CLINIC_TIME_ZONE = 'Asia/Seoul';
let clinicTimeZone: string = DEFAULT_CLINIC_TIME_ZONE;

/** The clinic's IANA zone for every instant shown (an unknown zone keeps the previous one). */
export function setClinicTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    clinicTimeZone = tz;
  } catch {
    // keep the previous zone: a bad zone never reaches the screen
  }
}

export const getClinicTimeZone = (): string => clinicTimeZone;

export const localeOf = (lang: string): string => (lang.startsWith('ko') ? 'ko-KR' : 'en-GB');

export const langOf = (lang: string): Lang => (lang.startsWith('ko') ? 'ko' : 'en');

/** A calendar date (YYYY-MM-DD) or an ISO timestamp, shown as a date in the UI language. */
export function formatDate(value: string, lang: string, timeZone: string = clinicTimeZone): string {
  // A calendar date is that day everywhere (formatted at UTC noon); an instant is its day in the clinic.
  const calendar = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = calendar ? new Date(`${value}T12:00:00Z`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: calendar ? 'UTC' : timeZone,
  }).format(d);
}

export function formatDateTime(value: string, lang: string, timeZone: string = clinicTimeZone): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(d);
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

/** Today in the clinic's time zone, YYYY-MM-DD. */
export function today(timeZone: string = clinicTimeZone): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
