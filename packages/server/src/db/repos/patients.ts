import { sql, type Kysely } from 'kysely';
import { notFound, parseOrThrow, staleVersion } from '../../errors.js';
import { NewPatientSchema, PatientPatchSchema, type NewPatient, type PatientPatch } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import type { DB, PatientRow } from '../types.js';

export interface Patient {
  readonly id: string;
  readonly chartNumber: string;
  readonly displayName: string;
  readonly birthDate: string;
  readonly sex: PatientRow['sex'];
  readonly history: Readonly<Record<string, boolean>>;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  chartNumber: r.chart_number,
  displayName: r.display_name,
  birthDate: r.birth_date,
  sex: r.sex,
  history: JSON.parse(r.history) as Record<string, boolean>,
  notes: r.notes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

/** Loads a patient of the caller's organisation or throws not found (no hint that it exists elsewhere). */
export async function loadPatientRow(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<PatientRow> {
  const row = await trx
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!row) throw notFound('patient');
  return row;
}

export interface PatientRepository {
  create(ctx: RepoContext, input: NewPatient): Promise<Patient>;
  get(ctx: RepoContext, id: string): Promise<Patient>;
  /** Newest first; `q` matches a chart-number prefix or part of the name (case-insensitive). */
  list(ctx: RepoContext, page?: { limit?: number; offset?: number; q?: string }): Promise<Patient[]>;
  update(ctx: RepoContext, id: string, patch: PatientPatch): Promise<Patient>;
}

export function patientRepository(db: Kysely<DB>): PatientRepository {
  return {
    create: (ctx, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'patient', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:write');
        const p = parseOrThrow(NewPatientSchema, input);
        const now = nowIso(ctx);
        const row: PatientRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          chart_number: p.chartNumber,
          display_name: p.displayName,
          birth_date: p.birthDate,
          sex: p.sex,
          history: toJson(p.history),
          notes: p.notes,
          created_at: now,
          updated_at: now,
          version: 1,
        };
        await trx.insertInto('patients').values(row).execute();
        return toPatient(row);
      });
    },

    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'patient', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        return toPatient(await loadPatientRow(trx, ctx, id));
      }),

    list: (ctx, page = {}) => {
      const q = page.q?.trim() ?? '';
      // A search is audited as `search` without its text (it may be a name; the audit log holds no patient data).
      const action = q === '' ? 'list' : 'search';
      return audited(db, ctx, { action, entity: 'patient', entityId: null }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        let query = trx
          .selectFrom('patients')
          .selectAll()
          .where('organisation_id', '=', ctx.actor.organisationId);
        if (q !== '') {
          const esc = q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
          query = query.where((eb) =>
            eb.or([
              eb(eb.fn('lower', ['chart_number']), 'like', sql<string>`${`${esc}%`} escape '\\'`),
              eb(eb.fn('lower', ['display_name']), 'like', sql<string>`${`%${esc}%`} escape '\\'`),
            ]),
          );
        }
        const rows = await query
          .orderBy('created_at', 'desc')
          .orderBy('id')
          .limit(Math.min(page.limit ?? 50, 200))
          .offset(page.offset ?? 0)
          .execute();
        return rows.map(toPatient);
      });
    },

    update: (ctx, id, patch) =>
      audited(db, ctx, { action: 'update', entity: 'patient', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:write');
        const p = parseOrThrow(PatientPatchSchema, patch);
        const current = await loadPatientRow(trx, ctx, id);
        const r = await trx
          .updateTable('patients')
          .set({
            ...(p.displayName !== undefined ? { display_name: p.displayName } : {}),
            ...(p.birthDate !== undefined ? { birth_date: p.birthDate } : {}),
            ...(p.sex !== undefined ? { sex: p.sex } : {}),
            ...(p.history !== undefined ? { history: toJson(p.history) } : {}),
            ...(p.notes !== undefined ? { notes: p.notes } : {}),
            updated_at: nowIso(ctx),
            version: p.version + 1,
          })
          .where('id', '=', current.id)
          .where('version', '=', p.version)
          .executeTakeFirst();
        if (touched(r) !== 1) throw staleVersion('the patient', p.version);
        return toPatient(await loadPatientRow(trx, ctx, id));
      }),
  };
}
