import type { Kysely } from 'kysely';
import { notFound, parseOrThrow } from '../../errors.js';
import { NewVisitSchema, type NewVisit } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId } from '../repo-kit.js';
import type { DB, VisitRow } from '../types.js';
import { loadPatientRow } from './patients.js';

export interface Visit {
  readonly id: string;
  readonly patientId: string;
  readonly kind: VisitRow['kind'];
  readonly date: string;
  readonly notes: string | null;
  readonly createdAt: string;
  readonly version: number;
}

const toVisit = (r: VisitRow): Visit => ({
  id: r.id,
  patientId: r.patient_id,
  kind: r.kind,
  date: r.date,
  notes: r.notes,
  createdAt: r.created_at,
  version: r.version,
});

/** A visit of this patient in the caller's organisation, or not found. */
export async function requireVisit(
  trx: Kysely<DB>,
  ctx: RepoContext,
  patientId: string,
  visitId: string,
): Promise<VisitRow> {
  const v = await trx
    .selectFrom('visits')
    .selectAll()
    .where('id', '=', visitId)
    .where('patient_id', '=', patientId)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!v) throw notFound('visit');
  return v;
}

export interface VisitRepository {
  create(ctx: RepoContext, patientId: string, input: NewVisit): Promise<Visit>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Visit[]>;
}

export function visitRepository(db: Kysely<DB>): VisitRepository {
  return {
    create: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'visit', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:write');
        const v = parseOrThrow(NewVisitSchema, input);
        await loadPatientRow(trx, ctx, patientId);
        const row: VisitRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          patient_id: patientId,
          kind: v.kind,
          date: v.date,
          notes: v.notes,
          created_at: nowIso(ctx),
          version: 1,
        };
        await trx.insertInto('visits').values(row).execute();
        return toVisit(row);
      });
    },

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'visit', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('visits')
          .selectAll()
          .where('patient_id', '=', patientId)
          .orderBy('date')
          .orderBy('created_at')
          .execute();
        return rows.map(toVisit);
      }),
  };
}
