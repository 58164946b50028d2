/**
 * Audit checkpoints outside the database (issue 14 §6). The chain's hashes are computed from the rows alone,
 * so someone with SQL access could rewrite the log and recompute every hash. The server therefore records
 * each chain's newest (position, hash) — one per clinic, the system's and the legacy chain's — and where each
 * chain's MACs start, in a file in its data directory (out of reach of SQL) at start, every minute and at stop;
 * at start it verifies every chain from its mark. A rewritten or shortened chain no longer matches its mark,
 * and a keyed chain stripped of its MACs no longer matches its `macFrom`: the server refuses to start (or
 * starts read-only, when told to, for the investigation).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LEGACY_CHAIN, type ChainHead, type ChainMarks } from './audit.js';

export const CHECKPOINT_FILE = 'audit-checkpoint.json';

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Head = z.object({
  seq: z.number().int().min(0),
  hash: Hash,
  macFrom: z.number().int().min(1).optional(),
});

/** Version 1: one chain per server (its newest global seq and hash), read as the legacy chain's mark. */
const V1 = z.object({
  format: z.literal('liftplan.audit-checkpoint'),
  version: z.literal(1),
  database: z.string(),
  seq: z.number().int().min(0),
  hash: Hash,
  writtenAt: z.string(),
});
const V2 = z.object({
  format: z.literal('liftplan.audit-checkpoint'),
  version: z.literal(2),
  /** Which database the marks belong to (a data directory may be pointed at another database). */
  database: z.string(),
  chains: z.record(z.string(), Head),
  writtenAt: z.string(),
  /** What a full verification found while the server ran: the next start refuses (or starts read-only). */
  broken: z.string().optional(),
});

export type CheckpointRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'other-database'; readonly database: string }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | {
      readonly kind: 'marks';
      readonly marks: ChainMarks;
      readonly writtenAt: string;
      readonly broken?: string;
    };

export function readCheckpoint(dir: string, database: string): CheckpointRead {
  return readCheckpointFile(path.join(dir, CHECKPOINT_FILE), database);
}

/** The checkpoint `liftplan backup FILE` writes beside the copy: `FILE.audit-checkpoint.json`. */
export const backupCheckpointFile = (backup: string): string => `${backup}.${CHECKPOINT_FILE}`;
/** The database a backup's checkpoint names: the copy's file name (a renamed copy is verified whole). */
export const backupIdentity = (backup: string): string => `backup:${path.basename(backup)}`;

export function readCheckpointFile(file: string, database: string): CheckpointRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', reason: `${path.basename(file)} is not JSON` };
  }
  const r = z.union([V2, V1]).safeParse(json);
  if (!r.success) {
    return { kind: 'unreadable', reason: `${path.basename(file)} is not a liftplan audit checkpoint` };
  }
  if (r.data.database !== database) return { kind: 'other-database', database: r.data.database };
  const marks = new Map<string, ChainHead>();
  if (r.data.version === 1) marks.set(LEGACY_CHAIN, { seq: r.data.seq, hash: r.data.hash });
  else {
    for (const [chain, h] of Object.entries(r.data.chains)) {
      marks.set(chain, {
        seq: h.seq,
        hash: h.hash,
        ...(h.macFrom !== undefined ? { macFrom: h.macFrom } : {}),
      });
    }
  }
  const broken = r.data.version === 2 ? r.data.broken : undefined;
  return { kind: 'marks', marks, writtenAt: r.data.writtenAt, ...(broken !== undefined ? { broken } : {}) };
}

/** Written to a temporary file and renamed, so a crash never leaves half a checkpoint. */
export function writeCheckpoint(
  dir: string,
  database: string,
  heads: ChainMarks,
  now: Date,
  broken?: string,
): void {
  mkdirSync(dir, { recursive: true });
  writeCheckpointFile(path.join(dir, CHECKPOINT_FILE), database, heads, now, broken);
}

export function writeCheckpointFile(
  file: string,
  database: string,
  heads: ChainMarks,
  now: Date,
  broken?: string,
): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const chains: Record<string, z.input<typeof Head>> = {};
  for (const [chain, h] of [...heads].sort(([a], [b]) => a.localeCompare(b))) chains[chain] = { ...h };
  const body = {
    format: 'liftplan.audit-checkpoint',
    version: 2,
    database,
    chains,
    writtenAt: now.toISOString(),
    ...(broken !== undefined ? { broken } : {}),
  } satisfies z.input<typeof V2>;
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
