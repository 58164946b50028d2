import { migrateAssessment, type Assessment as AssessmentPayload } from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { parseOrThrow } from '../../errors.js';
import { NewAssessmentSchema, type NewAssessment } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson } from '../repo-kit.js';
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
        return toAssessment(row);
      });
    },

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
