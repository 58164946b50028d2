/**
 * Group commit of read audit events (issue 14 §4). A read's event must be durable before its answer, but a
 * transaction (and on PostgreSQL the chain's lock) per read caps throughput. Reads hand their event to the
 * batcher and wait; the batcher writes everything queued since its last write in one transaction, in the order
 * the events arrived, then answers every waiter. Writes (creates, updates, signatures) keep their own
 * transaction with the change itself, so a change and its event still commit together.
 */
import type { Kysely } from 'kysely';
import { appendAuditBatch, type AuditEntry } from './audit.js';
import type { RepoContext } from './context.js';
import type { DB } from './types.js';

interface Waiting {
  readonly ctx: RepoContext;
  readonly entry: AuditEntry;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

/** Events written per transaction at most (a burst beyond it is written in several, in order). */
export const AUDIT_BATCH_MAX = 512;

export class AuditBatcher {
  private queue: Waiting[] = [];
  private running: Promise<void> | null = null;
  /** Transactions written and events in them (for tests and the bench). */
  readonly stats = { batches: 0, events: 0 };

  constructor(
    private readonly db: Kysely<DB>,
    private readonly commit: (db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<void>) => Promise<void>,
  ) {}

  /** Resolves once the event is committed; rejects if its transaction failed (the read then fails too). */
  append(ctx: RepoContext, entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ctx, entry, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Waits until everything queued so far is written (shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    // Let the reads that finish in this turn of the event loop join the first batch.
    await new Promise<void>((r) => setImmediate(r));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, AUDIT_BATCH_MAX);
        try {
          await this.commit(this.db, async (trx) => {
            await appendAuditBatch(trx, batch);
          });
          this.stats.batches += 1;
          this.stats.events += batch.length;
          for (const w of batch) w.resolve();
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
      }
    } finally {
      this.running = null;
    }
  }
}

const batchers = new WeakMap<Kysely<DB>, AuditBatcher>();

/** Turns group commit on for reads through this database handle (the server does at start). */
export function enableAuditGroupCommit(
  db: Kysely<DB>,
  commit: (db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<void>) => Promise<void>,
): AuditBatcher {
  const b = new AuditBatcher(db, commit);
  batchers.set(db, b);
  return b;
}

export const auditBatcherOf = (db: Kysely<DB>): AuditBatcher | undefined => batchers.get(db);
