import type { Kysely } from 'kysely';
import { nowIso, type RepoContext } from './context.js';
import { newId, toJson } from './repo-kit.js';
import type { DB, RecordVersionRow } from './types.js';

/**
 * Corrections keep the original (Medical Service Act Art. 22(3), 23(3)): every change of an assessment, a
 * procedure or a follow-up appends a version (the record as it read after, the fields changed, who, when, why),
 * like the patient's demographics in `patient_versions`. Version 1 is the record as created.
 */
export type VersionedEntity = RecordVersionRow['entity'];

/** One version of a record, oldest first in a history. */
export interface RecordVersion {
  readonly number: number;
  /** Fields changed from the previous version (`created` for version 1). */
  readonly changed: readonly string[];
  readonly reason: string | null;
  readonly changedBy: string;
  readonly changedByName: string | null;
  readonly changedAt: string;
  /** The record as it read after this version (the API shape). */
  readonly record: Readonly<Record<string, unknown>>;
}

/** Fields that change with every version and say nothing about what was corrected. */
const BOOKKEEPING = new Set(['version', 'updatedAt']);

/** Top-level fields whose values differ (compared as JSON). */
export function changedFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => !BOOKKEEPING.has(k) && toJson(a[k]) !== toJson(b[k]),
  );
}

interface Target {
  readonly entity: VersionedEntity;
  readonly entityId: string;
  readonly patientId: string;
}

/** Who made a record and when: version 1 of a record created before versioning (migration 0015). */
export interface Origin {
  readonly by: string;
  readonly at: string;
}

async function insertVersion(
  trx: Kysely<DB>,
  ctx: RepoContext,
  t: Target,
  v: Pick<RecordVersionRow, 'number' | 'changed_fields' | 'reason' | 'changed_by' | 'changed_at'> & {
    readonly record: object;
  },
): Promise<void> {
  await trx
    .insertInto('record_versions')
    .values({
      id: newId(),
      organisation_id: ctx.actor.organisationId,
      patient_id: t.patientId,
      entity: t.entity,
      entity_id: t.entityId,
      number: v.number,
      snapshot: toJson(v.record),
      changed_fields: v.changed_fields,
      reason: v.reason,
      changed_by: v.changed_by,
      changed_at: v.changed_at,
    })
    .execute();
}

/** Version 1 of a new record. Call in the transaction that inserts it. */
export async function recordCreated(
  trx: Kysely<DB>,
  ctx: RepoContext,
  t: Target,
  record: object,
): Promise<void> {
  await insertVersion(trx, ctx, t, {
    number: 1,
    changed_fields: 'created',
    reason: null,
    changed_by: ctx.actor.userId,
    changed_at: nowIso(ctx),
    record,
  });
}

/**
 * The next version of a changed record (call in the transaction that changed it). A record from before
 * versioning first gets its version 1 as it read before this change, so the original is kept.
 */
export async function recordChanged(
  trx: Kysely<DB>,
  ctx: RepoContext,
  t: Target,
  change: {
    readonly before: object;
    readonly after: object;
    readonly reason: string | null;
    readonly origin: Origin;
  },
): Promise<void> {
  const last = await trx
    .selectFrom('record_versions')
    .select((eb) => eb.fn.max<number | string | null>('number').as('n'))
    .where('entity', '=', t.entity)
    .where('entity_id', '=', t.entityId)
    .executeTakeFirst();
  let n = Number(last?.n ?? 0);
  if (n === 0) {
    await insertVersion(trx, ctx, t, {
      number: ++n,
      changed_fields: 'created',
      reason: null,
      changed_by: change.origin.by,
      changed_at: change.origin.at,
      record: change.before,
    });
  }
  await insertVersion(trx, ctx, t, {
    number: n + 1,
    changed_fields: changedFields(change.before, change.after).join(','),
    reason: change.reason,
    changed_by: ctx.actor.userId,
    changed_at: nowIso(ctx),
    record: change.after,
  });
}

/**
 * Every version of a record, oldest first. The caller has checked the record is the caller's clinic's; a record
 * from before versioning that was never changed reads as its version 1.
 */
export async function recordHistory(
  trx: Kysely<DB>,
  t: Omit<Target, 'patientId'>,
  current: { readonly record: object; readonly origin: Origin },
): Promise<RecordVersion[]> {
  const rows = await trx
    .selectFrom('record_versions')
    .leftJoin('users', 'users.id', 'record_versions.changed_by')
    .selectAll('record_versions')
    .select('users.display_name as changed_by_name')
    .where('record_versions.entity', '=', t.entity)
    .where('record_versions.entity_id', '=', t.entityId)
    .orderBy('record_versions.number')
    .execute();
  if (rows.length === 0) {
    const who = await trx
      .selectFrom('users')
      .select('display_name')
      .where('id', '=', current.origin.by)
      .executeTakeFirst();
    return [
      {
        number: 1,
        changed: ['created'],
        reason: null,
        changedBy: current.origin.by,
        changedByName: who?.display_name ?? null,
        changedAt: current.origin.at,
        record: current.record as Record<string, unknown>,
      },
    ];
  }
  return rows.map((r) => ({
    number: r.number,
    changed: r.changed_fields.split(',').filter((x) => x !== ''),
    reason: r.reason,
    changedBy: r.changed_by,
    changedByName: r.changed_by_name,
    changedAt: r.changed_at,
    record: JSON.parse(r.snapshot) as Record<string, unknown>,
  }));
}
