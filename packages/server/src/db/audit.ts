import { createHash, createHmac } from 'node:crypto';
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

type Hashed = Omit<AuditEventRow, 'hash' | 'prev_hash' | 'mac'>;

/** The chain of the system's own events (start, migrations, restored triggers, sign-ins of no clinic). */
export const SYSTEM_CHAIN = 'system';
/** How checkpoints and reports name the rows written before per-clinic chains (`chain` NULL). */
export const LEGACY_CHAIN = 'legacy';

/** The chain an event belongs to: its clinic's, or the system's when it concerns no clinic. */
export const chainOf = (ctx: RepoContext): string => {
  const o = ctx.actor.organisationId;
  return o === '' || o === '*' ? SYSTEM_CHAIN : o;
};

/**
 * hash = SHA-256(prev_hash + canonical JSON of the row's content). Rows of a per-clinic chain also hash
 * their chain and position, so a row cannot be moved to another clinic's chain; legacy rows hash as before.
 */
export function auditHash(prevHash: string, row: Hashed): string {
  const base = {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entity_id: row.entity_id,
    outcome: row.outcome,
    request_id: row.request_id,
    detail: row.detail,
  };
  const content = canonicalJson(
    row.chain === null ? base : { ...base, chain: row.chain, chain_seq: row.chain_seq },
  );
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

/** The keyed chain: HMAC-SHA256 over a row's hash, under a key the database never sees. */
export const auditMac = (key: Buffer, hash: string): string =>
  createHmac('sha256', key).update(hash).digest('hex');

// The key for new rows, set by the server at start from AUDIT_HMAC_KEY_FILE (process-wide: one deployment
// writes with one key).
let writeKey: Buffer | null = null;
export function setAuditKey(key: Buffer | null): void {
  writeKey = key;
}
export const auditKey = (): Buffer | null => writeKey;

// PostgreSQL: one writer per chain at a time; a transaction-scoped advisory lock on (this key, the chain's
// hash) serialises appends to one chain while clinics append in parallel (SQLite serialises writers already).
const AUDIT_LOCK_KEY = 0x4c50_4155; // 'LPAU'
/** Rows per INSERT: SQLite allows 32,766 bound values per statement (14 columns a row). */
const INSERT_CHUNK = 500;

/**
 * Appends one event to its chain. Call inside the transaction that does the work, so the event and the
 * change commit (or roll back) together.
 */
export async function appendAudit(trx: Kysely<DB>, ctx: RepoContext, e: AuditEntry): Promise<AuditEventRow> {
  const [row] = await appendAuditBatch(trx, [{ ctx, entry: e }]);
  if (!row) throw new Error('the audit event was not appended');
  return row;
}

async function legacyHead(trx: Kysely<DB>): Promise<string | undefined> {
  const r = await trx
    .selectFrom('audit_events')
    .select('hash')
    .where('chain', 'is', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.hash;
}

/**
 * Appends several events in one transaction (group commit): per chain one lock, one read of the chain's end,
 * the chain's events in the order given; one insert. Returns the rows in the order of `events`.
 */
export async function appendAuditBatch(
  trx: Kysely<DB>,
  events: readonly { readonly ctx: RepoContext; readonly entry: AuditEntry }[],
): Promise<AuditEventRow[]> {
  if (events.length === 0) return [];
  const pg = dialectOf(trx) === 'postgres';
  const byChain = new Map<string, number[]>();
  events.forEach((e, i) => {
    const c = chainOf(e.ctx);
    byChain.set(c, [...(byChain.get(c) ?? []), i]);
  });
  const out: AuditEventRow[] = [];
  let nextSeq = 0;
  if (!pg) {
    const last = await trx
      .selectFrom('audit_events')
      .select('seq')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    nextSeq = last?.seq ?? 0;
  }
  const byIndex = new Map<number, AuditEventRow>();
  // Chains in a fixed order, so two batches never wait on each other's locks in opposite orders.
  for (const chain of [...byChain.keys()].sort()) {
    const indices = byChain.get(chain) ?? [];
    if (pg) await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}, hashtext(${chain}))`.execute(trx);
    const head = await trx
      .selectFrom('audit_events')
      .select(['chain_seq', 'hash'])
      .where('chain', '=', chain)
      .orderBy('chain_seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let prev = head?.hash ?? (await legacyHead(trx)) ?? GENESIS_HASH;
    let position = head?.chain_seq ?? 0;
    const seqs = pg
      ? (
          await sql<{
            seq: string;
          }>`SELECT nextval('audit_events_seq_next') AS seq FROM generate_series(1, ${indices.length})`.execute(
            trx,
          )
        ).rows.map((r) => Number(r.seq))
      : indices.map(() => ++nextSeq);
    indices.forEach((i, k) => {
      const ev = events[i];
      const seq = seqs[k];
      if (!ev || seq === undefined) throw new Error('audit batch out of step');
      const { ctx, entry: e } = ev;
      const content: Hashed = {
        seq,
        at: ctx.clock.now().toISOString(),
        actor: ctx.actor.userId,
        action: e.action,
        entity: e.entity,
        entity_id: e.entityId,
        outcome: e.outcome,
        request_id: ctx.requestId,
        detail: e.detail ?? null,
        chain,
        chain_seq: ++position,
      };
      const hash = auditHash(prev, content);
      const row: AuditEventRow = {
        ...content,
        prev_hash: prev,
        hash,
        mac: writeKey ? auditMac(writeKey, hash) : null,
      };
      prev = hash;
      byIndex.set(i, row);
      out.push(row);
    });
  }
  for (let i = 0; i < out.length; i += INSERT_CHUNK) {
    await trx
      .insertInto('audit_events')
      .values(out.slice(i, i + INSERT_CHUNK))
      .execute();
  }
  return events.map((_, i) => {
    const r = byIndex.get(i);
    if (!r) throw new Error('audit batch out of step');
    return r;
  });
}

export class VerificationStopped extends Error {
  override readonly name = 'VerificationStopped';
}

/** Where a chain stood (position and hash), recorded outside the database; `macFrom`: first keyed row. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  readonly macFrom?: number;
}

/** Chain id (an organisation id, `system`, `legacy`) -> its head, as recorded outside the database. */
export type ChainMarks = ReadonlyMap<string, ChainHead>;

export interface ChainReport {
  readonly chain: string;
  /** How the operator reads it: `clinic "Name" (id)`, `the system chain`, `the legacy chain`. */
  readonly label: string;
  readonly ok: boolean;
  /** Rows verified (from the checkpoint's mark on, when there is one). */
  readonly count: number;
  readonly head: ChainHead | null;
  /** A key is configured but this chain holds no MAC yet (written before the key; the server keys it). */
  readonly unkeyed: boolean;
  readonly problem?: { readonly row: number; readonly seq: number; readonly reason: string };
}

export type AuditVerification =
  | {
      readonly ok: true;
      readonly count: number;
      readonly chains: readonly ChainReport[];
      readonly heads: ReadonlyMap<string, ChainHead>;
    }
  | {
      readonly ok: false;
      readonly count: number;
      readonly chains: readonly ChainReport[];
      /** The chain that failed first and its row (position in the chain; `firstBrokenSeq` the row's seq). */
      readonly chain: string;
      readonly row: number;
      readonly firstBrokenSeq: number;
      readonly reason: string;
    };

const chainLabel = (chain: string, names: ReadonlyMap<string, string>): string =>
  chain === SYSTEM_CHAIN
    ? 'the system chain'
    : chain === LEGACY_CHAIN
      ? 'the legacy chain (rows before per-clinic chains)'
      : `clinic "${names.get(chain) ?? '(unknown)'}" (${chain})`;

const isKeyEvent = (r: AuditEventRow): boolean => r.action === 'key' && r.entity === 'audit_chain';

async function verifyOneChain(
  db: Kysely<DB>,
  chain: string,
  label: string,
  anchor: string,
  mark: ChainHead | undefined,
  key: Buffer | null,
  batch: number,
  incremental: boolean,
  stop?: () => boolean,
): Promise<ChainReport> {
  const legacy = chain === LEGACY_CHAIN;
  const position = legacy ? ('seq' as const) : ('chain_seq' as const);
  const page = (from: number) => {
    let q = db.selectFrom('audit_events').selectAll();
    q = legacy ? q.where('chain', 'is', null) : q.where('chain', '=', chain);
    return q.where(position, '>=', from).orderBy(position).limit(batch).execute();
  };
  const fail = (row: number, seq: number, reason: string, count: number): ChainReport => ({
    chain,
    label,
    ok: false,
    count,
    head: null,
    unkeyed: false,
    problem: { row, seq, reason: `${label}: ${reason}` },
  });
  let prev = legacy ? GENESIS_HASH : anchor;
  let expected = 1;
  let count = 0;
  if (mark && mark.seq > 0) {
    // The row the mark names must still be there with the same hash, so a chain recomputed by hand (or cut
    // short) no longer verifies.
    const [row] = await page(mark.seq);
    const at = row?.[position];
    if (!row || at !== mark.seq) {
      return fail(
        mark.seq,
        mark.seq,
        `row ${mark.seq}, recorded outside the database, is missing: the log was cut short`,
        0,
      );
    }
    if (row.hash !== mark.hash) {
      return fail(
        mark.seq,
        row.seq,
        `row ${mark.seq} no longer has the hash recorded outside the database: the log was rewritten`,
        0,
      );
    }
    if (incremental) {
      // Rows up to the mark were verified when it was recorded: start after it.
      prev = row.hash;
      expected = mark.seq + 1;
    }
  }
  const keyedFrom = mark?.macFrom;
  let firstMac: number | undefined;
  for (;;) {
    if (stop?.()) throw new VerificationStopped();
    const rows = await page(expected);
    if (rows.length === 0) break;
    for (const r of rows) {
      const at = r[position] ?? -1;
      if (at !== expected) return fail(expected, r.seq, `row ${expected} is missing`, count);
      if (r.prev_hash !== prev) return fail(at, r.seq, `row ${at} does not link to row ${at - 1}`, count);
      if (auditHash(prev, r) !== r.hash) return fail(at, r.seq, `row ${at} was altered`, count);
      if (key && !legacy) {
        if (r.mac !== null) {
          if (r.mac !== auditMac(key, r.hash)) {
            return fail(
              at,
              r.seq,
              `row ${at}'s MAC does not match: the chain was rewritten without the key`,
              count,
            );
          }
          if (firstMac === undefined && keyedFrom === undefined && at > 1 && !isKeyEvent(r)) {
            return fail(
              at,
              r.seq,
              `its MACs start at row ${at}, which is not where the chain was keyed`,
              count,
            );
          }
          firstMac ??= at;
        } else if ((keyedFrom !== undefined && at >= keyedFrom) || firstMac !== undefined) {
          return fail(
            at,
            r.seq,
            `row ${at} has no MAC although the chain is keyed from row ${keyedFrom ?? firstMac}`,
            count,
          );
        }
      } else if (!legacy && r.mac !== null) {
        // Without the key the MACs cannot be checked, but where they start is still recorded (a restore's
        // checkpoint keeps the chain's keyed point).
        firstMac ??= at;
      }
      prev = r.hash;
      expected++;
      count++;
    }
  }
  const macFrom = keyedFrom ?? firstMac;
  return {
    chain,
    label,
    ok: true,
    count,
    head: { seq: expected - 1, hash: prev, ...(macFrom !== undefined ? { macFrom } : {}) },
    unkeyed: key !== null && !legacy && macFrom === undefined && expected > 1,
  };
}

/**
 * Verifies every chain: the legacy chain (rows before per-clinic chains), each clinic's and the system's.
 * Each is walked from its mark in `marks` (kept outside the database) or from its start, recomputing every
 * hash: an edited row, a deleted row (gap), a relinked row, and with `marks` a rewritten or shortened chain
 * are named with their chain and row. With a `key`, every row from a chain's keyed point on must carry its
 * MAC, so a chain recomputed without the key fails. Then every signed plan version is checked against its
 * signature event (signed-records.ts).
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  opts: {
    readonly marks?: ChainMarks;
    readonly key?: Buffer | null;
    readonly batch?: number;
    readonly signed?: boolean;
    /**
     * Walk each chain only after its mark (the server's start and its periodic checkpoint: the rows before
     * were verified when the mark was written). Default: every row, and the marks checked too.
     */
    readonly incremental?: boolean;
    /** Checked between pages: true stops the walk (`VerificationStopped`), e.g. when the server stops. */
    readonly stop?: () => boolean;
  } = {},
): Promise<AuditVerification> {
  const batch = opts.batch ?? 1000;
  const key = opts.key === undefined ? writeKey : opts.key;
  const marks = opts.marks ?? new Map<string, ChainHead>();
  const orgs = await db.selectFrom('organisations').select(['id', 'name']).execute();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  // The chains present, by a loose index scan on (chain, chain_seq): one seek per chain, not a table scan.
  const inDb = (
    await sql<{ chain: string | null }>`
      WITH RECURSIVE c(chain) AS (
        SELECT min(chain) FROM audit_events
        UNION ALL
        SELECT (SELECT min(a.chain) FROM audit_events a WHERE a.chain > c.chain) FROM c WHERE c.chain IS NOT NULL
      )
      SELECT chain FROM c WHERE chain IS NOT NULL`.execute(db)
  ).rows;
  const hasLegacy = await legacyHead(db);
  const chains = new Set<string>([...inDb.map((r) => r.chain ?? SYSTEM_CHAIN), ...marks.keys()]);
  if (hasLegacy === undefined && !marks.has(LEGACY_CHAIN)) chains.delete(LEGACY_CHAIN);
  else chains.add(LEGACY_CHAIN);
  const ordered = [...chains].sort((a, b) =>
    a === LEGACY_CHAIN
      ? -1
      : b === LEGACY_CHAIN
        ? 1
        : a === SYSTEM_CHAIN
          ? -1
          : b === SYSTEM_CHAIN
            ? 1
            : a.localeCompare(b),
  );
  const reports: ChainReport[] = [];
  let anchor = GENESIS_HASH;
  let count = 0;
  for (const chain of ordered) {
    const r = await verifyOneChain(
      db,
      chain,
      chainLabel(chain, names),
      anchor,
      marks.get(chain),
      key,
      batch,
      opts.incremental ?? false,
      opts.stop,
    );
    reports.push(r);
    count += r.count;
    if (!r.ok && r.problem) {
      return {
        ok: false,
        count,
        chains: reports,
        chain,
        row: r.problem.row,
        firstBrokenSeq: r.problem.seq,
        reason: r.problem.reason,
      };
    }
    // Every clinic's chain starts from the legacy chain's last row (the legacy chain comes first).
    if (chain === LEGACY_CHAIN && r.head) anchor = r.head.hash;
  }
  const heads = new Map(reports.flatMap((r) => (r.head ? [[r.chain, r.head] as const] : [])));
  if (opts.signed !== false) {
    const signed = await verifySignedRecords(db);
    if (!signed.ok) {
      return {
        ok: false,
        count,
        chains: reports,
        chain: '',
        row: 0,
        firstBrokenSeq: signed.seq,
        reason: signed.reason,
      };
    }
  }
  return { ok: true, count, chains: reports, heads };
}
