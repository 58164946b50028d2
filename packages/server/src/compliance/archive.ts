import type { Kysely } from 'kysely';
import { nowIso, type RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited } from '../db/repo-kit.js';
import { loadPatientRow, toPatient, type Patient } from '../db/repos/patients.js';
import type { DB } from '../db/types.js';
import { AppError, conflict } from '../errors.js';

/**
 * Archive instead of delete (issue 13 §4): an archived patient's record is read-only. The database refuses
 * every change to it (migration 0015's triggers, answered as `patient_archived`); it stays readable and
 * exportable. Admins archive and restore; both are audited.
 */
export async function archivePatient(db: Kysely<DB>, ctx: RepoContext, patientId: string): Promise<Patient> {
  return audited(db, ctx, { action: 'archive', entity: 'patient', entityId: patientId }, async (trx) => {
    requirePermission(ctx, 'organisation:admin');
    const row = await loadPatientRow(trx, ctx, patientId);
    if (row.archived_at !== null) {
      throw new AppError('patient_archived', `this patient is archived already (since ${row.archived_at})`);
    }
    await trx
      .updateTable('patients')
      .set({ archived_at: nowIso(ctx), archived_by: ctx.actor.userId })
      .where('id', '=', patientId)
      .execute();
    return toPatient(await loadPatientRow(trx, ctx, patientId));
  });
}

/** Makes an archived patient's record changeable again (an archive made by mistake). */
export async function restorePatient(db: Kysely<DB>, ctx: RepoContext, patientId: string): Promise<Patient> {
  return audited(db, ctx, { action: 'restore', entity: 'patient', entityId: patientId }, async (trx) => {
    requirePermission(ctx, 'organisation:admin');
    const row = await loadPatientRow(trx, ctx, patientId);
    if (row.archived_at === null) throw conflict('this patient is not archived');
    await trx
      .updateTable('patients')
      .set({ archived_at: null, archived_by: null })
      .where('id', '=', patientId)
      .execute();
    return toPatient(await loadPatientRow(trx, ctx, patientId));
  });
}
