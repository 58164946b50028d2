/**
 * The audit log at start and while running (issue 14 §6): verify the chain from the checkpoint kept outside
 * the database (all of it when there is none), refuse to start on a broken chain unless told to start
 * read-only for the investigation, and keep the checkpoint current.
 */
import { sql, type Kysely } from 'kysely';
import { verifyAuditChain, type AuditMark } from './audit.js';
import { readCheckpoint, writeCheckpoint } from './audit-checkpoint.js';
import { dialectOf } from './dialect.js';
import type { DB } from './types.js';

export type BrokenChainPolicy = 'refuse' | 'read-only';

export class AuditStartRefused extends Error {
  override readonly name = 'AuditStartRefused';
}

export interface AuditStart {
  /** True when the chain did not verify and the policy said to start read-only. */
  readonly readOnly: boolean;
  /** What to log: why read-only, or a checkpoint that could not be used. */
  readonly warnings: readonly string[];
  readonly verifiedFrom: number;
  readonly checked: number;
}

export async function checkAuditAtStart(
  db: Kysely<DB>,
  dir: string,
  database: string,
  policy: BrokenChainPolicy,
  now: Date,
): Promise<AuditStart> {
  const warnings: string[] = [];
  const read = readCheckpoint(dir, database);
  let from: AuditMark | undefined;
  if (read.kind === 'mark') from = read.mark;
  else if (read.kind === 'unreadable') {
    warnings.push(`audit checkpoint ignored: ${read.reason}; the whole log was verified`);
  } else if (read.kind === 'other-database') {
    warnings.push(
      `audit checkpoint belongs to ${read.database}, not this database; the whole log was verified`,
    );
  }
  const v = await verifyAuditChain(db, from ? { from } : {});
  if (!v.ok) {
    const why = `the audit log does not verify: ${v.reason} (first broken row ${v.firstBrokenSeq})`;
    if (policy === 'refuse') {
      throw new AuditStartRefused(
        `${why}. The server does not start on a broken log. Investigate with \`liftplan audit verify\` and the backups; to start read-only for the investigation, set AUDIT_ON_BROKEN_CHAIN=read-only.`,
      );
    }
    return {
      readOnly: true,
      warnings: [...warnings, `${why}: started read-only`],
      verifiedFrom: from?.seq ?? 0,
      checked: v.count,
    };
  }
  writeCheckpoint(dir, database, { seq: v.lastSeq, hash: v.lastHash }, now);
  return { readOnly: false, warnings, verifiedFrom: from?.seq ?? 0, checked: v.count };
}

/**
 * Records the chain's newest row as the checkpoint. On SQLite the WAL is first copied into the database file
 * (reads commit without an fsync each); a mark is written only when that completed, so a power cut cannot
 * lose a row the checkpoint names.
 */
export async function recordCheckpoint(
  db: Kysely<DB>,
  dir: string,
  database: string,
  now: Date,
): Promise<AuditMark | null> {
  // One connection for both steps, so no row is appended between the WAL copy and the read of the newest row.
  const last = await db.connection().execute(async (conn) => {
    if (dialectOf(conn) === 'sqlite') {
      const r = await sql<{
        busy: number;
        log: number;
        checkpointed: number;
      }>`PRAGMA wal_checkpoint(PASSIVE)`.execute(conn);
      const row = r.rows[0];
      if (row && (row.busy !== 0 || row.log !== row.checkpointed)) return null;
    }
    return (
      (await conn
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst()) ?? null
    );
  });
  if (!last) return null;
  const mark = { seq: last.seq, hash: last.hash };
  writeCheckpoint(dir, database, mark, now);
  return mark;
}
