/** Calendar arithmetic on YYYY-MM-DD dates, in UTC and without a clock (pure). */

function parse(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
    throw new RangeError(`not a calendar date: ${iso}`);
  }
  return [y, mo, d];
}

const iso = (t: Date): string => t.toISOString().slice(0, 10);

/** The date `days` days after `date`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parse(date);
  return iso(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parse(date);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))));
}
