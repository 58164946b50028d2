/**
 * Whole days between two calendar dates written YYYY-MM-DD. Date.UTC is a pure function of its arguments, so
 * this stays deterministic (no clock): the reference date is always the case's visit date.
 */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((utcDay(toIso) - utcDay(fromIso)) / 86_400_000);
}

function utcDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a calendar date: ${iso}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}
