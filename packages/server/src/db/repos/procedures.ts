import type { Kysely } from 'kysely';
import { badRequest, conflict, notFound, parseOrThrow, staleVersion, type FieldError } from '../../errors.js';
import {
  NewProcedureSchema,
  ProcedureEventsSchema,
  type NewProcedure,
  type ProcedureEvents,
} from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import type { DB, ProcedureRow, ProcedureThreadRow } from '../types.js';
import { loadPatientRow, toPatient, type Patient } from './patients.js';
import { requireVisit } from './visits.js';

export interface ProcedureThread {
  readonly id: string;
  readonly placementId: string | null;
  readonly region: string;
  readonly side: string;
  readonly productId: string;
  readonly productName: string;
  readonly lotId: string;
  readonly lotNumber: string;
  readonly expiryDate: string;
  readonly count: number;
  readonly deviations: string | null;
}

export interface Procedure {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly planVersionId: string | null;
  readonly performedBy: string;
  readonly performedOn: string;
  readonly anaesthesia: unknown;
  readonly events: unknown;
  readonly notes: string | null;
  readonly threads: readonly ProcedureThread[];
  readonly version: number;
}

export interface RecallHit {
  readonly patient: Patient;
  readonly procedureId: string;
  readonly performedOn: string;
  readonly count: number;
}

async function loadThreads(trx: Kysely<DB>, procedureIds: readonly string[]) {
  if (procedureIds.length === 0) return [];
  return trx
    .selectFrom('procedure_threads')
    .innerJoin('lots', 'lots.id', 'procedure_threads.lot_id')
    .innerJoin('products', 'products.id', 'procedure_threads.product_id')
    .selectAll('procedure_threads')
    .select(['lots.lot_number', 'lots.expiry_date', 'products.name as product_name'])
    .where('procedure_id', 'in', [...procedureIds])
    .orderBy('procedure_threads.region')
    .orderBy('procedure_threads.side')
    .execute();
}

type ThreadJoin = Awaited<ReturnType<typeof loadThreads>>[number];

const toProcedure = (p: ProcedureRow, threads: readonly ThreadJoin[]): Procedure => ({
  id: p.id,
  patientId: p.patient_id,
  visitId: p.visit_id,
  planVersionId: p.plan_version_id,
  performedBy: p.performed_by,
  performedOn: p.performed_on,
  anaesthesia: JSON.parse(p.anaesthesia) as unknown,
  events: JSON.parse(p.events) as unknown,
  notes: p.notes,
  version: p.version,
  threads: threads
    .filter((t) => t.procedure_id === p.id)
    .map((t) => ({
      id: t.id,
      placementId: t.placement_id,
      region: t.region,
      side: t.side,
      productId: t.product_id,
      productName: t.product_name,
      lotId: t.lot_id,
      lotNumber: t.lot_number,
      expiryDate: t.expiry_date,
      count: t.count,
      deviations: t.deviations,
    })),
});

async function loadProcedure(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<Procedure> {
  const p: ProcedureRow | undefined = await trx
    .selectFrom('procedures')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!p) throw notFound('procedure');
  return toProcedure(p, await loadThreads(trx, [id]));
}

export interface ProcedureRepository {
  /**
   * Records what was used per planned thread, refuses expired lots and short stock, and decrements stock,
   * all in one transaction.
   */
  record(ctx: RepoContext, patientId: string, input: NewProcedure): Promise<Procedure>;
  get(ctx: RepoContext, id: string): Promise<Procedure>;
  /** A patient's procedures, newest first, each with its threads (product, lot) and events. */
  listForPatient(ctx: RepoContext, patientId: string): Promise<Procedure[]>;
  /**
   * Appends events recorded after the fact (optimistic: `version` is the procedure version seen). Earlier
   * events are never changed; each new one carries `recordedBy` and `recordedAt`.
   */
  addEvents(ctx: RepoContext, id: string, input: ProcedureEvents): Promise<Procedure>;
  /** "Which patients received lot X": one query over threads, procedures and patients. */
  recallByLot(ctx: RepoContext, lotId: string): Promise<RecallHit[]>;
}

export function procedureRepository(db: Kysely<DB>): ProcedureRepository {
  return {
    record: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'procedure', entityId: id }, async (trx) => {
        requirePermission(ctx, 'procedure:write');
        const p = parseOrThrow(NewProcedureSchema, input);
        await loadPatientRow(trx, ctx, patientId);
        if (p.visitId !== null) await requireVisit(trx, ctx, patientId, p.visitId);
        if (p.planVersionId !== null) {
          const pv = await trx
            .selectFrom('plan_versions')
            .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
            .select(['plan_versions.status'])
            .where('plan_versions.id', '=', p.planVersionId)
            .where('plans.patient_id', '=', patientId)
            .executeTakeFirst();
          if (!pv) throw notFound('plan version');
          if (pv.status !== 'signed') {
            throw badRequest('procedures follow a signed plan version', [
              { path: 'planVersionId', message: `this plan version is ${pv.status}` },
            ]);
          }
        }
        const lotIds = [...new Set(p.threads.map((t) => t.lotId))];
        const lots = await trx
          .selectFrom('lots')
          .selectAll()
          .where('id', 'in', lotIds)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .execute();
        const byId = new Map(lots.map((l) => [l.id, l]));
        const problems: FieldError[] = [];
        const need = new Map<string, number>();
        p.threads.forEach((t, i) => {
          const lot = byId.get(t.lotId);
          if (!lot) problems.push({ path: `threads[${i}].lotId`, message: 'no such lot in the catalogue' });
          else if (lot.expiry_date < p.performedOn) {
            problems.push({
              path: `threads[${i}].lotId`,
              message: `lot ${lot.lot_number} expired on ${lot.expiry_date}`,
            });
          }
          need.set(t.lotId, (need.get(t.lotId) ?? 0) + t.count);
        });
        if (problems.length > 0) throw badRequest('some threads cannot be recorded', problems);
        for (const [lotId, count] of need) {
          const r = await trx
            .updateTable('lots')
            .set((eb) => ({ stock: eb('stock', '-', count), version: eb('version', '+', 1) }))
            .where('id', '=', lotId)
            .where('stock', '>=', count)
            .executeTakeFirst();
          if (touched(r) !== 1) {
            const lot = byId.get(lotId);
            throw conflict(`lot ${lot?.lot_number ?? lotId} has fewer than ${count} threads in stock`, [
              { path: 'threads', message: `stock of lot ${lot?.lot_number ?? lotId} is ${lot?.stock ?? 0}` },
            ]);
          }
        }
        const now = nowIso(ctx);
        await trx
          .insertInto('procedures')
          .values({
            id,
            organisation_id: ctx.actor.organisationId,
            patient_id: patientId,
            visit_id: p.visitId,
            plan_version_id: p.planVersionId,
            performed_by: ctx.actor.userId,
            performed_on: p.performedOn,
            anaesthesia: toJson(p.anaesthesia),
            events: toJson(p.events),
            notes: p.notes,
            created_by: ctx.actor.userId,
            created_at: now,
            version: 1,
          })
          .execute();
        const threads: ProcedureThreadRow[] = p.threads.map((t) => {
          const lot = byId.get(t.lotId);
          if (!lot) throw notFound('lot');
          return {
            id: newId(),
            procedure_id: id,
            placement_id: t.placementId,
            region: t.region,
            side: t.side,
            product_id: lot.product_id,
            lot_id: t.lotId,
            count: t.count,
            deviations: t.deviations,
          };
        });
        await trx.insertInto('procedure_threads').values(threads).execute();
        return loadProcedure(trx, ctx, id);
      });
    },

    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'procedure', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        return loadProcedure(trx, ctx, id);
      }),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'procedure', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('procedures')
          .selectAll()
          .where('patient_id', '=', patientId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .orderBy('performed_on', 'desc')
          .orderBy('created_at', 'desc')
          .execute();
        const threads = await loadThreads(
          trx,
          rows.map((r) => r.id),
        );
        return rows.map((r) => toProcedure(r, threads));
      }),

    addEvents: (ctx, id, input) =>
      audited(db, ctx, { action: 'update', entity: 'procedure', entityId: id }, async (trx) => {
        requirePermission(ctx, 'procedure:write');
        const e = parseOrThrow(ProcedureEventsSchema, input);
        const row = await trx
          .selectFrom('procedures')
          .select(['events', 'version'])
          .where('id', '=', id)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!row) throw notFound('procedure');
        if (row.version !== e.version) throw staleVersion('the procedure', e.version);
        const before = JSON.parse(row.events) as unknown[];
        const now = nowIso(ctx);
        const added = e.events.map((ev) => ({ ...ev, recordedBy: ctx.actor.userId, recordedAt: now }));
        const r = await trx
          .updateTable('procedures')
          .set({ events: toJson([...before, ...added]), version: e.version + 1 })
          .where('id', '=', id)
          .where('version', '=', e.version)
          .executeTakeFirst();
        if (touched(r) !== 1) throw staleVersion('the procedure', e.version);
        return loadProcedure(trx, ctx, id);
      }),

    recallByLot: (ctx, lotId) =>
      audited(db, ctx, { action: 'recall', entity: 'lot', entityId: lotId }, async (trx) => {
        requirePermission(ctx, 'recall:read');
        const rows = await trx
          .selectFrom('procedure_threads as t')
          .innerJoin('procedures as p', 'p.id', 't.procedure_id')
          .innerJoin('patients as pt', 'pt.id', 'p.patient_id')
          .selectAll('pt')
          .select([
            'p.id as procedure_id',
            'p.performed_on',
            (eb) => eb.fn.sum<number | string>('t.count').as('thread_count'),
          ])
          .where('t.lot_id', '=', lotId)
          .where('p.organisation_id', '=', ctx.actor.organisationId)
          .groupBy([
            'pt.id',
            'pt.organisation_id',
            'pt.chart_number',
            'pt.display_name',
            'pt.birth_date',
            'pt.sex',
            'pt.history',
            'pt.notes',
            'pt.created_at',
            'pt.updated_at',
            'pt.version',
            'p.id',
            'p.performed_on',
          ])
          .orderBy('p.performed_on')
          .execute();
        return rows.map((r) => ({
          patient: toPatient(r),
          procedureId: r.procedure_id,
          performedOn: r.performed_on,
          count: Number(r.thread_count),
        }));
      }),
  };
}
