import { sql, type Kysely } from 'kysely';
import { birthDateProblem } from '@liftplan/domain';
import { badRequest, notFound, parseOrThrow, staleVersion } from '../../errors.js';
import { NewPatientSchema, PatientPatchSchema, type NewPatient, type PatientPatch } from '../../schemas.js';
import { nowIso, todayIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import type { DB, PatientRow, PatientVersionRow } from '../types.js';

export interface Patient {
  readonly id: string;
  readonly chartNumber: string;
  readonly displayName: string;
  readonly birthDate: string;
  readonly sex: PatientRow['sex'];
  readonly history: Readonly<Record<string, boolean>>;
  readonly notes: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  /** When the record was archived (read-only since), null when active. */
  readonly archivedAt: string | null;
}

/** One version of the demographics and contact details; version 1 is what was registered. */
export interface PatientVersion {
  readonly number: number;
  readonly displayName: string;
  readonly birthDate: string;
  readonly sex: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  /** Fields changed from the previous version (`created` for version 1). */
  readonly changed: readonly string[];
  readonly reason: string | null;
  readonly changedBy: string;
  readonly changedByName: string | null;
  readonly changedAt: string;
}

/** The fields a patient version holds, in the order they are listed. */
const VERSIONED = ['displayName', 'birthDate', 'sex', 'phone', 'email', 'address'] as const;
type Versioned = (typeof VERSIONED)[number];
const COLUMN: Record<Versioned, 'display_name' | 'birth_date' | 'sex' | 'phone' | 'email' | 'address'> = {
  displayName: 'display_name',
  birthDate: 'birth_date',
  sex: 'sex',
  phone: 'phone',
  email: 'email',
  address: 'address',
};

/** 400 naming the birth date when it is in the future or gives an implausible age on today's date. */
function checkBirthDate(ctx: RepoContext, birthDate: string): void {
  const problem = birthDateProblem(birthDate, todayIso(ctx));
  if (problem) {
    throw badRequest('the birth date cannot be right', [{ path: 'birthDate', message: problem.en }]);
  }
}

async function appendVersion(
  trx: Kysely<DB>,
  ctx: RepoContext,
  row: PatientRow,
  number: number,
  changed: readonly string[],
  reason: string | null,
): Promise<void> {
  const v: PatientVersionRow = {
    id: newId(),
    organisation_id: row.organisation_id,
    patient_id: row.id,
    number,
    display_name: row.display_name,
    birth_date: row.birth_date,
    sex: row.sex,
    phone: row.phone,
    email: row.email,
    address: row.address,
    changed_fields: changed.join(','),
    reason,
    changed_by: ctx.actor.userId,
    changed_at: nowIso(ctx),
  };
  await trx.insertInto('patient_versions').values(v).execute();
}

export const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  chartNumber: r.chart_number,
  displayName: r.display_name,
  birthDate: r.birth_date,
  sex: r.sex,
  history: JSON.parse(r.history) as Record<string, boolean>,
  notes: r.notes,
  phone: r.phone,
  email: r.email,
  address: r.address,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
  archivedAt: r.archived_at,
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
  /**
   * Changes a patient (optimistic on `version`). A change of demographics or contact details appends a
   * patient version (the original kept); the audit event names the changed fields, never their values.
   */
  update(ctx: RepoContext, id: string, patch: PatientPatch): Promise<Patient>;
  /** Every version of the demographics and contact details, oldest first (audited as a read). */
  versions(ctx: RepoContext, id: string): Promise<PatientVersion[]>;
}

export function patientRepository(db: Kysely<DB>): PatientRepository {
  return {
    create: (ctx, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'patient', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:write');
        const p = parseOrThrow(NewPatientSchema, input);
        checkBirthDate(ctx, p.birthDate);
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
          phone: p.phone,
          email: p.email,
          address: p.address,
          created_at: now,
          updated_at: now,
          version: 1,
          archived_at: null,
          archived_by: null,
        };
        await trx.insertInto('patients').values(row).execute();
        await appendVersion(trx, ctx, row, 1, ['created'], null);
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

    update: (ctx, id, patch) => {
      // The audit detail names the fields sent (never their values).
      const sent = Object.entries(patch as Record<string, unknown>)
        .filter(([k, v]) => k !== 'version' && k !== 'reason' && v !== undefined)
        .map(([k]) => k)
        .join(',');
      return audited(
        db,
        ctx,
        { action: 'update', entity: 'patient', entityId: id, detail: sent },
        async (trx) => {
          requirePermission(ctx, 'patient:write');
          const p = parseOrThrow(PatientPatchSchema, patch);
          if (p.birthDate !== undefined) checkBirthDate(ctx, p.birthDate);
          const current = await loadPatientRow(trx, ctx, id);
          const before = toPatient(current);
          const demographics = VERSIONED.filter((f) => p[f] !== undefined && p[f] !== before[f]);
          const set: Partial<PatientRow> = {};
          for (const f of demographics) Object.assign(set, { [COLUMN[f]]: p[f] });
          const r = await trx
            .updateTable('patients')
            .set({
              ...set,
              ...(p.history !== undefined ? { history: toJson(p.history) } : {}),
              ...(p.notes !== undefined ? { notes: p.notes } : {}),
              updated_at: nowIso(ctx),
              version: p.version + 1,
            })
            .where('id', '=', current.id)
            .where('version', '=', p.version)
            .executeTakeFirst();
          if (touched(r) !== 1) throw staleVersion('the patient', p.version);
          const after = await loadPatientRow(trx, ctx, id);
          if (demographics.length > 0) {
            const last = await trx
              .selectFrom('patient_versions')
              .select((eb) => eb.fn.max<number | string | null>('number').as('n'))
              .where('patient_id', '=', id)
              .executeTakeFirst();
            await appendVersion(trx, ctx, after, Number(last?.n ?? 0) + 1, demographics, p.reason ?? null);
          }
          return toPatient(after);
        },
      );
    },

    versions: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'patient_versions', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, id);
        const rows = await trx
          .selectFrom('patient_versions')
          .leftJoin('users', 'users.id', 'patient_versions.changed_by')
          .selectAll('patient_versions')
          .select('users.display_name as changed_by_name')
          .where('patient_versions.patient_id', '=', id)
          .orderBy('patient_versions.number')
          .execute();
        return rows.map((r) => ({
          number: r.number,
          displayName: r.display_name,
          birthDate: r.birth_date,
          sex: r.sex,
          phone: r.phone,
          email: r.email,
          address: r.address,
          changed: r.changed_fields.split(',').filter((x) => x !== ''),
          reason: r.reason,
          changedBy: r.changed_by,
          changedByName: r.changed_by_name,
          changedAt: r.changed_at,
        }));
      }),
  };
}
