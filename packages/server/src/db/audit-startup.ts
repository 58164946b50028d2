/**
 * The audit log at start and while running (issue 14 §6): verify every chain from the checkpoint kept outside
 * the database (all of it when there is none), refuse to start on a broken chain unless told to start
 * read-only for the investigation, key the chains that have no MAC yet when a key is configured, and keep the
 * checkpoint current.
 */
import { sql, type Kysely } from 'kysely';
import {
  appendAudit,
  verifyAuditChain,
  VerificationStopped,
  type AuditVerification,
  type ChainHead,
  type ChainMarks,
} from './audit.js';
import { readCheckpoint, writeCheckpoint } from './audit-checkpoint.js';
import type { Clock } from './context.js';
import { dialectOf } from './dialect.js';
import type { DB } from './types.js';

export type BrokenChainPolicy = 'refuse' | 'read-only';

export class AuditStartRefused extends Error {
  override readonly name = 'AuditStartRefused';
}

export interface AuditStart {
  /** True when the log did not verify and the policy said to start read-only. */
  readonly readOnly: boolean;
  /** What to log: why read-only, or a checkpoint that could not be used. */
  readonly warnings: readonly string[];
  /** What the operator is told: each chain, from where it was verified, how many rows, keyed or not. */
  readonly chains: readonly {
    chain: string;
    label: string;
    from: number;
    checked: number;
    macFrom?: number;
  }[];
  readonly checked: number;
  /** Chains keyed at this start (their MACs begin at the `key` event written now). */
  readonly keyed: readonly string[];
}

export interface AuditStartOptions {
  readonly dir: string;
  readonly database: string;
  readonly policy: BrokenChainPolicy;
  readonly clock: Clock;
  /** The HMAC key (AUDIT_HMAC_KEY_FILE), or null. */
  readonly key: Buffer | null;
}

/** The marks of a checkpoint, or none (with the warning why) — never a reason to skip verification. */
export function checkpointMarks(dir: string, database: string, warnings: string[]): ChainMarks | undefined {
  const read = readCheckpoint(dir, database);
  if (read.kind === 'marks') return read.marks;
  if (read.kind === 'unreadable') {
    warnings.push(`audit checkpoint ignored: ${read.reason}; every chain was verified from its start`);
  } else if (read.kind === 'other-database') {
    warnings.push(
      `audit checkpoint belongs to ${read.database}, not this database; every chain was verified from its start`,
    );
  }
  return undefined;
}

export async function checkAuditAtStart(db: Kysely<DB>, o: AuditStartOptions): Promise<AuditStart> {
  const warnings: string[] = [];
  const marks = checkpointMarks(o.dir, o.database, warnings);
  const previous = readCheckpoint(o.dir, o.database);
  const found = previous.kind === 'marks' ? previous.broken : undefined;
  const keyedInCheckpoint = [...(marks ?? new Map<string, ChainHead>())].filter(
    ([, h]) => h.macFrom !== undefined,
  );

  let missingKey: string | undefined;
  if (!o.key && keyedInCheckpoint.length > 0) {
    missingKey = `the checkpoint records keyed chains (${keyedInCheckpoint.map(([c]) => c).join(', ')}) but AUDIT_HMAC_KEY_FILE is not set: their MACs cannot be checked and new rows would be written without one`;
  }
  // From each chain's mark (rows before it were verified when it was written): a fast start.
  const v = await verifyAuditChain(db, { key: o.key, incremental: true, ...(marks ? { marks } : {}) });
  const summary = (r: AuditVerification): AuditStart['chains'] =>
    r.chains.map((c) => ({
      chain: c.chain,
      label: c.label,
      from: marks?.get(c.chain)?.seq ?? 0,
      checked: c.count,
      ...(c.head?.macFrom !== undefined ? { macFrom: c.head.macFrom } : {}),
    }));
  if (!v.ok || missingKey || found) {
    const why = !v.ok
      ? `the audit log does not verify: ${v.reason} (seq ${v.firstBrokenSeq})`
      : found
        ? `a full verification while the server ran found: ${found}`
        : (missingKey ?? '');
    if (o.policy === 'refuse') {
      throw new AuditStartRefused(
        `${why}. The server does not start on a broken log. Investigate with \`liftplan audit verify\` and the backups; to start read-only for the investigation, set AUDIT_ON_BROKEN_CHAIN=read-only.`,
      );
    }
    return {
      readOnly: true,
      warnings: [...warnings, `${why}: started read-only`],
      chains: summary(v),
      checked: v.count,
      keyed: [],
    };
  }
  const heads = new Map(v.heads);
  const keyed: string[] = [];
  if (o.key) {
    // Switching the key on for an existing chain: a `key` event, itself MAC'd, is the chain's first keyed
    // row; its position is recorded in the checkpoint (macFrom), and from it on every row must carry a MAC.
    for (const c of v.chains.filter((x) => x.unkeyed)) {
      const row = await db.transaction().execute((trx) =>
        appendAudit(
          trx,
          {
            actor: { userId: 'system:audit', role: 'admin', organisationId: c.chain },
            requestId: 'start',
            clock: o.clock,
          },
          {
            action: 'key',
            entity: 'audit_chain',
            entityId: c.chain,
            outcome: 'success',
            detail: `mac_from=${String(c.head ? c.head.seq + 1 : 1)}`,
          },
        ),
      );
      heads.set(c.chain, { seq: row.chain_seq ?? 0, hash: row.hash, macFrom: row.chain_seq ?? 1 });
      keyed.push(c.chain);
    }
  }
  writeCheckpoint(o.dir, o.database, heads, o.clock.now());
  return { readOnly: false, warnings, chains: summary(v), checked: v.count, keyed };
}

/**
 * Records every chain's newest row as the checkpoint, after verifying the rows appended since the previous
 * checkpoint (with the key, when set): a chain tampered with while the server runs is never written down as
 * good (`AuditChainBroken`; the old checkpoint stays). On SQLite the WAL
 * is first copied into the database file (reads commit without an fsync each); a mark is written only when
 * that completed, so a power cut cannot lose a row the checkpoint names.
 */
export async function recordCheckpoint(
  db: Kysely<DB>,
  dir: string,
  database: string,
  now: Date,
): Promise<ChainMarks | null> {
  const previous = readCheckpoint(dir, database);
  // A finding stays recorded until the operator restores a backup (or removes the file).
  if (previous.kind === 'marks' && previous.broken !== undefined) return null;
  const marks = previous.kind === 'marks' ? previous.marks : undefined;
  // Verified first, without holding the connection (requests go on between its pages); then the WAL copy.
  // Every row verified was committed before the copy, so a complete copy has them all in the database file.
  const v = await verifyAuditChain(db, { signed: false, incremental: true, ...(marks ? { marks } : {}) });
  if (!v.ok) {
    throw new AuditChainBroken(`the audit log no longer verifies: ${v.reason}; the checkpoint was not moved`);
  }
  if (dialectOf(db) === 'sqlite') {
    const r = await sql<{
      busy: number;
      log: number;
      checkpointed: number;
    }>`PRAGMA wal_checkpoint(PASSIVE)`.execute(db);
    const row = r.rows[0];
    if (row && (row.busy !== 0 || row.log !== row.checkpointed)) return null;
  }
  if (v.heads.size === 0) return null;
  writeCheckpoint(dir, database, v.heads, now);
  return v.heads;
}

export class AuditChainBroken extends Error {
  override readonly name = 'AuditChainBroken';
}

/**
 * Every row of every chain, walked in the background after a start (the start itself verifies from the marks
 * only). What it finds is logged by the caller and recorded in the checkpoint file (`broken`), so the next
 * start refuses (or starts read-only). Returns the finding, or null; stops early when `stop()` says so.
 */
export async function verifyFullyInBackground(
  db: Kysely<DB>,
  dir: string,
  database: string,
  clock: Clock,
  stop: () => boolean,
): Promise<string | null> {
  const read = readCheckpoint(dir, database);
  const marks = read.kind === 'marks' ? read.marks : undefined;
  try {
    const v = await verifyAuditChain(db, { stop, ...(marks ? { marks } : {}) });
    if (v.ok) return null;
    const reason = `${v.reason} (seq ${v.firstBrokenSeq})`;
    writeCheckpoint(dir, database, marks ?? new Map<string, ChainHead>(), clock.now(), reason);
    return reason;
  } catch (e) {
    if (e instanceof VerificationStopped) return null;
    throw e;
  }
}
