/** Where clinic times are shown: signatures, printed documents. IANA zone names, checked by `Intl`. */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** IANA zone names, checked by `Intl`: defined with the request schemas that use it. */
export { isTimeZone } from '@liftplan/api';

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** An ISO instant as `YYYY-MM-DD HH:mm (Zone)` in the clinic's zone, e.g. `2025-03-01 18:00 (Asia/Seoul)`. */
export function formatInZone(iso: string, tz: string): string {
  const parts = formatterFor(tz).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${tz})`;
}
