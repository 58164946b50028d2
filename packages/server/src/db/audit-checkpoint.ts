/**
 * Audit checkpoints outside the database (issue 14 §6). The chain's hashes are computed from the rows alone,
 * so someone with SQL access could rewrite the log and recompute every hash. The server therefore records the
 * chain's newest (sequence, hash) in a file in its data directory — out of reach of SQL, and copied into every
 * backup — at start, every minute and at stop; at start it verifies the chain from that mark. A rewritten or
 * shortened log no longer matches the mark, and the server refuses to start (or starts read-only, when told
 * to, for the investigation).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AuditMark } from './audit.js';

export const CHECKPOINT_FILE = 'audit-checkpoint.json';

const CheckpointSchema = z.object({
  format: z.literal('liftplan.audit-checkpoint'),
  version: z.literal(1),
  /** Which database the mark belongs to (a data directory may be pointed at another database). */
  database: z.string(),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  writtenAt: z.string(),
});

export type CheckpointRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'other-database'; readonly database: string }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'mark'; readonly mark: AuditMark; readonly writtenAt: string };

export function readCheckpoint(dir: string, database: string): CheckpointRead {
  let text: string;
  try {
    text = readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: `${CHECKPOINT_FILE} is not JSON` };
  }
  const r = CheckpointSchema.safeParse(json);
  if (!r.success) {
    return { kind: 'unreadable', reason: `${CHECKPOINT_FILE} is not a liftplan audit checkpoint` };
  }
  if (r.data.database !== database) return { kind: 'other-database', database: r.data.database };
  return { kind: 'mark', mark: { seq: r.data.seq, hash: r.data.hash }, writtenAt: r.data.writtenAt };
}

/** Written to a temporary file and renamed, so a crash never leaves half a checkpoint. */
export function writeCheckpoint(dir: string, database: string, mark: AuditMark, now: Date): void {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, CHECKPOINT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const body = {
    format: 'liftplan.audit-checkpoint',
    version: 1,
    database,
    seq: mark.seq,
    hash: mark.hash,
    writtenAt: now.toISOString(),
  } satisfies z.input<typeof CheckpointSchema>;
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** A stable name of the database a server uses (never its password). */
export function databaseIdentity(
  target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string },
): string {
  if (target.kind === 'sqlite') return `sqlite:${path.resolve(target.file)}`;
  const u = new URL(target.url);
  return `postgres://${u.host}${u.pathname}${target.schema ? `#${target.schema}` : ''}`;
}
