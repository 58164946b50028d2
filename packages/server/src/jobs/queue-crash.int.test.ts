import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../testing/databases.js';
import {
  CRASH_KINDS,
  openTestQueue,
  pgQueueStore,
  sqliteQueueStore,
  type TestQueueStore,
} from '../testing/queues.js';
import { JobQueue, sleep } from './queue.js';

const CHILD = path.join(import.meta.dirname, '..', 'testing', 'queue-child.ts');
const JOBS = 5;
/** Polls of the queue while a restarted process works (bounded; not a timing check). */
const POLLS = 600;
const POLL_MS = 100;

interface Child {
  readonly child: ChildProcess;
  readonly first: Record<string, unknown>;
}

async function spawnChild(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, ['--conditions', 'source', '--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`queue child exited with ${String(code)}`));
    });
    lines.once('line', (l) => {
      resolve(JSON.parse(l) as Record<string, unknown>);
    });
  });
  return { child, first };
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

const markerLines = (file: string): string[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];

function runCrashTrials(name: string, makeStore: () => Promise<TestQueueStore>): void {
  describe(`job queue crash trials (SIGKILL, real processes): ${name}`, () => {
    const children: ChildProcess[] = [];
    const cleanups: (() => Promise<void>)[] = [];

    afterEach(async () => {
      for (const c of children.splice(0)) await kill9(c);
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function setup(): Promise<{
      env: (mode: string) => Record<string, string>;
      marker: string;
      queue: JobQueue<typeof CRASH_KINDS>;
    }> {
      const store = await makeStore();
      const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-queue-crash-'));
      cleanups.push(async () => {
        await store.cleanup();
        rmSync(dir, { recursive: true, force: true });
      });
      const marker = path.join(dir, 'marker.txt');
      const env = (mode: string): Record<string, string> => ({
        QUEUE_TARGET: JSON.stringify(store.target),
        QUEUE_MODE: mode,
        QUEUE_JOBS: String(JOBS),
        QUEUE_MARKER: marker,
      });
      // The test's own view of the store: it only looks (and queues), it never works a job.
      const { backend, close } = openTestQueue(store.target);
      const queue = new JobQueue(backend, CRASH_KINDS);
      cleanups.push(async () => {
        await queue.stop();
        await close();
      });
      return { env, marker, queue };
    }

    async function waitFinished(queue: JobQueue<typeof CRASH_KINDS>, ids: readonly string[]): Promise<void> {
      for (let i = 0; i < POLLS; i++) {
        const states = await Promise.all(ids.map((id) => queue.get('crash', id)));
        if (states.every((s) => s?.state === 'completed' || s?.state === 'failed')) return;
        await sleep(POLL_MS);
      }
    }

    it('jobs queued by a process killed right after they were acknowledged are processed once after a restart', async () => {
      const { env, marker, queue } = await setup();
      const producer = await spawnChild(env('enqueue'));
      children.push(producer.child);
      const ids = producer.first['enqueued'] as string[];
      expect(ids).toHaveLength(JOBS);
      await kill9(producer.child);

      const worker = await spawnChild(env('work'));
      children.push(worker.child);
      await queue.start();
      await waitFinished(queue, ids);
      for (const id of ids) expect(await queue.get('crash', id)).toMatchObject({ state: 'completed' });
      expect(markerLines(marker).sort()).toEqual(Array.from({ length: JOBS }, (_, n) => `done ${n}`).sort());
    });

    it('two worker processes on one store never process the same job twice', async () => {
      const { env, marker, queue } = await setup();
      for (let i = 0; i < 2; i++) children.push((await spawnChild(env('work'))).child);
      await queue.start();
      const total = 40;
      const ids: string[] = [];
      for (let n = 0; n < total; n++) {
        ids.push((await queue.enqueue('crash', { n }, { key: `pair-${n}` })).id);
      }
      await waitFinished(queue, ids);
      const done = markerLines(marker);
      expect(done.sort()).toEqual(Array.from({ length: total }, (_, n) => `done ${n}`).sort());
    });

    it('an attempt lost with its killed process is retried by the next process, and finishes once', async () => {
      const { env, marker, queue } = await setup();
      const hanging = await spawnChild(env('hang'));
      children.push(hanging.child);
      await queue.start();
      const { id } = await queue.enqueue('crash', { n: 7 }, { key: 'lost' });
      for (let i = 0; i < POLLS && !markerLines(marker).includes('start 7'); i++) await sleep(POLL_MS / 10);
      expect(markerLines(marker)).toEqual(['start 7']);
      await kill9(hanging.child);
      expect(await queue.get('crash', id)).toMatchObject({ state: 'active', attempts: 1 });

      const worker = await spawnChild(env('work'));
      children.push(worker.child);
      await waitFinished(queue, [id]);
      expect(await queue.get('crash', id)).toMatchObject({
        state: 'completed',
        attempts: 2,
        result: { n: 7 },
      });
      expect(markerLines(marker)).toEqual(['start 7', 'done 7']);
    });
  });
}

runCrashTrials('SQLite', sqliteQueueStore);

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required in CI (127.0.0.1:5432, database test)');
describe.skipIf(!pgUp)('PostgreSQL (pg-boss)', () => {
  runCrashTrials('pg-boss', pgQueueStore);
});
