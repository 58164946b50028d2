import type { Kysely } from 'kysely';
import { appendAudit } from '../db/audit.js';
import type { RepoContext } from '../db/context.js';
import { nowIso, todayIso } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited } from '../db/repo-kit.js';
import type { DB } from '../db/types.js';
import { conflict, notFound } from '../errors.js';

/**
 * How long records are kept (docs/compliance-kr.md): medical and procedure records 10 years (Medical Service
 * Act Enforcement Rule Art. 15: 진료기록부, 수술기록), clinical photos with them (liftplan-default: part of the
 * medical record), access logs at least 2 years (PIPA safeguard standard Art. 8, health data being sensitive);
 * liftplan never deletes audit events.
 */
export const RETENTION_YEARS = {
  medicalRecord: 10,
  procedureRecord: 10,
  clinicalPhotos: 10,
  accessLog: 2,
} as const;
/** How far ahead the admin report looks for records that become deletable. */
export const REPORT_HORIZON_DAYS = 365;

const addYears = (iso: string, years: number): string => {
  const [y = 0, m = 1, d = 1] = iso.slice(0, 10).split('-').map(Number);
  // 29 February + n years on a common year: 1 March (kept a day longer, never shorter).
  const t = new Date(Date.UTC(y + years, m - 1, d));
  return t.toISOString().slice(0, 10);
};
const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface RetentionLine {
  readonly patientId: string;
  readonly chartNumber: string;
  /** The newest record of the patient (visit, procedure, follow-up, photo). */
  readonly lastRecord: string;
  /** The day after which the records may be deleted. */
  readonly keptUntil: string;
  readonly deletable: boolean;
}

async function lastRecords(trx: Kysely<DB>, org: string, patientId?: string) {
  let q = trx
    .selectFrom('patients as p')
    .select((eb) => [
      'p.id',
      'p.chart_number',
      'p.created_at',
      eb
        .selectFrom('visits as v')
        .select((e) => e.fn.max('v.date').as('d'))
        .whereRef('v.patient_id', '=', 'p.id')
        .as('visit'),
      eb
        .selectFrom('procedures as r')
        .select((e) => e.fn.max('r.performed_on').as('d'))
        .whereRef('r.patient_id', '=', 'p.id')
        .as('procedure'),
      eb
        .selectFrom('follow_ups as f')
        .select((e) => e.fn.max('f.due_date').as('d'))
        .whereRef('f.patient_id', '=', 'p.id')
        .as('followUp'),
      eb
        .selectFrom('photos as ph')
        .select((e) => e.fn.max('ph.created_at').as('d'))
        .whereRef('ph.patient_id', '=', 'p.id')
        .as('photo'),
    ])
    .where('p.organisation_id', '=', org);
  if (patientId) q = q.where('p.id', '=', patientId);
  const rows = await q.execute();
  return rows.map((r) => {
    // The record's own dates; the registration day only when nothing else was recorded.
    const dates = [r.visit, r.procedure, r.followUp, r.photo]
      .filter((d): d is string => typeof d === 'string')
      .map((d) => d.slice(0, 10))
      .sort();
    const last = dates.at(-1) ?? r.created_at.slice(0, 10);
    return {
      patientId: r.id,
      chartNumber: r.chart_number,
      lastRecord: last,
      keptUntil: addYears(last, RETENTION_YEARS.medicalRecord),
    };
  });
}

/** The admin report: patients whose records are deletable now or become so within the horizon. */
export async function retentionReport(db: Kysely<DB>, ctx: RepoContext): Promise<RetentionLine[]> {
  return audited(db, ctx, { action: 'read', entity: 'retention-report', entityId: null }, async (trx) => {
    requirePermission(ctx, 'organisation:admin');
    const today = todayIso(ctx);
    const horizon = addDays(today, REPORT_HORIZON_DAYS);
    return (await lastRecords(trx, ctx.actor.organisationId))
      .filter((l) => l.keptUntil <= horizon)
      .map((l) => ({ ...l, deletable: l.keptUntil < today }))
      .sort((a, b) => (a.keptUntil < b.keptUntil ? -1 : a.keptUntil > b.keptUntil ? 1 : 0));
  });
}

/**
 * A request to delete a patient's records (admins). Inside the retention period it is refused, naming the date
 * (archive instead). After it, the patient's records are purged: every row of the patient (demographics and
 * their versions, visits, photos and analyses, assessments, plans, consents, procedures, follow-ups,
 * complications, derived outcome rows) is deleted in one transaction, photo files no longer referenced are left
 * for the photo store's sweep at the next start, and the audit log stays (it holds ids, never patient data).
 * Audited as `delete` of the patient; each signed plan version purged gets a `purge` event, so the audit chain's
 * check of signed records knows why it is gone.
 */
export async function requestDeletion(
  db: Kysely<DB>,
  ctx: RepoContext,
  patientId: string,
): Promise<{ readonly rows: number }> {
  return audited(
    db,
    ctx,
    { action: 'delete', entity: 'patient', entityId: patientId, detail: 'purged' },
    async (trx) => {
      requirePermission(ctx, 'organisation:admin');
      const [line] = await lastRecords(trx, ctx.actor.organisationId, patientId);
      if (!line) throw notFound(`patient ${patientId}`);
      if (line.keptUntil >= todayIso(ctx)) {
        throw conflict(
          `the records of this patient are kept until ${line.keptUntil} (medical records: ${RETENTION_YEARS.medicalRecord} years from the last record, ${line.lastRecord}); deletion is refused and the record is kept (archive it instead)`,
        );
      }
      return { rows: await purge(trx, ctx, patientId) };
    },
  );
}

/** Deletes every row of one patient (children first); returns how many. Inside the deletion's transaction. */
async function purge(trx: Kysely<DB>, ctx: RepoContext, patientId: string): Promise<number> {
  await trx
    .insertInto('patient_purges')
    .values({
      patient_id: patientId,
      organisation_id: ctx.actor.organisationId,
      purged_at: nowIso(ctx),
      purged_by: ctx.actor.userId,
      rows: 0,
    })
    .execute();
  const ids = async (
    table: 'follow_ups' | 'procedures' | 'plans' | 'analyses' | 'photos',
  ): Promise<string[]> =>
    (await trx.selectFrom(table).select('id').where('patient_id', '=', patientId).execute()).map((r) => r.id);
  const followUps = await ids('follow_ups');
  const procedures = await ids('procedures');
  const plans = await ids('plans');
  const analyses = await ids('analyses');
  const shas = (
    await trx.selectFrom('photos').select('sha256').where('patient_id', '=', patientId).execute()
  ).map((r) => r.sha256);
  const signed =
    plans.length === 0
      ? []
      : await trx
          .selectFrom('plan_versions')
          .select('id')
          .where('plan_id', 'in', plans)
          .where('status', '!=', 'draft')
          .execute();
  let rows = 0;
  const count = (r: readonly { numDeletedRows: bigint }[]) => {
    rows += r.reduce((n, x) => n + Number(x.numDeletedRows), 0);
  };
  const byPatient = ['complications', 'outcome_changes', 'consents', 'plan_signatures'] as const;
  if (followUps.length > 0) {
    count(await trx.deleteFrom('outcome_follow_ups').where('follow_up_id', 'in', followUps).execute());
  }
  for (const table of byPatient) {
    count(await trx.deleteFrom(table).where('patient_id', '=', patientId).execute());
  }
  count(await trx.deleteFrom('follow_ups').where('patient_id', '=', patientId).execute());
  if (procedures.length > 0) {
    count(await trx.deleteFrom('procedure_threads').where('procedure_id', 'in', procedures).execute());
  }
  count(await trx.deleteFrom('procedures').where('patient_id', '=', patientId).execute());
  if (plans.length > 0) count(await trx.deleteFrom('plan_versions').where('plan_id', 'in', plans).execute());
  count(await trx.deleteFrom('plans').where('patient_id', '=', patientId).execute());
  count(await trx.deleteFrom('assessments').where('patient_id', '=', patientId).execute());
  if (analyses.length > 0) {
    count(await trx.deleteFrom('landmark_versions').where('analysis_id', 'in', analyses).execute());
  }
  count(await trx.deleteFrom('jobs').where('patient_id', '=', patientId).execute());
  count(await trx.deleteFrom('analyses').where('patient_id', '=', patientId).execute());
  count(await trx.deleteFrom('photos').where('patient_id', '=', patientId).execute());
  count(await trx.deleteFrom('visits').where('patient_id', '=', patientId).execute());
  for (const table of ['record_versions', 'patient_versions', 'fhir_imported_resources'] as const) {
    count(await trx.deleteFrom(table).where('patient_id', '=', patientId).execute());
  }
  // Photo files no other photo refers to: their rows go now, the files at the store's next sweep.
  for (const sha of new Set(shas)) {
    const other = await trx.selectFrom('photos').select('id').where('sha256', '=', sha).executeTakeFirst();
    if (!other) count(await trx.deleteFrom('photo_blobs').where('sha256', '=', sha).execute());
  }
  count(await trx.deleteFrom('patients').where('id', '=', patientId).execute());
  await trx.updateTable('patient_purges').set({ rows }).where('patient_id', '=', patientId).execute();
  for (const v of signed) {
    await appendAudit(trx, ctx, {
      action: 'purge',
      entity: 'plan_version',
      entityId: v.id,
      outcome: 'success',
      detail: 'retention-ended',
    });
  }
  return rows;
}
