import type { Kysely } from 'kysely';
import { newId } from '../db/repo-kit.js';
import type { DB, OutcomeChangeRow } from '../db/types.js';
import { followUpChanges } from './changes.js';

/** Days per month for the months-after-procedure bucket (365.25 / 12). */
export const DAYS_PER_MONTH = 30.4375;
/** Follow-ups summarised per transaction. */
const BATCH = 200;

/**
 * Brings the outcome summary up to date: every scored follow-up (with a procedure and a visit) whose summary is
 * missing, whose follow-up version changed, or whose front photo got a newer landmark version is summarised
 * again (its rows replaced). Cheap when nothing changed: one query comparing the markers.
 */
export async function refreshOutcomes(
  db: Kysely<DB>,
  organisationId: string,
  nowIso: string,
): Promise<number> {
  const current = await db
    .selectFrom('follow_ups as f')
    .leftJoin('outcome_follow_ups as m', 'm.follow_up_id', 'f.id')
    .select((eb) => [
      'f.id',
      'f.version',
      'm.follow_up_version',
      'm.source_at',
      eb
        .selectFrom('photos as p')
        .innerJoin('analyses as a', 'a.photo_id', 'p.id')
        .innerJoin('landmark_versions as lv', 'lv.analysis_id', 'a.id')
        .select((e) => e.fn.max('lv.created_at').as('at'))
        .whereRef('p.visit_id', '=', 'f.visit_id')
        .where('p.view', '=', 'front')
        .as('src_at'),
    ])
    .where('f.organisation_id', '=', organisationId)
    .where('f.status', '=', 'done')
    .where('f.procedure_id', 'is not', null)
    .where('f.visit_id', 'is not', null)
    .execute();
  const stale = current.filter(
    (c) =>
      c.follow_up_version === null ||
      c.follow_up_version !== c.version ||
      (c.source_at ?? null) !== (c.src_at ?? null),
  );
  for (let i = 0; i < stale.length; i += BATCH) {
    const batch = stale.slice(i, i + BATCH);
    const ids = batch.map((b) => b.id);
    await db.transaction().execute(async (trx) => {
      const { rows, skipped } = await followUpChanges(trx, organisationId, { followUpIds: ids });
      await trx.deleteFrom('outcome_changes').where('follow_up_id', 'in', ids).execute();
      await trx.deleteFrom('outcome_follow_ups').where('follow_up_id', 'in', ids).execute();
      const values: OutcomeChangeRow[] = rows.map((r) => ({
        id: newId(),
        organisation_id: organisationId,
        follow_up_id: r.followUpId,
        patient_id: r.patientId,
        procedure_id: r.procedureId,
        visit_id: r.visitId,
        performed_by: r.performedBy,
        product_id: r.productId,
        lot_id: r.lotId,
        region: r.region,
        side: r.side,
        metric: r.metric,
        unit: r.unit,
        performed_on: r.performedOn,
        follow_up_date: r.followUpDate,
        months: Math.round(r.daysAfter / DAYS_PER_MONTH),
        change: r.change,
        mdc: r.mdc,
        beyond: r.mdc === null ? null : Math.abs(r.change) > r.mdc ? 1 : 0,
      }));
      for (let j = 0; j < values.length; j += 500) {
        await trx
          .insertInto('outcome_changes')
          .values(values.slice(j, j + 500))
          .execute();
      }
      const state = new Map(skipped.map((s) => [s.followUpId, s.reason as string]));
      await trx
        .insertInto('outcome_follow_ups')
        .values(
          batch.map((b) => ({
            follow_up_id: b.id,
            organisation_id: organisationId,
            follow_up_version: b.version,
            source_at: b.src_at ?? null,
            state: state.get(b.id) ?? 'ok',
            computed_at: nowIso,
          })),
        )
        .execute();
    });
  }
  return stale.length;
}
