import type { Procedure as ProcedureAnswer } from '@liftplan/api';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { matchProcedure, parseGs1, REGIONS, SIDES } from '@liftplan/domain';
import {
  badRequest,
  conflict,
  consentRequired,
  deviationUnexplained,
  notFound,
  parseOrThrow,
  staleVersion,
  type FieldError,
} from '../../errors.js';
import {
  NewProcedureSchema,
  ProcedureEventsSchema,
  type NewProcedure,
  type ProcedureEvents,
  ProcedureCorrectionSchema,
  type ProcedureCorrection,
} from '../../schemas.js';
import { nowIso, todayIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import {
  recordChanged,
  recordCreated,
  recordHistory,
  type Origin,
  type RecordVersion,
} from '../record-versions.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import { assertVersionIntact } from '../signed-records.js';
import type { DB, LotRow, ProcedureRow, ProcedureThreadRow } from '../types.js';
import { consentStatusIn } from './consents.js';
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
  /** The scanned GS1 string and its GTIN, when the lot was scanned. */
  readonly barcode: string | null;
  readonly gtin: string | null;
}

export interface Procedure {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly planVersionId: string | null;
  /** The doctor who performed it (user id) and their name. */
  readonly performedBy: string;
  readonly performedByName: string | null;
  /** Who entered the record. */
  readonly recordedBy: string;
  readonly performedOn: string;
  readonly notPlaced: readonly { readonly placementId: string; readonly reason: string }[];
  readonly anaesthesia: ProcedureAnswer['anaesthesia'];
  readonly events: ProcedureAnswer['events'];
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

const toProcedure = (
  p: ProcedureRow & { performed_by_name?: string | null },
  threads: readonly ThreadJoin[],
): Procedure => ({
  id: p.id,
  patientId: p.patient_id,
  visitId: p.visit_id,
  planVersionId: p.plan_version_id,
  performedBy: p.performed_by,
  performedByName: p.performed_by_name ?? null,
  recordedBy: p.created_by,
  performedOn: p.performed_on,
  notPlaced: JSON.parse(p.not_placed) as { placementId: string; reason: string }[],
  anaesthesia: JSON.parse(p.anaesthesia) as ProcedureAnswer['anaesthesia'],
  events: JSON.parse(p.events) as ProcedureAnswer['events'],
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
      barcode: t.barcode,
      gtin: t.gtin,
    })),
});

async function loadProcedure(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<Procedure> {
  const p = await trx
    .selectFrom('procedures')
    .leftJoin('users', 'users.id', 'procedures.performed_by')
    .selectAll('procedures')
    .select('users.display_name as performed_by_name')
    .where('procedures.id', '=', id)
    .where('procedures.organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!p) throw notFound('procedure');
  return toProcedure(p, await loadThreads(trx, [id]));
}

/** The rows of a signed plan version the procedure is checked against (placement fields only). */
const PlannedRowSchema = z.object({
  id: z.string(),
  region: z.enum(REGIONS),
  side: z.enum(SIDES),
  kind: z.string(),
  material: z.string(),
  gauge: z.string(),
  lengthMm: z.number(),
  count: z.number().int(),
});

async function plannedRows(trx: Kysely<DB>, patientId: string, planVersionId: string) {
  const pv = await trx
    .selectFrom('plan_versions')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .select(['plan_versions.status', 'plan_versions.number', 'plan_versions.payload'])
    .where('plan_versions.id', '=', planVersionId)
    .where('plans.patient_id', '=', patientId)
    .executeTakeFirst();
  if (!pv) throw notFound('plan version');
  // The rows checked against must be the ones signed (record_tampered otherwise).
  await assertVersionIntact(trx, planVersionId);
  if (pv.status !== 'signed') {
    throw badRequest('procedures follow a signed plan version', [
      { path: 'planVersionId', message: `this plan version is ${pv.status}` },
    ]);
  }
  const rows = z
    .object({ placements: z.array(PlannedRowSchema) })
    .safeParse(JSON.parse(pv.payload) as unknown);
  if (!rows.success) {
    throw conflict(
      `signed plan version ${pv.number} holds no thread rows (kind, material, gauge, length, count) to check the procedure against: re-plan and sign again`,
    );
  }
  // The domain's PlannedRow narrows kind/material/gauge to its vocabularies; comparison is by string.
  return rows.data.placements as unknown as Parameters<typeof matchProcedure>[0]['planned'];
}

type LotWithProduct = LotRow & { thread_kind: string; material: string; gauge: string; length_mm: number };

/**
 * The lot of each thread: by id, or by its scanned GS1 barcode (lot number, and expiry checked against the
 * catalogue); both given must agree. Problems name the thread.
 */
async function resolveLots(
  trx: Kysely<DB>,
  ctx: RepoContext,
  threads: readonly { lotId: string | null; barcode: string | null }[],
  today: string,
): Promise<{ lots: (LotWithProduct | undefined)[]; gtins: (string | undefined)[]; problems: FieldError[] }> {
  const problems: FieldError[] = [];
  const scans = threads.map((t, i) => {
    if (t.barcode === null || t.barcode.trim() === '') return undefined;
    const r = parseGs1(t.barcode, Number(today.slice(0, 4)));
    if (!r.ok) {
      problems.push({ path: `threads[${i}].barcode`, message: r.error.en });
      return undefined;
    }
    if (r.data.lot === undefined) {
      problems.push({
        path: `threads[${i}].barcode`,
        message: 'the barcode carries no lot number (10): scan the code that has it',
      });
      return undefined;
    }
    return r.data;
  });
  const ids = threads.flatMap((t) => (t.lotId ? [t.lotId] : []));
  const numbers = scans.flatMap((s) => (s?.lot ? [s.lot] : []));
  const base = trx
    .selectFrom('lots')
    .innerJoin('products', 'products.id', 'lots.product_id')
    .selectAll('lots')
    .select(['products.thread_kind', 'products.material', 'products.gauge', 'products.length_mm'])
    .where('lots.organisation_id', '=', ctx.actor.organisationId);
  const found: LotWithProduct[] = [];
  if (ids.length > 0) found.push(...(await base.where('lots.id', 'in', ids).execute()));
  if (numbers.length > 0) found.push(...(await base.where('lots.lot_number', 'in', numbers).execute()));
  const lots = threads.map((t, i) => {
    const scan = scans[i];
    const byId = t.lotId ? found.find((l) => l.id === t.lotId) : undefined;
    if (t.lotId && !byId) {
      problems.push({ path: `threads[${i}].lotId`, message: 'no such lot in the catalogue' });
      return undefined;
    }
    if (!scan) return byId;
    const matches = found.filter((l) => l.lot_number === scan.lot);
    const unique = [...new Map(matches.map((l) => [l.id, l])).values()];
    if (byId && byId.lot_number !== scan.lot) {
      problems.push({
        path: `threads[${i}].barcode`,
        message: `the scanned lot ${scan.lot ?? ''} is not the chosen lot ${byId.lot_number}: scan the box used`,
      });
      return undefined;
    }
    const lot = byId ?? (unique.length === 1 ? unique[0] : undefined);
    if (!lot) {
      problems.push({
        path: `threads[${i}].barcode`,
        message:
          unique.length === 0
            ? `lot ${scan.lot ?? ''} is not in the catalogue: add it under Admin > products, then scan again`
            : `lot ${scan.lot ?? ''} exists for ${unique.length} products: choose the lot from the list`,
      });
      return undefined;
    }
    if (scan.expiry !== undefined && scan.expiry !== lot.expiry_date) {
      problems.push({
        path: `threads[${i}].barcode`,
        message: `the box says lot ${lot.lot_number} expires on ${scan.expiry}, the catalogue says ${lot.expiry_date}: check the box and the catalogue entry`,
      });
      return undefined;
    }
    return lot;
  });
  return { lots, gtins: scans.map((s) => s?.gtin), problems };
}

/** Who recorded a procedure and when (version 1 of a record from before versioning). */
async function procedureOrigin(trx: Kysely<DB>, id: string): Promise<Origin> {
  const row = await trx
    .selectFrom('procedures')
    .select(['created_by', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { by: row.created_by, at: row.created_at };
}

async function versionProcedure(
  trx: Kysely<DB>,
  ctx: RepoContext,
  before: Procedure,
  after: Procedure,
  reason: string | null,
): Promise<void> {
  await recordChanged(
    trx,
    ctx,
    { entity: 'procedure', entityId: after.id, patientId: after.patientId },
    { before, after, reason, origin: await procedureOrigin(trx, after.id) },
  );
}

export interface ProcedureRepository {
  /**
   * Records what was used per planned row of a signed plan version, in one transaction: refuses a plan
   * version without the patient's signed consent (`consent_required`), a performer who is not a doctor,
   * expired lots, a scanned barcode that does not match the catalogue, any difference from the plan (kind,
   * material, gauge, length, count, rows left out) without a deviation reason (`deviation_unexplained`, each
   * listed), and short stock; decrements stock.
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
  /** Corrects the anaesthesia or notes (a reason required); the previous version is kept. */
  correct(ctx: RepoContext, id: string, input: ProcedureCorrection): Promise<Procedure>;
  /** Every version of the procedure record, oldest first (audited as a read). */
  versions(ctx: RepoContext, id: string): Promise<RecordVersion[]>;
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
        const planned = await plannedRows(trx, patientId, p.planVersionId);
        const consent = await consentStatusIn(trx, ctx, p.planVersionId);
        if (consent.status !== 'signed') {
          throw consentRequired(
            'the patient has not signed the consent for this plan version (Medical Service Act Art. 24-2): have the consent form signed before recording the procedure',
            [{ path: 'planVersionId', message: 'no signed consent for this plan version' }],
          );
        }
        const performer = await trx
          .selectFrom('users')
          .select(['role', 'disabled'])
          .where('id', '=', p.performedBy)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!performer || performer.role !== 'doctor' || performer.disabled === 1) {
          throw badRequest('the procedure is performed by a doctor of this clinic', [
            { path: 'performedBy', message: 'not an active doctor of this clinic' },
          ]);
        }

        const lotsUsed = await resolveLots(trx, ctx, p.threads, todayIso(ctx));
        const problems: FieldError[] = [...lotsUsed.problems];
        const need = new Map<string, number>();
        p.threads.forEach((t, i) => {
          const lot = lotsUsed.lots[i];
          if (!lot) return;
          if (lot.expiry_date < p.performedOn) {
            problems.push({
              path: `threads[${i}].lotId`,
              message: `lot ${lot.lot_number} expired on ${lot.expiry_date}`,
            });
          }
          need.set(lot.id, (need.get(lot.id) ?? 0) + t.count);
        });
        if (problems.length > 0) throw badRequest('some threads cannot be recorded', problems);

        const notPlaced = Object.fromEntries(p.notPlaced.map((n) => [n.placementId, n.reason]));
        const mismatches = matchProcedure({
          planned,
          recorded: p.threads.map((t, i) => {
            const lot = lotsUsed.lots[i];
            return {
              placementId: t.placementId,
              product: {
                kind: lot?.thread_kind ?? '',
                material: lot?.material ?? '',
                gauge: lot?.gauge ?? '',
                lengthMm: lot?.length_mm ?? 0,
              },
              count: t.count,
              deviation: t.deviations,
            };
          }),
          notPlaced,
        });
        const unexplained = mismatches.filter((m) => !m.explained);
        if (unexplained.length > 0) {
          throw deviationUnexplained(
            `the procedure differs from the signed plan in ${unexplained.length} place${unexplained.length === 1 ? '' : 's'}: give a deviation reason for each, or record what was planned`,
            unexplained.map((m) => ({
              path:
                m.thread === null ? `notPlaced[${m.placementId ?? ''}]` : `threads[${m.thread}].deviations`,
              message: m.text.en,
            })),
          );
        }

        for (const [lotId, count] of need) {
          const r = await trx
            .updateTable('lots')
            .set((eb) => ({ stock: eb('stock', '-', count), version: eb('version', '+', 1) }))
            .where('id', '=', lotId)
            .where('stock', '>=', count)
            .executeTakeFirst();
          if (touched(r) !== 1) {
            const lot = lotsUsed.lots.find((l) => l?.id === lotId);
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
            performed_by: p.performedBy,
            performed_on: p.performedOn,
            anaesthesia: toJson(p.anaesthesia),
            events: toJson(p.events),
            notes: p.notes,
            created_by: ctx.actor.userId,
            created_at: now,
            version: 1,
            not_placed: toJson(p.notPlaced),
          })
          .execute();
        const threads: ProcedureThreadRow[] = p.threads.map((t, i) => {
          const lot = lotsUsed.lots[i];
          if (!lot) throw notFound('lot');
          return {
            id: newId(),
            organisation_id: ctx.actor.organisationId,
            procedure_id: id,
            placement_id: t.placementId,
            region: t.region,
            side: t.side,
            product_id: lot.product_id,
            lot_id: lot.id,
            count: t.count,
            deviations: t.deviations === '' ? null : t.deviations,
            barcode: t.barcode === null || t.barcode.trim() === '' ? null : t.barcode.trim(),
            gtin: lotsUsed.gtins[i] ?? null,
          };
        });
        await trx.insertInto('procedure_threads').values(threads).execute();
        const created = await loadProcedure(trx, ctx, id);
        await recordCreated(trx, ctx, { entity: 'procedure', entityId: id, patientId }, created);
        return created;
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
          .leftJoin('users', 'users.id', 'procedures.performed_by')
          .selectAll('procedures')
          .select('users.display_name as performed_by_name')
          .where('procedures.patient_id', '=', patientId)
          .where('procedures.organisation_id', '=', ctx.actor.organisationId)
          .orderBy('procedures.performed_on', 'desc')
          .orderBy('procedures.created_at', 'desc')
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
        const previous = await loadProcedure(trx, ctx, id);
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
        const after = await loadProcedure(trx, ctx, id);
        await versionProcedure(trx, ctx, previous, after, null);
        return after;
      }),

    correct: (ctx, id, input) =>
      audited(db, ctx, { action: 'update', entity: 'procedure', entityId: id }, async (trx) => {
        requirePermission(ctx, 'procedure:write');
        const c = parseOrThrow(ProcedureCorrectionSchema, input);
        const previous = await loadProcedure(trx, ctx, id);
        const r = await trx
          .updateTable('procedures')
          .set({
            ...(c.anaesthesia !== undefined ? { anaesthesia: toJson(c.anaesthesia) } : {}),
            ...(c.notes !== undefined ? { notes: c.notes } : {}),
            version: c.version + 1,
          })
          .where('id', '=', id)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .where('version', '=', c.version)
          .executeTakeFirst();
        if (touched(r) !== 1) throw staleVersion('the procedure', c.version);
        const after = await loadProcedure(trx, ctx, id);
        await versionProcedure(trx, ctx, previous, after, c.reason);
        return after;
      }),

    versions: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'procedure_versions', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const current = await loadProcedure(trx, ctx, id);
        const origin = await procedureOrigin(trx, id);
        return recordHistory(trx, { entity: 'procedure', entityId: id }, { record: current, origin });
      }),

    recallByLot: (ctx, lotId) =>
      audited(db, ctx, { action: 'recall', entity: 'lot', entityId: lotId }, async (trx) => {
        requirePermission(ctx, 'recall:read');
        // A lot of another clinic is unknown here: 404, not an empty recall.
        const lot = await trx
          .selectFrom('lots')
          .select('id')
          .where('id', '=', lotId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!lot) throw notFound('lot');
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
            'pt.phone',
            'pt.email',
            'pt.address',
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
