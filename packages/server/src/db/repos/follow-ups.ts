import type { Kysely } from 'kysely';
import { badRequest, notFound, parseOrThrow, staleVersion } from '../../errors.js';
import {
  FollowUpScoreSchema,
  NewComplicationSchema,
  NewFollowUpSchema,
  type FollowUpScore,
  type NewComplication,
  type NewFollowUp,
} from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { recordChanged, recordCreated, recordHistory, type RecordVersion } from '../record-versions.js';
import { audited, newId, touched } from '../repo-kit.js';
import type { ComplicationRow, DB, FollowUpRow } from '../types.js';
import { loadPatientRow } from './patients.js';
import { requireVisit } from './visits.js';

export interface FollowUp {
  readonly id: string;
  readonly patientId: string;
  readonly procedureId: string | null;
  readonly visitId: string | null;
  readonly dueDate: string;
  readonly status: FollowUpRow['status'];
  /** Global Aesthetic Improvement Scale: 1 very much improved … 4 no change, 5 worse. */
  readonly gaisClinician: number | null;
  readonly gaisPatient: number | null;
  readonly satisfaction: number | null;
  readonly notes: string | null;
  readonly scoredBy: string | null;
  readonly scoredAt: string | null;
  readonly version: number;
}

export interface Complication {
  readonly id: string;
  readonly patientId: string;
  readonly followUpId: string | null;
  readonly kind: string;
  readonly severity: ComplicationRow['severity'];
  readonly onsetDate: string;
  readonly management: string | null;
  readonly resolution: string | null;
  readonly resolvedDate: string | null;
  readonly version: number;
}

const toFollowUp = (r: FollowUpRow): FollowUp => ({
  id: r.id,
  patientId: r.patient_id,
  procedureId: r.procedure_id,
  visitId: r.visit_id,
  dueDate: r.due_date,
  status: r.status,
  gaisClinician: r.gais_clinician,
  gaisPatient: r.gais_patient,
  satisfaction: r.satisfaction,
  notes: r.notes,
  scoredBy: r.scored_by,
  scoredAt: r.scored_at,
  version: r.version,
});

const toComplication = (r: ComplicationRow): Complication => ({
  id: r.id,
  patientId: r.patient_id,
  followUpId: r.follow_up_id,
  kind: r.kind,
  severity: r.severity,
  onsetDate: r.onset_date,
  management: r.management,
  resolution: r.resolution,
  resolvedDate: r.resolved_date,
  version: r.version,
});

async function loadFollowUpRow(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<FollowUpRow> {
  const r = await trx
    .selectFrom('follow_ups')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!r) throw notFound('follow-up');
  return r;
}

/**
 * Version 1 of a follow-up booked before versioning: booked at `created_at`; who booked it was not recorded
 * then (`unrecorded`).
 */
const followUpOrigin = (f: FollowUpRow) => ({ by: 'unrecorded', at: f.created_at });

export interface FollowUpRepository {
  book(ctx: RepoContext, patientId: string, input: NewFollowUp): Promise<FollowUp>;
  /** Scores a follow-up (GAIS by clinician and/or patient, satisfaction) and marks it done. */
  score(ctx: RepoContext, id: string, input: FollowUpScore): Promise<FollowUp>;
  /** Every version of the follow-up (booked, scored, scored again), oldest first (audited as a read). */
  versions(ctx: RepoContext, id: string): Promise<RecordVersion[]>;
  /** Scheduled follow-ups due on or before `date` (the day's list). */
  due(ctx: RepoContext, date: string): Promise<FollowUp[]>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<FollowUp[]>;
  addComplication(ctx: RepoContext, patientId: string, input: NewComplication): Promise<Complication>;
  listComplications(ctx: RepoContext, patientId: string): Promise<Complication[]>;
}

export function followUpRepository(db: Kysely<DB>): FollowUpRepository {
  return {
    book: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'follow_up', entityId: id }, async (trx) => {
        requirePermission(ctx, 'followup:write');
        const f = parseOrThrow(NewFollowUpSchema, input);
        await loadPatientRow(trx, ctx, patientId);
        if (f.procedureId !== null) {
          const p = await trx
            .selectFrom('procedures')
            .select('id')
            .where('id', '=', f.procedureId)
            .where('patient_id', '=', patientId)
            .executeTakeFirst();
          if (!p) throw notFound('procedure');
        }
        const row: FollowUpRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          patient_id: patientId,
          procedure_id: f.procedureId,
          visit_id: null,
          due_date: f.dueDate,
          status: 'scheduled',
          gais_clinician: null,
          gais_patient: null,
          satisfaction: null,
          notes: null,
          scored_by: null,
          scored_at: null,
          created_at: nowIso(ctx),
          version: 1,
        };
        await trx.insertInto('follow_ups').values(row).execute();
        const booked = toFollowUp(row);
        await recordCreated(trx, ctx, { entity: 'follow_up', entityId: id, patientId }, booked);
        return booked;
      });
    },

    score: (ctx, id, input) =>
      audited(db, ctx, { action: 'score', entity: 'follow_up', entityId: id }, async (trx) => {
        const s = parseOrThrow(FollowUpScoreSchema, input);
        // A clinician's GAIS needs a doctor; the patient's own score can be entered by a coordinator.
        requirePermission(ctx, s.gaisClinician !== null ? 'followup:score' : 'followup:write');
        const f = await loadFollowUpRow(trx, ctx, id);
        if (s.visitId !== null) await requireVisit(trx, ctx, f.patient_id, s.visitId);
        if (s.gaisClinician === null && s.gaisPatient === null && s.satisfaction === null) {
          throw badRequest('give at least one score', [{ path: 'gaisClinician', message: 'no score given' }]);
        }
        const r = await trx
          .updateTable('follow_ups')
          .set({
            status: 'done',
            visit_id: s.visitId ?? f.visit_id,
            gais_clinician: s.gaisClinician ?? f.gais_clinician,
            gais_patient: s.gaisPatient ?? f.gais_patient,
            satisfaction: s.satisfaction ?? f.satisfaction,
            notes: s.notes ?? f.notes,
            scored_by: ctx.actor.userId,
            scored_at: nowIso(ctx),
            version: s.version + 1,
          })
          .where('id', '=', id)
          .where('version', '=', s.version)
          .executeTakeFirst();
        if (touched(r) !== 1) throw staleVersion('the follow-up', s.version);
        const after = toFollowUp(await loadFollowUpRow(trx, ctx, id));
        await recordChanged(
          trx,
          ctx,
          { entity: 'follow_up', entityId: id, patientId: f.patient_id },
          { before: toFollowUp(f), after, reason: s.reason, origin: followUpOrigin(f) },
        );
        return after;
      }),

    versions: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'follow_up_versions', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const f = await loadFollowUpRow(trx, ctx, id);
        return recordHistory(
          trx,
          { entity: 'follow_up', entityId: id },
          { record: toFollowUp(f), origin: followUpOrigin(f) },
        );
      }),

    due: (ctx, date) =>
      audited(db, ctx, { action: 'list', entity: 'follow_up', entityId: null }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const rows = await trx
          .selectFrom('follow_ups')
          .selectAll()
          .where('organisation_id', '=', ctx.actor.organisationId)
          .where('status', '=', 'scheduled')
          .where('due_date', '<=', date)
          .orderBy('due_date')
          .execute();
        return rows.map(toFollowUp);
      }),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'follow_up', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('follow_ups')
          .selectAll()
          .where('patient_id', '=', patientId)
          .orderBy('due_date')
          .execute();
        return rows.map(toFollowUp);
      }),

    addComplication: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'complication', entityId: id }, async (trx) => {
        requirePermission(ctx, 'followup:score');
        const c = parseOrThrow(NewComplicationSchema, input);
        await loadPatientRow(trx, ctx, patientId);
        if (c.followUpId !== null) {
          const f = await loadFollowUpRow(trx, ctx, c.followUpId);
          if (f.patient_id !== patientId) throw notFound('follow-up');
        }
        if (c.resolvedDate !== null && c.resolvedDate < c.onsetDate) {
          throw badRequest('resolution precedes onset', [
            { path: 'resolvedDate', message: 'must be on or after the onset date' },
          ]);
        }
        const row: ComplicationRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          patient_id: patientId,
          follow_up_id: c.followUpId,
          kind: c.kind,
          severity: c.severity,
          onset_date: c.onsetDate,
          management: c.management,
          resolution: c.resolution,
          resolved_date: c.resolvedDate,
          created_by: ctx.actor.userId,
          created_at: nowIso(ctx),
          version: 1,
        };
        await trx.insertInto('complications').values(row).execute();
        return toComplication(row);
      });
    },

    listComplications: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'complication', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('complications')
          .selectAll()
          .where('patient_id', '=', patientId)
          .orderBy('onset_date')
          .execute();
        return rows.map(toComplication);
      }),
  };
}
