/**
 * Which booked follow-up a due date is (about 1 week, 1, 3 or 6 months after the procedure), from the days
 * between the procedure and the due date: the nearest of the aftercare schedule's offsets, when it is within
 * a third of that offset (a date far from all of them is just a date).
 */
export const FOLLOW_UP_KINDS = [
  { id: 'week-1', days: 7 },
  { id: 'month-1', days: 30 },
  { id: 'month-3', days: 91 },
  { id: 'month-6', days: 182 },
] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number]['id'];

/** A third of the offset either side counts as that follow-up (liftplan-default). */
const TOLERANCE = 1 / 3;

const dayNumber = (d: string): number => Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

export function followUpKind(procedureDate: string | null, dueDate: string): FollowUpKind | null {
  if (procedureDate === null) return null;
  const days = dayNumber(dueDate) - dayNumber(procedureDate);
  if (!Number.isFinite(days) || days <= 0) return null;
  let best: (typeof FOLLOW_UP_KINDS)[number] | null = null;
  for (const k of FOLLOW_UP_KINDS) {
    if (Math.abs(days - k.days) <= k.days * TOLERANCE) {
      if (!best || Math.abs(days - k.days) < Math.abs(days - best.days)) best = k;
    }
  }
  return best?.id ?? null;
}
