/**
 * Dates and times on the documents, per language (Intl) and in the clinic's time zone. Calendar dates
 * (YYYY-MM-DD: visit, procedure, follow-ups) are days, not instants, so they are formatted as such (never
 * shifted by a zone); instants (the signing time) are shown in the clinic's zone with the zone named.
 */
import type { Locale } from './types.js';

export const DEFAULT_TIME_ZONE = 'Asia/Seoul';
const INTL_LOCALE: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws a clear error for a time zone the platform does not know (never a silent UTC). */
export function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new RangeError(`unknown time zone "${tz}": use an IANA name such as ${DEFAULT_TIME_ZONE}`);
  }
  return tz;
}

function dayOf(date: string): Date {
  const m = DAY.exec(date);
  if (!m) throw new RangeError(`not a calendar date: "${date}" (want YYYY-MM-DD)`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

/** "2026년 3월 4일" / "4 March 2026". */
export function formatDay(date: string, lang: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(
    dayOf(date),
  );
}

/** "3. 11." / "11/03": column headers of the aftercare matrix. */
export function formatShortDay(date: string, lang: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(dayOf(date));
}

/**
 * An instant (ISO 8601 with a zone or Z) in the clinic's zone: "2026년 3월 4일 15:20 (한국 표준시)" /
 * "4 March 2026 at 15:20 (Korean Standard Time)". A bare calendar date is formatted as a day.
 */
export function formatInstant(value: string, lang: Locale, timeZone: string): string {
  if (DAY.test(value)) return formatDay(value, lang);
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new RangeError(`not a date and time: "${value}"`);
  const when = new Intl.DateTimeFormat(INTL_LOCALE[lang], {
    dateStyle: 'long',
    timeStyle: 'short',
    // 24-hour time: some ICU builds print the Korean day period in Latin letters ("PM").
    hourCycle: 'h23',
    timeZone,
  }).format(at);
  const zone =
    new Intl.DateTimeFormat(INTL_LOCALE[lang], { timeZone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return `${when} (${zone})`;
}
