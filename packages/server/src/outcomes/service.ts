import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { nowIso, type RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited, inClinic } from '../db/repo-kit.js';
import type { DB } from '../db/types.js';
import { parseOrThrow } from '../errors.js';
import { OutcomeFilterSchema, queryOutcomes, type OutcomeFilter, type Outcomes } from './query.js';
import { refreshOutcomes } from './refresh.js';

/**
 * The clinic's outcomes (doctors and admins): the summary is brought up to date, then aggregated in SQL.
 * Aggregates name no patient; audited as a read of `outcomes`.
 */
export async function clinicOutcomes(db: Kysely<DB>, ctx: RepoContext, filter: unknown): Promise<Outcomes> {
  const f = parseOrThrow(OutcomeFilterSchema, filter);
  requirePermission(ctx, 'outcomes:read');
  // The summary is the clinic's own: refreshed in its scope (row-level security on PostgreSQL).
  await inClinic(ctx, () => refreshOutcomes(db, ctx.actor.organisationId, nowIso(ctx)));
  return audited(db, ctx, { action: 'read', entity: 'outcomes', entityId: null }, async (trx) => {
    requirePermission(ctx, 'outcomes:read');
    return queryOutcomes(trx, ctx.actor.organisationId, f);
  });
}

export const DrillDownSchema = z.object({
  region: z.enum(['brow', 'midface', 'nasolabial', 'jowl', 'marionette', 'neck']),
  side: z.enum(['left', 'right']),
  metric: z.string().min(1).max(60),
  months: z.coerce.number().int().min(0).max(600),
});

export interface DrillDownVisit {
  readonly patientId: string;
  readonly chartNumber: string;
  readonly displayName: string;
  readonly visitId: string;
  readonly followUpDate: string;
  readonly change: number;
  readonly mdc: number | null;
  readonly beyondBand: boolean | null;
}

/** The follow-up visits behind one number of the outcomes; each patient shown is audited as a read. */
export async function outcomeVisits(
  db: Kysely<DB>,
  ctx: RepoContext,
  input: { readonly group: unknown; readonly filter: unknown },
): Promise<DrillDownVisit[]> {
  const g = parseOrThrow(DrillDownSchema, input.group);
  const f: OutcomeFilter = parseOrThrow(OutcomeFilterSchema, input.filter);
  return audited(db, ctx, { action: 'list', entity: 'outcomes', entityId: null }, async (trx) => {
    requirePermission(ctx, 'outcomes:read');
    requirePermission(ctx, 'patient:read');
    let q = trx
      .selectFrom('outcome_changes as c')
      .innerJoin('patients as p', 'p.id', 'c.patient_id')
      .select([
        'c.patient_id',
        'p.chart_number',
        'p.display_name',
        'c.visit_id',
        'c.follow_up_date',
        'c.change',
        'c.mdc',
        'c.beyond',
      ])
      .where('c.organisation_id', '=', ctx.actor.organisationId)
      .where('c.region', '=', g.region)
      .where('c.side', '=', g.side)
      .where('c.metric', '=', g.metric)
      .where('c.months', '=', g.months);
    if (f.from) q = q.where('c.follow_up_date', '>=', f.from);
    if (f.to) q = q.where('c.follow_up_date', '<=', f.to);
    if (f.doctorId) q = q.where('c.performed_by', '=', f.doctorId);
    if (f.productId) q = q.where('c.product_id', '=', f.productId);
    if (f.lotId) q = q.where('c.lot_id', '=', f.lotId);
    const rows = await q.orderBy('c.change').limit(500).execute();
    for (const id of new Set(rows.map((r) => r.patient_id))) {
      await appendAudit(trx, ctx, {
        action: 'read',
        entity: 'patient',
        entityId: id,
        outcome: 'success',
        detail: 'outcomes',
      });
    }
    return rows.map((r) => ({
      patientId: r.patient_id,
      chartNumber: r.chart_number,
      displayName: r.display_name,
      visitId: r.visit_id,
      followUpDate: r.follow_up_date,
      change: r.change,
      mdc: r.mdc,
      beyondBand: r.beyond === null ? null : r.beyond === 1,
    }));
  });
}
