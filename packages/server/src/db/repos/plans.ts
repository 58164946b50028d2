import { consentCheck } from './consent-check.js';
import { PlanRecordSchema, type PlanRecord } from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { verifyPassword } from '../../auth/password.js';
import {
  badRequest,
  blocked,
  conflict,
  forbidden,
  notFound,
  parseOrThrow,
  staleVersion,
} from '../../errors.js';
import { jsonDiff, type DiffEntry } from '../../plans/diff.js';
import {
  NewPlanSchema,
  PlanDraftSchema,
  SignPlanSchema,
  type NewPlan,
  type PlanDraft,
  type PlanPayload,
  type SignPlan,
} from '../../schemas.js';
import { formatInZone } from '../../time-zone.js';
import { appendAudit } from '../audit.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson, touched } from '../repo-kit.js';
import { canonicalJson } from '../canonical-json.js';
import { assertSignedIntact, payloadSha256, signEventDetail } from '../signed-records.js';
import type { DB, PlanRow, PlanSignatureRow, PlanVersionRow } from '../types.js';
import { buildRecord } from './plan-record.js';
import { loadPatientRow } from './patients.js';
import { signChecklist, type ChecklistCheck, type SignChecklist } from './sign-checklist.js';
import { requireVisit } from './visits.js';

/** Who signed a version and when (also in the clinic's time zone), and the sha256 of the signed record. */
export interface PlanSignature {
  readonly signedBy: string;
  readonly signedByName: string;
  readonly signedAt: string;
  /** `signedAt` in the clinic's time zone, e.g. `2025-03-01 18:00 (Asia/Seoul)`. */
  readonly signedAtLocal: string;
  readonly timeZone: string;
  readonly recordSha256: string;
  readonly acknowledged: readonly string[];
}

export interface PlanVersion {
  readonly id: string;
  readonly number: number;
  readonly status: PlanVersionRow['status'];
  /** The `liftplan.plan` record (see @liftplan/domain `PlanRecordSchema`). */
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
  readonly signature: PlanSignature | null;
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

const toVersion = (
  r: PlanVersionRow,
  sig: PlanSignatureRow | undefined,
  names: ReadonlyMap<string, string>,
  timeZone: string,
): PlanVersion => ({
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
  signature: sig
    ? {
        signedBy: sig.signed_by,
        signedByName: names.get(sig.signed_by) ?? sig.signed_by,
        signedAt: sig.signed_at,
        signedAtLocal: formatInZone(sig.signed_at, timeZone),
        timeZone,
        recordSha256: sig.record_sha256,
        acknowledged: JSON.parse(sig.acknowledged) as string[],
      }
    : null,
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

/** A plan with its versions; every signed version is checked for tampering first (refused: `record_tampered`). */
async function loadPlan(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<Plan> {
  const p = await loadPlanRow(trx, ctx, id);
  const versions = await trx
    .selectFrom('plan_versions')
    .selectAll()
    .where('plan_id', '=', id)
    .orderBy('number')
    .execute();
  await assertSignedIntact(trx, p, versions);
  const sigs = versions.some((v) => v.status !== 'draft')
    ? await trx.selectFrom('plan_signatures').selectAll().where('plan_id', '=', id).execute()
    : [];
  const bySig = new Map(sigs.map((s) => [s.plan_version_id, s]));
  const names = new Map<string, string>();
  let timeZone = 'UTC';
  if (sigs.length > 0) {
    const users = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where(
        'id',
        'in',
        sigs.map((s) => s.signed_by),
      )
      .execute();
    for (const u of users) names.set(u.id, u.display_name);
    const org = await trx
      .selectFrom('organisations')
      .select('time_zone')
      .where('id', '=', ctx.actor.organisationId)
      .executeTakeFirst();
    timeZone = org?.time_zone ?? timeZone;
  }
  return {
    id: p.id,
    patientId: p.patient_id,
    visitId: p.visit_id,
    currentNumber: p.current_number,
    version: p.version,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    versions: versions.map((v) => toVersion(v, bySig.get(v.id), names, timeZone)),
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

const recordOf = (payload: string): PlanRecord | null => {
  const r = PlanRecordSchema.safeParse(JSON.parse(payload));
  return r.success ? r.data : null;
};

async function currentVersionRow(trx: Kysely<DB>, plan: PlanRow): Promise<PlanVersionRow> {
  return trx
    .selectFrom('plan_versions')
    .selectAll()
    .where('plan_id', '=', plan.id)
    .where('number', '=', plan.current_number)
    .executeTakeFirstOrThrow();
}

export interface PlanRepositoryOptions {
  /** The consent item of the sign checklist (consent records plug in here). */
  readonly consent?: ChecklistCheck;
}

export interface PlanRepository {
  /** The visit's plan from the clinician's edits (the server builds the case); 409 if the visit has one. */
  create(ctx: RepoContext, patientId: string, input: NewPlan): Promise<Plan>;
  get(ctx: RepoContext, id: string): Promise<Plan>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Plan[]>;
  /** Edits the current draft, or starts a new draft version when the current one is signed. */
  saveDraft(ctx: RepoContext, id: string, input: PlanDraft): Promise<Plan>;
  /** The chart audit of the current version: what is complete and what blocks signing. */
  checklist(ctx: RepoContext, id: string): Promise<SignChecklist>;
  /**
   * Signs the current draft after the signer's password and the checklist; the previously signed version
   * becomes superseded. The signature is stored and chained into the audit log.
   */
  sign(ctx: RepoContext, id: string, input: SignPlan): Promise<Plan>;
}

export function planRepository(db: Kysely<DB>, options: PlanRepositoryOptions = {}): PlanRepository {
  const consent = options.consent ?? consentCheck;
  return {
    create: (ctx, patientId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'plan', entityId: id }, async (trx) => {
        requirePermission(ctx, 'plan:write');
        const edits = parseOrThrow(NewPlanSchema, input);
        const patient = await loadPatientRow(trx, ctx, patientId);
        const visit = await requireVisit(trx, ctx, patientId, edits.visitId);
        const existing = await trx
          .selectFrom('plans')
          .select('id')
          .where('visit_id', '=', visit.id)
          .executeTakeFirst();
        if (existing) {
          throw conflict(
            'this visit has a plan already: reload it and save your changes as a new version of that plan',
            [{ path: 'visitId', message: `plan ${existing.id} belongs to this visit` }],
          );
        }
        const record = await buildRecord(trx, ctx, patient, visit, edits, null);
        const now = nowIso(ctx);
        await trx
          .insertInto('plans')
          .values({
            id,
            organisation_id: ctx.actor.organisationId,
            patient_id: patientId,
            visit_id: visit.id,
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
            organisation_id: ctx.actor.organisationId,
            plan_id: id,
            number: 1,
            status: 'draft',
            payload: canonicalJson(record),
            payload_sha256: payloadSha256(record),
            rule_set_version: record.ruleSetVersion,
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
        if (plan.visit_id !== d.visitId) {
          throw badRequest('the plan belongs to another visit', [
            { path: 'visitId', message: 'must be the visit of this plan' },
          ]);
        }
        const patient = await loadPatientRow(trx, ctx, plan.patient_id);
        const visit = await requireVisit(trx, ctx, plan.patient_id, d.visitId);
        const current = await currentVersionRow(trx, plan);
        const record = await buildRecord(trx, ctx, patient, visit, d, recordOf(current.payload));
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
              payload: canonicalJson(record),
              payload_sha256: payloadSha256(record),
              rule_set_version: record.ruleSetVersion,
              diff: previous ? toJson(jsonDiff(JSON.parse(previous.payload), record)) : null,
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
              organisation_id: ctx.actor.organisationId,
              plan_id: id,
              number,
              status: 'draft',
              payload: canonicalJson(record),
              payload_sha256: payloadSha256(record),
              rule_set_version: record.ruleSetVersion,
              diff: toJson(jsonDiff(JSON.parse(current.payload), record)),
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

    checklist: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'plan', entityId: id, detail: 'checklist' }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const plan = await loadPlanRow(trx, ctx, id);
        const version = await currentVersionRow(trx, plan);
        const patient = await loadPatientRow(trx, ctx, plan.patient_id);
        const r = await signChecklist(trx, ctx, { plan, version, patient }, { acknowledge: [], consent });
        return {
          planId: plan.id,
          version: plan.version,
          versionNumber: version.number,
          items: r.items,
          signable: r.signable && version.status === 'draft',
        };
      }),

    sign: (ctx, id, input) =>
      audited(db, ctx, { action: 'sign', entity: 'plan', entityId: id }, async (trx) => {
        requirePermission(ctx, 'plan:sign');
        const s = parseOrThrow(SignPlanSchema, input);
        const user = await trx
          .selectFrom('users')
          .select(['password_hash', 'disabled'])
          .where('id', '=', ctx.actor.userId)
          .executeTakeFirst();
        if (!user || user.disabled !== 0 || !(await verifyPassword(s.password, user.password_hash))) {
          throw forbidden('the password is wrong: signing needs your own sign-in password').withDetail(
            'wrong_password',
          );
        }
        const plan = await loadPlanRow(trx, ctx, id);
        if (plan.version !== s.version) throw staleVersion('the plan', s.version);
        const current = await currentVersionRow(trx, plan);
        if (current.status !== 'draft') throw conflict(`plan version ${current.number} is signed already`);
        const versions = await trx
          .selectFrom('plan_versions')
          .selectAll()
          .where('plan_id', '=', id)
          .execute();
        await assertSignedIntact(trx, plan, versions);
        const patient = await loadPatientRow(trx, ctx, plan.patient_id);
        const check = await signChecklist(
          trx,
          ctx,
          { plan, version: current, patient },
          { acknowledge: s.acknowledge, consent },
        );
        if (!check.signable) {
          const reasons = check.items
            .filter((i) => i.state === 'blocking' || i.state === 'needs-acknowledgement')
            .flatMap((i) => i.reasons.map((r) => ({ ...r, params: { ...r.params, item: i.id } })));
          throw blocked(
            `plan version ${current.number} cannot be signed: ${reasons.map((r) => r.message).join('; ')}`,
            reasons,
          );
        }
        const sha256 = payloadSha256(JSON.parse(current.payload));
        const now = nowIso(ctx);
        // Signed first, then the earlier signed version superseded: the trigger lets a signed version become
        // superseded only when a newer version of its plan is signed.
        await trx
          .updateTable('plan_versions')
          .set({
            status: 'signed',
            signed_by: ctx.actor.userId,
            signed_at: now,
            updated_at: now,
            payload_sha256: sha256,
          })
          .where('id', '=', current.id)
          .execute();
        await trx
          .updateTable('plan_versions')
          .set({ status: 'superseded', superseded_at: now })
          .where('plan_id', '=', id)
          .where('status', '=', 'signed')
          .where('id', '!=', current.id)
          .execute();
        const event = await appendAudit(trx, ctx, {
          action: 'sign',
          entity: 'plan_version',
          entityId: current.id,
          outcome: 'success',
          detail: signEventDetail({ sha256, planId: id, patientId: plan.patient_id, visitId: plan.visit_id }),
        });
        await trx
          .insertInto('plan_signatures')
          .values({
            plan_version_id: current.id,
            organisation_id: ctx.actor.organisationId,
            plan_id: id,
            patient_id: plan.patient_id,
            visit_id: plan.visit_id,
            record_sha256: sha256,
            signed_by: ctx.actor.userId,
            signed_at: now,
            acknowledged: toJson([...new Set(s.acknowledge)].sort()),
            audit_seq: event.seq,
          })
          .execute();
        await bump(trx, ctx, plan, s.version, current.number);
        return loadPlan(trx, ctx, id);
      }),
  };
}
