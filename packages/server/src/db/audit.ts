import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { canonicalJson } from './canonical-json.js';
import type { RepoContext } from './context.js';
import { dialectOf } from './dialect.js';
import { verifySignedRecords } from './signed-records.js';
import type { AuditEventRow, AuditOutcome, DB } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);

/** What happened: `action` is a verb (`read`, `list`, `create`, `update`, `sign`, ...), `entity` a table noun. */
export interface AuditEntry {
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly outcome: AuditOutcome;
  /** A short machine-readable note (an error code). Never patient data. */
  readonly detail?: string | null;
}

type Hashed = Omit<AuditEventRow, 'hash' | 'prev_hash'>;

/** hash = SHA-256(prev_hash + canonical JSON of the row's content). */
export function auditHash(prevHash: string, row: Hashed): string {
  const content = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entity_id: row.entity_id,
    outcome: row.outcome,
    request_id: row.request_id,
    detail: row.detail,
  });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

// PostgreSQL: one chain means one writer at a time; a transaction-scoped advisory lock serialises appends
// (SQLite serialises writers already).
const AUDIT_LOCK_KEY = 0x4c50_4155; // 'LPAU'

/**
 * Appends one event to the hash chain. Call inside the transaction that does the work, so the event and the
 * change commit (or roll back) together.
 */
export async function appendAudit(trx: Kysely<DB>, ctx: RepoContext, e: AuditEntry): Promise<AuditEventRow> {
  const [row] = await appendAuditBatch(trx, [{ ctx, entry: e }]);
  if (!row) throw new Error('the audit event was not appended');
  return row;
}

/**
 * Appends several events in one transaction, in the given order, as one piece of the chain (group commit:
 * one lock, one read of the chain's end, one insert).
 */
export async function appendAuditBatch(
  trx: Kysely<DB>,
  events: readonly { readonly ctx: RepoContext; readonly entry: AuditEntry }[],
): Promise<AuditEventRow[]> {
  if (events.length === 0) return [];
  if (dialectOf(trx) === 'postgres') {
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  }
  const last = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const rows: AuditEventRow[] = events.map(({ ctx, entry: e }) => {
    const content: Hashed = {
      seq: ++seq,
      at: ctx.clock.now().toISOString(),
      actor: ctx.actor.userId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      outcome: e.outcome,
      request_id: ctx.requestId,
      detail: e.detail ?? null,
    };
    const row: AuditEventRow = { ...content, prev_hash: prev, hash: auditHash(prev, content) };
    prev = row.hash;
    return row;
  });
  // Bounded statements: SQLite allows 32,766 bound values per statement (11 columns a row).
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('audit_events')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  return rows;
}

/** A point of the chain (sequence number and hash), recorded outside the database as a checkpoint. */
export interface AuditMark {
  readonly seq: number;
  readonly hash: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly count: number; readonly lastHash: string; readonly lastSeq: number }
  | { readonly ok: false; readonly count: number; readonly firstBrokenSeq: number; readonly reason: string };

/**
 * Walks the chain from the start and recomputes every hash. Returns the first broken sequence number: an
 * edited row, a deleted row (gap) or a relinked row. Truncating the newest rows is only detectable against a
 * previously recorded `lastHash` (keep it outside the database, e.g. in backups). Then every signed plan version
 * is checked against its signature event (an edited or moved signed record names its version and event seq).
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  opts: { readonly from?: AuditMark; readonly batch?: number; readonly signed?: boolean } = {},
): Promise<AuditVerification> {
  const batch = opts.batch ?? 1000;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  if (opts.from && opts.from.seq > 0) {
    // From a mark kept outside the database: the row it names must still be there with the same hash, so
    // a chain recomputed by hand (or cut short) no longer verifies.
    const mark = await db
      .selectFrom('audit_events')
      .select(['seq', 'hash'])
      .where('seq', '=', opts.from.seq)
      .executeTakeFirst();
    if (!mark) {
      return {
        ok: false,
        count,
        firstBrokenSeq: opts.from.seq,
        reason: `row ${opts.from.seq}, recorded outside the database, is missing: the log was cut short`,
      };
    }
    if (mark.hash !== opts.from.hash) {
      return {
        ok: false,
        count,
        firstBrokenSeq: opts.from.seq,
        reason: `row ${opts.from.seq} no longer has the hash recorded outside the database: the log was rewritten`,
      };
    }
    prevHash = mark.hash;
    expectedSeq = mark.seq + 1;
  }
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) {
      if (opts.signed === false) return { ok: true, count, lastHash: prevHash, lastSeq: expectedSeq - 1 };
      // The chain holds; now the signed records it vouches for (see signed-records.ts).
      const signed = await verifySignedRecords(db);
      if (!signed.ok) return { ok: false, count, firstBrokenSeq: signed.seq, reason: signed.reason };
      return { ok: true, count, lastHash: prevHash, lastSeq: expectedSeq - 1 };
    }
    for (const r of rows) {
      const seq = r.seq;
      if (seq !== expectedSeq) {
        return { ok: false, count, firstBrokenSeq: expectedSeq, reason: `row ${expectedSeq} is missing` };
      }
      if (r.prev_hash !== prevHash) {
        return {
          ok: false,
          count,
          firstBrokenSeq: seq,
          reason: `row ${seq} does not link to row ${seq - 1}`,
        };
      }
      if (auditHash(prevHash, r) !== r.hash) {
        return { ok: false, count, firstBrokenSeq: seq, reason: `row ${seq} was altered` };
      }
      prevHash = r.hash;
      expectedSeq++;
      count++;
    }
  }
}
