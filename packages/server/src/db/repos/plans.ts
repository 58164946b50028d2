import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { conflict, notFound, parseOrThrow, staleVersion } from '../../errors.js';
import { jsonDiff, type DiffEntry } from '../../plans/diff.js';
import {
  NewPlanSchema,
  PlanDraftSchema,
  type NewPlan,
  type PlanDraft,
  type PlanPayload,
} from '../../schemas.js';
import { canonicalJson } from '../canonical-json.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import type { DB, PlanRow, PlanVersionRow } from '../types.js';
import { loadPatientRow } from './patients.js';
import { requireVisit } from './visits.js';

export interface PlanVersion {
  readonly id: string;
  readonly number: number;
  readonly status: PlanVersionRow['status'];
  readonly payload: PlanPayload;
  readonly payloadSha256: string;
  readonly ruleSetVersion: string | null;
  /** Changes from the previous version (empty for version 1). */
  readonly diff: readonly DiffEntry[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly signedBy: string | null;
  readonly signedAt: string | null;
  readonly supersededAt: string | null;
}

export interface Plan {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly currentNumber: number;
  /** Optimistic-concurrency version of the whole plan: every save or signature bumps it. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly versions: readonly PlanVersion[];
}

const sha256 = (payload: PlanPayload): string =>
  createHash('sha256').update(canonicalJson(payload)).digest('hex');

const toVersion = (r: PlanVersionRow): PlanVersion => ({
  id: r.id,
  number: r.number,
  status: r.status,
  payload: JSON.parse(r.payload) as PlanPayload,
  payloadSha256: r.payload_sha256,
  ruleSetVersion: r.rule_set_version,
  diff: r.diff === null ? [] : (JSON.parse(r.diff) as DiffEntry[]),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  signedBy: r.signed_by,
  signedAt: r.signed_at,
  supersededAt: r.superseded_at,
});

async function loadPlanRow(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<PlanRow> {
  const p = await trx
    .selectFrom('plans')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!p) throw notFound('plan');
  return p;
}

async function loadPlan(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<Plan> {
  const p = await loadPlanRow(trx, ctx, id);
  const versions = await trx
    .selectFrom('plan_versions')
    .selectAll()
    .where('plan_id', '=', id)
    .orderBy('number')
    .execute();
  return {
    id: p.id,
    patientId: p.patient_id,
    visitId: p.visit_id,
    currentNumber: p.current_number,
    version: p.version,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    versions: versions.map(toVersion),
  };
}

/** Bumps the plan's optimistic-concurrency version or throws 409 when `expected` is stale. */
async function bump(
  trx: Kysely<DB>,
  ctx: RepoContext,
  plan: PlanRow,
  expected: number,
  currentNumber: number,
): Promise<void> {
  const r = await trx
    .updateTable('plans')
    .set({ version: expected + 1, current_number: currentNumber, updated_at: nowIso(ctx) })
    .where('id', '=', plan.id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (touched(r) !== 1) throw staleVersion('the plan', expected);
}

export interface PlanRepository {
  create(ctx: RepoContext, patientId: string, input: NewPlan): Promise<Plan>;
  get(ctx: RepoContext, id: string): Promise<Plan>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Plan[]>;
  /** Edits the current draft, or starts a new draft version when the current one is signed. */
  saveDraft(ctx: RepoContext, id: string, input: PlanDraft): Promise<Plan>;
  /** Signs the current draft; the previously signed version becomes superseded. */
  sign(ctx: RepoContext, id: string, expectedVersion: number): Promise<Plan>;
}

export function planRepository(db: Kysely<DB>): PlanRepository {
  return {
    create: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'plan', entityId: id }, async (trx) => {
        requirePermission(ctx, 'plan:write');
        const p = parseOrThrow(NewPlanSchema, input);
        await loadPatientRow(trx, ctx, patientId);
        if (p.visitId !== null) await requireVisit(trx, ctx, patientId, p.visitId);
        const now = nowIso(ctx);
        await trx
          .insertInto('plans')
          .values({
            id,
            organisation_id: ctx.actor.organisationId,
            patient_id: patientId,
            visit_id: p.visitId,
            current_number: 1,
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
        await trx
          .insertInto('plan_versions')
          .values({
            id: newId(),
            plan_id: id,
            number: 1,
            status: 'draft',
            payload: toJson(p.payload),
            payload_sha256: sha256(p.payload),
            rule_set_version: p.ruleSetVersion,
            diff: null,
            created_by: ctx.actor.userId,
            created_at: now,
            updated_at: now,
            signed_by: null,
            signed_at: null,
            superseded_at: null,
          })
          .execute();
        return loadPlan(trx, ctx, id);
      });
    },

    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'plan', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        return loadPlan(trx, ctx, id);
      }),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'plan', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const ids = await trx
          .selectFrom('plans')
          .select('id')
          .where('patient_id', '=', patientId)
          .orderBy('created_at')
          .execute();
        const out: Plan[] = [];
        for (const { id } of ids) out.push(await loadPlan(trx, ctx, id));
        return out;
      }),

    saveDraft: (ctx, id, input) =>
      audited(db, ctx, { action: 'update', entity: 'plan', entityId: id }, async (trx) => {
        requirePermission(ctx, 'plan:write');
        const d = parseOrThrow(PlanDraftSchema, input);
        const plan = await loadPlanRow(trx, ctx, id);
        if (plan.version !== d.version) throw staleVersion('the plan', d.version);
        const current = await trx
          .selectFrom('plan_versions')
          .selectAll()
          .where('plan_id', '=', id)
          .where('number', '=', plan.current_number)
          .executeTakeFirstOrThrow();
        const now = nowIso(ctx);
        if (current.status === 'draft') {
          const previous = await trx
            .selectFrom('plan_versions')
            .select('payload')
            .where('plan_id', '=', id)
            .where('number', '=', current.number - 1)
            .executeTakeFirst();
          await trx
            .updateTable('plan_versions')
            .set({
              payload: toJson(d.payload),
              payload_sha256: sha256(d.payload),
              rule_set_version: d.ruleSetVersion,
              diff: previous ? toJson(jsonDiff(JSON.parse(previous.payload), d.payload)) : null,
              updated_at: now,
            })
            .where('id', '=', current.id)
            .where('status', '=', 'draft')
            .execute();
          await bump(trx, ctx, plan, d.version, current.number);
        } else {
          const number = current.number + 1;
          await trx
            .insertInto('plan_versions')
            .values({
              id: newId(),
              plan_id: id,
              number,
              status: 'draft',
              payload: toJson(d.payload),
              payload_sha256: sha256(d.payload),
              rule_set_version: d.ruleSetVersion,
              diff: toJson(jsonDiff(JSON.parse(current.payload), d.payload)),
              created_by: ctx.actor.userId,
              created_at: now,
              updated_at: now,
              signed_by: null,
              signed_at: null,
              superseded_at: null,
            })
            .execute();
          await bump(trx, ctx, plan, d.version, number);
        }
        return loadPlan(trx, ctx, id);
      }),

    sign: (ctx, id, expectedVersion) =>
      audited(db, ctx, { action: 'sign', entity: 'plan', entityId: id }, async (trx) => {
        requirePermission(ctx, 'plan:sign');
        const plan = await loadPlanRow(trx, ctx, id);
        if (plan.version !== expectedVersion) throw staleVersion('the plan', expectedVersion);
        const current = await trx
          .selectFrom('plan_versions')
          .selectAll()
          .where('plan_id', '=', id)
          .where('number', '=', plan.current_number)
          .executeTakeFirstOrThrow();
        if (current.status !== 'draft') throw conflict(`plan version ${current.number} is signed already`);
        const now = nowIso(ctx);
        await trx
          .updateTable('plan_versions')
          .set({ status: 'superseded', superseded_at: now })
          .where('plan_id', '=', id)
          .where('status', '=', 'signed')
          .execute();
        await trx
          .updateTable('plan_versions')
          .set({ status: 'signed', signed_by: ctx.actor.userId, signed_at: now, updated_at: now })
          .where('id', '=', current.id)
          .execute();
        await bump(trx, ctx, plan, expectedVersion, current.number);
        return loadPlan(trx, ctx, id);
      }),
  };
}
