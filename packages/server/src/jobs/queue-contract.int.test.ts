import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postgresAvailable } from '../testing/databases.js';
import { openTestQueue, pgQueueStore, sqliteQueueStore, type TestQueueStore } from '../testing/queues.js';
import { JobPayloadError, JobQueue, sleep } from './queue.js';

const KINDS = {
  double: {
    payload: z.object({ n: z.number().int() }),
    retry: { retries: 2, retryDelayMs: 0, timeoutMs: 30_000 },
  },
  /** Fails its first `failures` attempts, then succeeds. */
  flaky: {
    payload: z.object({ n: z.number().int(), failures: z.number().int().min(0) }),
    retry: { retries: 2, retryDelayMs: 1000, timeoutMs: 30_000 },
  },
};

/** Waits until `ok()` holds or `ms` passed (a barrier between workers, not a timing assertion). */
async function until(ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await sleep(5);
}

function runQueueContract(name: string, makeStore: () => Promise<TestQueueStore>): void {
  describe(`job queue contract: ${name}`, () => {
    const open: { stop(): Promise<void>; close(): Promise<void> }[] = [];
    let store: TestQueueStore | undefined;

    const queue = async (s: TestQueueStore): Promise<JobQueue<typeof KINDS>> => {
      const { backend, close } = openTestQueue(s.target);
      const q = new JobQueue(backend, KINDS);
      await q.start();
      open.push({ stop: () => q.stop(), close });
      return q;
    };

    afterEach(async () => {
      for (const o of open.splice(0)) {
        await o.stop();
        await o.close();
      }
      await store?.cleanup();
      store = undefined;
    });

    it('processes each queued job once and keeps its result; a key queues one job however often it is sent', async () => {
      store = await makeStore();
      const q = await queue(store);
      const seen: number[] = [];
      await q.work('double', 2, {
        run: (job) => {
          seen.push(job.payload.n);
          return Promise.resolve({ doubled: job.payload.n * 2 });
        },
      });
      const ids: string[] = [];
      for (let n = 0; n < 10; n++) ids.push((await q.enqueue('double', { n })).id);
      const first = await q.enqueue('double', { n: 100 }, { key: 'photo-1' });
      const again = await q.enqueue('double', { n: 100 }, { key: 'photo-1' });
      expect(first.created).toBe(true);
      expect(again).toEqual({ id: first.id, created: false });
      await q.idle();
      expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 100]);
      const job = await q.get('double', ids[3] ?? '');
      expect(job).toMatchObject({ state: 'completed', attempts: 1, result: { doubled: 6 }, error: null });
      expect(await q.waitFor('double', first.id, 1000)).toMatchObject({
        state: 'completed',
        result: { doubled: 200 },
      });
      await q.remove('double', first.id);
      expect(await q.get('double', first.id)).toBeUndefined();
    });

    it('refuses a payload that does not match its kind', async () => {
      store = await makeStore();
      const q = await queue(store);
      await expect(q.enqueue('double', { n: 1.5 })).rejects.toBeInstanceOf(JobPayloadError);
    });

    it('retries a failing job with backoff, then fails it with the reason; a job that recovers completes', async () => {
      store = await makeStore();
      const q = await queue(store);
      const attempts = new Map<number, number>();
      const exhausted: string[] = [];
      await q.work('flaky', 1, {
        run: (job) => {
          const n = (attempts.get(job.payload.n) ?? 0) + 1;
          attempts.set(job.payload.n, n);
          if (n <= job.payload.failures) return Promise.reject(new Error(`boom ${String(n)}`));
          return Promise.resolve({ attempts: n });
        },
        onExhausted: (job, reason) => {
          exhausted.push(`${String(job.payload.n)}: ${reason}`);
          return Promise.resolve();
        },
      });
      const doomed = await q.enqueue('flaky', { n: 1, failures: 99 });
      const recovers = await q.enqueue('flaky', { n: 2, failures: 1 });
      await q.idle();
      expect(await q.get('flaky', doomed.id)).toMatchObject({ state: 'failed', attempts: 3 });
      expect((await q.get('flaky', doomed.id))?.error).toContain('boom 3');
      expect(attempts.get(1)).toBe(3);
      expect(exhausted).toEqual(['1: boom 3']);
      expect(await q.get('flaky', recovers.id)).toMatchObject({
        state: 'completed',
        attempts: 2,
        result: { attempts: 2 },
      });
    });

    it('two queues on one store (as two processes) never process the same job twice', async () => {
      store = await makeStore();
      const a = await queue(store);
      const b = await queue(store);
      const byJob = new Map<number, string[]>();
      const started = new Set<string>();
      for (const [who, q] of [
        ['a', a],
        ['b', b],
      ] as const) {
        await q.work('double', 3, {
          run: async (job) => {
            started.add(who);
            // Hold the first jobs until both queues have one, so they really compete for the rest.
            await until(() => started.size === 2, 10_000);
            byJob.set(job.payload.n, [...(byJob.get(job.payload.n) ?? []), who]);
            await sleep(2);
            return { by: who };
          },
        });
      }
      const total = 60;
      for (let n = 0; n < total; n++) await (n % 2 === 0 ? a : b).enqueue('double', { n });
      await a.idle();
      await b.idle();
      expect(started).toEqual(new Set(['a', 'b']));
      expect(byJob.size).toBe(total);
      for (const [n, who] of byJob) expect({ n, who: who.length }).toEqual({ n, who: 1 });
    });
  });
}

runQueueContract('SQLite', sqliteQueueStore);

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required in CI (127.0.0.1:5432, database test)');
describe.skipIf(!pgUp)('PostgreSQL (pg-boss)', () => {
  runQueueContract('pg-boss', pgQueueStore);
});
