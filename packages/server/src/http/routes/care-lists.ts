/**
 * Lists for the front desk: who is due for a follow-up this week (the clinic's today and the six days after,
 * in the clinic's time zone) and who is overdue, with chart number and name to call them. An audited read
 * (`list` of `follow_up`, detail `due-this-week`).
 */
import { DueThisWeekSchema, type DueThisWeek } from '@liftplan/api';
import type { Kysely } from 'kysely';
import type { Clock } from '../../db/context.js';
import { audited } from '../../db/repo-kit.js';
import { requirePermission } from '../../db/policy.js';
import type { DB } from '../../db/types.js';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../time-zone.js';
import { ctxOf } from '../request-context.js';
import { replies } from '../replies.js';
import type { App } from '../types.js';

/** Days in "this week": today and the six days after. */
export const DUE_WINDOW_DAYS = 7;

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayInZone(at: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** A calendar day plus `n` days (UTC arithmetic on the date alone). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export type { DueFollowUp, DueThisWeek } from '@liftplan/api';

export function careListRoutes(app: App, db: Kysely<DB>, clock: Clock): void {
  app.get(
    '/api/follow-ups/due-this-week',
    {
      schema: {
        response: replies({ 200: DueThisWeekSchema }),
        tags: ['follow-ups'],
        summary:
          "Scheduled follow-ups due from the clinic's today through six days later, and overdue ones, with the patient's chart number, name and phone (audited)",
      },
    },
    (req) => {
      const ctx = ctxOf(req, clock);
      return audited(
        db,
        ctx,
        { action: 'list', entity: 'follow_up', entityId: null, detail: 'due-this-week' },
        async (trx): Promise<DueThisWeek> => {
          requirePermission(ctx, 'patient:read');
          const org = await trx
            .selectFrom('organisations')
            .select('time_zone')
            .where('id', '=', ctx.actor.organisationId)
            .executeTakeFirst();
          const tz = org && isTimeZone(org.time_zone) ? org.time_zone : DEFAULT_TIME_ZONE;
          const from = dayInZone(clock.now(), tz);
          const to = addDays(from, DUE_WINDOW_DAYS - 1);
          const rows = await trx
            .selectFrom('follow_ups')
            .innerJoin('patients', 'patients.id', 'follow_ups.patient_id')
            .select([
              'follow_ups.id as id',
              'follow_ups.patient_id as patient_id',
              'follow_ups.procedure_id as procedure_id',
              'follow_ups.due_date as due_date',
              'patients.chart_number as chart_number',
              'patients.display_name as display_name',
              'patients.phone as phone',
            ])
            .where('follow_ups.organisation_id', '=', ctx.actor.organisationId)
            .where('patients.organisation_id', '=', ctx.actor.organisationId)
            .where('follow_ups.status', '=', 'scheduled')
            .where('follow_ups.due_date', '<=', to)
            .orderBy('follow_ups.due_date')
            .orderBy('patients.chart_number')
            .execute();
          return {
            from,
            to,
            timeZone: tz,
            items: rows.map((r) => ({
              id: r.id,
              patientId: r.patient_id,
              chartNumber: r.chart_number,
              displayName: r.display_name,
              phone: r.phone,
              procedureId: r.procedure_id,
              dueDate: r.due_date,
              overdue: r.due_date < from,
            })),
          };
        },
      );
    },
  );
}
