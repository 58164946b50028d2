import { migrateAssessment, type Assessment as AssessmentPayload } from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { notFound, parseOrThrow, staleVersion } from '../../errors.js';
import {
  AssessmentCorrectionSchema,
  NewAssessmentSchema,
  type AssessmentCorrection,
  type NewAssessment,
} from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { recordChanged, recordCreated, recordHistory, type RecordVersion } from '../record-versions.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import type { AssessmentRow, DB } from '../types.js';
import { loadPatientRow } from './patients.js';
import { requireVisit } from './visits.js';

export interface Assessment {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  /** In the case-file shape (`AssessmentSchema` of @liftplan/domain). */
  readonly assessment: AssessmentPayload;
  readonly assessedBy: string;
  readonly createdAt: string;
  readonly version: number;
}

const toAssessment = (r: AssessmentRow): Assessment => ({
  id: r.id,
  patientId: r.patient_id,
  visitId: r.visit_id,
  // Stored before case format 1.1: per-side grades are filled in at read time (no DB migration needed).
  assessment: migrateAssessment(JSON.parse(r.payload)) as AssessmentPayload,
  assessedBy: r.assessed_by,
  createdAt: r.created_at,
  version: r.version,
});

export interface AssessmentRepository {
  create(ctx: RepoContext, patientId: string, input: NewAssessment): Promise<Assessment>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Assessment[]>;
  /** Corrects an assessment (optimistic on `version`, a reason required); the previous version is kept. */
  correct(ctx: RepoContext, id: string, input: AssessmentCorrection): Promise<Assessment>;
  /** Every version of the assessment, oldest first (audited as a read). */
  versions(ctx: RepoContext, id: string): Promise<RecordVersion[]>;
}

async function loadAssessmentRow(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<AssessmentRow> {
  const r = await trx
    .selectFrom('assessments')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!r) throw notFound('assessment');
  return r;
}

export function assessmentRepository(db: Kysely<DB>): AssessmentRepository {
  return {
    create: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'assessment', entityId: id }, async (trx) => {
        requirePermission(ctx, 'assessment:write');
        const a = parseOrThrow(NewAssessmentSchema, input);
        await loadPatientRow(trx, ctx, patientId);
        if (a.visitId !== null) await requireVisit(trx, ctx, patientId, a.visitId);
        const now = nowIso(ctx);
        const row: AssessmentRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          patient_id: patientId,
          visit_id: a.visitId,
          payload: toJson({ ...a.assessment, assessedBy: a.assessment.assessedBy ?? ctx.actor.userId }),
          assessed_by: ctx.actor.userId,
          created_at: now,
          updated_at: now,
          version: 1,
        };
        await trx.insertInto('assessments').values(row).execute();
        const created = toAssessment(row);
        await recordCreated(trx, ctx, { entity: 'assessment', entityId: id, patientId }, created);
        return created;
      });
    },

    correct: (ctx, id, input) =>
      audited(db, ctx, { action: 'update', entity: 'assessment', entityId: id }, async (trx) => {
        requirePermission(ctx, 'assessment:write');
        const c = parseOrThrow(AssessmentCorrectionSchema, input);
        const current = await loadAssessmentRow(trx, ctx, id);
        const r = await trx
          .updateTable('assessments')
          .set({
            // Who assessed stays the original assessor unless the correction names one; who corrected is
            // the version's author.
            payload: toJson({
              ...c.assessment,
              assessedBy:
                c.assessment.assessedBy ?? toAssessment(current).assessment.assessedBy ?? current.assessed_by,
            }),
            updated_at: nowIso(ctx),
            version: c.version + 1,
          })
          .where('id', '=', id)
          .where('version', '=', c.version)
          .executeTakeFirst();
        if (touched(r) !== 1) throw staleVersion('the assessment', c.version);
        const after = toAssessment(await loadAssessmentRow(trx, ctx, id));
        await recordChanged(
          trx,
          ctx,
          { entity: 'assessment', entityId: id, patientId: current.patient_id },
          {
            before: toAssessment(current),
            after,
            reason: c.reason,
            origin: { by: current.assessed_by, at: current.created_at },
          },
        );
        return after;
      }),

    versions: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'assessment_versions', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const row = await loadAssessmentRow(trx, ctx, id);
        return recordHistory(
          trx,
          { entity: 'assessment', entityId: id },
          { record: toAssessment(row), origin: { by: row.assessed_by, at: row.created_at } },
        );
      }),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'assessment', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('assessments')
          .selectAll()
          .where('patient_id', '=', patientId)
          .orderBy('created_at')
          .execute();
        return rows.map(toAssessment);
      }),
  };
}
