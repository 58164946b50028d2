import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { AppError, badRequest, conflict } from '../errors.js';
import { appendAudit } from './audit.js';
import { auditBatcherOf } from './audit-batch.js';
import type { RepoContext } from './context.js';
import { dialectOf } from './dialect.js';
import { withClinic } from './tenancy.js';
import type { DB } from './types.js';

export const newId = (): string => randomUUID();

/** How the archive triggers' message starts (migration 0015). */
const ARCHIVED_PREFIX = 'patient_archived: ';

/** Actions that change nothing but the audit log. */
const READ_ACTIONS = new Set(['read', 'list', 'recall', 'print', 'search']);
/**
 * Reads whose work only selects: with group commit on, they run outside a transaction and their events are
 * written in batches (audit-batch.ts). `print` and `recall` may record rows and keep their own transaction.
 */
const PURE_READS = new Set(['read', 'list', 'search']);

/**
 * Runs a transaction. On SQLite, writes commit with synchronous=FULL (on disk before the call returns);
 * read-only work, whose only write is its audit event, commits with synchronous=NORMAL: the event survives a
 * process kill at once and a power cut from the next FULL commit on (WAL keeps order), and reads avoid an
 * fsync each (3 ms -> 0.7 ms here). The pragma cannot change inside a transaction, so the connection is
 * held across pragma, transaction and reset.
 */
export async function transact<T>(
  db: Kysely<DB>,
  readOnly: boolean,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (!readOnly || dialectOf(db) !== 'sqlite') return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`PRAGMA synchronous = NORMAL`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql`PRAGMA synchronous = FULL`.execute(conn);
    }
  });
}

export interface AuditSpec<T> {
  readonly action: string;
  readonly entity: string;
  /** The entity id, known up front or taken from the result. */
  readonly entityId: string | null | ((result: T) => string | null);
  /** A short machine-readable note on the success event (e.g. which document was printed). */
  readonly detail?: string;
}

/**
 * Runs `work` in a transaction that also appends its audit event (success). On any failure the work rolls
 * back and a failure (or `denied`) event is appended in a transaction of its own, then the error goes on.
 * Everything runs in the actor's clinic scope: on PostgreSQL every connection it uses is bound to that clinic
 * (row-level security, db/tenancy.ts), including the pure reads that run outside a transaction.
 */
export function audited<T>(
  db: Kysely<DB>,
  ctx: RepoContext,
  spec: AuditSpec<T>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  return withClinic(ctx.actor.organisationId, () => auditedInClinic(db, ctx, spec, work));
}

/** Work of the actor's clinic without an audit event of its own (lookups that are not patient data). */
export function inClinic<T>(ctx: RepoContext, work: () => Promise<T>): Promise<T> {
  return withClinic(ctx.actor.organisationId, work);
}

async function auditedInClinic<T>(
  db: Kysely<DB>,
  ctx: RepoContext,
  spec: AuditSpec<T>,
  work: (trx: Kysely<DB>) => Promise<T>,
): Promise<T> {
  const idOf = (r: T | undefined): string | null =>
    typeof spec.entityId === 'function' ? (r === undefined ? null : spec.entityId(r)) : spec.entityId;
  const batcher = PURE_READS.has(spec.action) ? auditBatcherOf(db) : undefined;
  try {
    if (batcher) {
      const result = await work(db);
      await batcher.append(ctx, {
        action: spec.action,
        entity: spec.entity,
        entityId: idOf(result),
        outcome: 'success',
        detail: spec.detail ?? null,
      });
      return result;
    }
    return await transact(db, READ_ACTIONS.has(spec.action), async (trx) => {
      const result = await work(trx);
      await appendAudit(trx, ctx, {
        action: spec.action,
        entity: spec.entity,
        entityId: idOf(result),
        outcome: 'success',
        detail: spec.detail ?? null,
      });
      return result;
    });
  } catch (e) {
    const err = mapDbError(e);
    const entityId = typeof spec.entityId === 'function' ? null : spec.entityId;
    await db.transaction().execute((trx) =>
      appendAudit(trx, ctx, {
        action: spec.action,
        entity: spec.entity,
        entityId,
        outcome: err instanceof AppError && err.code === 'forbidden' ? 'denied' : 'failure',
        detail: err instanceof AppError ? err.code : 'internal',
      }),
    );
    throw err;
  }
}

function codeOf(e: unknown): string | undefined {
  if (e !== null && typeof e === 'object' && 'code' in e) {
    const c = e.code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

/** Constraint and trigger errors of either database -> AppError; anything else is returned unchanged. */
export function mapDbError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const code = codeOf(e);
  const message = e instanceof Error ? e.message : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    return conflict('a record with the same identifying values exists already');
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503') {
    return badRequest('the request refers to a record that does not exist');
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === '23514') {
    return badRequest('a value is out of its allowed range');
  }
  if ((code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001') && message.includes(ARCHIVED_PREFIX)) {
    // The archive triggers of migration 0015: the patient's record is read-only.
    return new AppError(
      'patient_archived',
      message.slice(message.indexOf(ARCHIVED_PREFIX) + ARCHIVED_PREFIX.length),
    );
  }
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001') {
    // Our own triggers: signed plan versions and append-only tables. The trigger's text is ours, not data.
    return conflict(message.replace(/^.*?: /, '') || 'the database refused the change');
  }
  return e;
}

export const toJson = (v: unknown): string => JSON.stringify(v);

/** Number of rows an UPDATE touched, on both drivers. */
export const touched = (r: { numUpdatedRows: bigint }): number => Number(r.numUpdatedRows);
