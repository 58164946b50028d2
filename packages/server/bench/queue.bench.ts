/**
 * Job queue throughput and latency, with a handler that does nothing (so the figure is the queue's own cost):
 * - throughput: a burst of jobs queued at once, then worked by WORKERS workers until all are done (jobs/s);
 * - latency: one job at a time, queued and awaited (median enqueue → done, ms).
 * On the in-process SQLite queue, pg-boss on PostgreSQL, and the previous version: the home-made `jobs` table
 * (one worker claiming the oldest queued row with a transaction, woken by the upload; SQLite and PostgreSQL).
 * Target: the queue is negligible next to the work it carries (an analysis ~1 s, a PDF ~0.3 s): ≥ 100 jobs/s and
 * a median enqueue → done ≤ 50 ms in one process.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { systemContext } from '../src/db/context.js';
import { createRepositories } from '../src/db/repositories.js';
import { JobQueue } from '../src/jobs/queue.js';
import { PgBossQueue } from '../src/jobs/pg-boss-queue.js';
import { SqliteQueue } from '../src/jobs/sqlite-queue.js';
import {
  postgresAvailable,
  postgresTestDatabase,
  sqliteTestDatabase,
  type TestDatabase,
} from '../src/testing/databases.js';
import { newPatient, seedClinic } from '../src/testing/fixtures.js';

const TARGET_JOBS_PER_S = 100;
const TARGET_LATENCY_MS = 50;
const BURST = 1000;
const WORKERS = 4;
const LATENCY_RUNS = 50;
/** Enqueues in flight at once (as concurrent uploads would be). */
const ENQUEUE_CONCURRENCY = 20;

const KINDS = {
  noop: {
    payload: z.object({ n: z.number().int() }),
    retry: { retries: 0, retryDelayMs: 0, timeoutMs: 60_000 },
  },
};

interface Figures {
  /** Durable enqueues per second. */
  readonly enqueuePerS: number;
  /** Jobs worked per second, from a stored backlog. */
  readonly jobsPerS: number;
  readonly medianMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** The queue under test: a JobQueue whose no-op handler reports each job done. */
async function measureQueue(queue: JobQueue<typeof KINDS>, workers: number): Promise<Figures> {
  await queue.start();
  const done = new Map<number, () => void>();
  let completed = 0;
  const run = ({ payload }: { payload: { n: number } }): Promise<undefined> => {
    completed++;
    done.get(payload.n)?.();
    return Promise.resolve(undefined);
  };
  // Throughput: a burst stored first (durable enqueues, ENQUEUE_CONCURRENCY at a time), then drained.
  const t0 = performance.now();
  for (let n = 0; n < BURST; n += ENQUEUE_CONCURRENCY) {
    const part = Array.from({ length: Math.min(ENQUEUE_CONCURRENCY, BURST - n) }, (_, i) => n + i);
    await Promise.all(part.map((k) => queue.enqueue('noop', { n: k })));
  }
  const enqueueS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await queue.work('noop', workers, { run });
  while (completed < BURST) await new Promise((r) => setTimeout(r, 1));
  const drainS = (performance.now() - t1) / 1000;
  // Latency: one job at a time, workers idle and waiting.
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const n = -1 - i;
    const finished = new Promise<void>((resolve) => done.set(n, resolve));
    const t = performance.now();
    await queue.enqueue('noop', { n });
    await finished;
    latencies.push(performance.now() - t);
  }
  await queue.stop();
  return {
    enqueuePerS: Math.round(BURST / enqueueS),
    jobsPerS: Math.round(BURST / drainS),
    medianMs: Math.round(median(latencies) * 10) / 10,
  };
}

/**
 * The previous version: an analysis `jobs` row per job (as the upload inserted it), one worker taking the oldest
 * queued row (`claimNext`) and marking it done, woken right after each insert (the upload's nudge).
 */
async function measureJobsTable(t: TestDatabase): Promise<Figures> {
  const db = t.database.db;
  const repos = createRepositories(db);
  const clinic = await seedClinic(repos, 'Bench clinic');
  const doctor = clinic.as('doctor');
  const patient = await repos.patients.create(doctor, newPatient());
  const { photo } = await repos.photos.recordUpload(doctor, {
    patientId: patient.id,
    visitId: null,
    view: 'front',
    sha256: 'b'.repeat(64),
    size: 1,
    contentType: 'image/png',
    originalName: null,
  });
  await db.updateTable('jobs').set({ status: 'succeeded' }).execute();
  const system = systemContext(clinic.organisationId, 'bench', 'bench');
  const insert = async (): Promise<string> => {
    const id = randomUUID();
    const now = new Date().toISOString();
    await db
      .insertInto('jobs')
      .values({
        id,
        organisation_id: clinic.organisationId,
        kind: 'analyze-photo',
        status: 'queued',
        photo_id: photo.id,
        patient_id: patient.id,
        attempts: 0,
        result_id: null,
        error_code: null,
        error_message: null,
        face: null,
        faces: null,
        created_by: doctor.actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  };
  let completed = 0;
  const finished = new Set<string>();
  // The old AnalysisWorker's drain loop, with a no-op in place of the detector.
  let running: Promise<void> | undefined;
  let again = false;
  const drain = async (): Promise<void> => {
    for (;;) {
      const job = await repos.jobs.claimNext(system);
      if (!job) return;
      await db.updateTable('jobs').set({ status: 'succeeded' }).where('id', '=', job.id).execute();
      finished.add(job.id);
      completed++;
    }
  };
  // (A function: TypeScript would narrow a direct read of `running` to the value it saw last.)
  const inFlight = (): Promise<void> | undefined => running;
  const nudge = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        nudge();
      }
    });
  };
  const t0 = performance.now();
  for (let n = 0; n < BURST; n += ENQUEUE_CONCURRENCY) {
    await Promise.all(Array.from({ length: Math.min(ENQUEUE_CONCURRENCY, BURST - n) }, () => insert()));
  }
  const enqueueS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  nudge();
  while (completed < BURST) await new Promise((r) => setTimeout(r, 1));
  const drainS = (performance.now() - t1) / 1000;
  for (let p = inFlight(); p; p = inFlight()) await p;
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    const t = performance.now();
    const id = await insert();
    nudge();
    while (!finished.has(id)) await new Promise((r) => setImmediate(r));
    latencies.push(performance.now() - t);
  }
  for (let p = inFlight(); p; p = inFlight()) await p;
  return {
    enqueuePerS: Math.round(BURST / enqueueS),
    jobsPerS: Math.round(BURST / drainS),
    medianMs: Math.round(median(latencies) * 10) / 10,
  };
}

const results: [string, Figures, Figures | undefined][] = [];

{
  const previous = await sqliteTestDatabase();
  const before = await measureJobsTable(previous);
  await previous.cleanup();
  const t = await sqliteTestDatabase();
  const now = await measureQueue(new JobQueue(new SqliteQueue(t.database.db), KINDS), WORKERS);
  await t.cleanup();
  results.push(['SQLite (in-process queue)', now, before]);
}

if (await postgresAvailable()) {
  const previous = await postgresTestDatabase();
  const before = await measureJobsTable(previous);
  await previous.cleanup();
  // pg-boss keeps its tables in a test schema of their own, dropped with it.
  const t = await postgresTestDatabase();
  const schema = /schema (\S+)$/.exec(t.where)?.[1] ?? 'pgboss_bench';
  const url = t.where.replace(/ schema \S+$/, '');
  const now = await measureQueue(new JobQueue(new PgBossQueue({ url, schema }), KINDS), WORKERS);
  await t.cleanup();
  results.push(['PostgreSQL (pg-boss)', now, before]);
} else {
  console.log('PostgreSQL not available: pg-boss not measured');
}

console.log(
  `Job queue, no-op handler: ${BURST} jobs stored (durable enqueues, ${ENQUEUE_CONCURRENCY} in flight), then worked by ${WORKERS} workers (jobs/s); median enqueue -> done of ${LATENCY_RUNS} single jobs. Previous = the home-made jobs table (one worker, woken after each insert):`,
);
for (const [name, v, before] of results) {
  const ok =
    v.jobsPerS >= TARGET_JOBS_PER_S && v.medianMs <= TARGET_LATENCY_MS
      ? 'meets target'
      : `BELOW TARGET (>= ${TARGET_JOBS_PER_S} jobs/s, median <= ${TARGET_LATENCY_MS} ms)`;
  const ratio = before
    ? `  (previous ${before.jobsPerS} jobs/s, enqueue ${before.enqueuePerS}/s, median ${before.medianMs} ms: ${(v.jobsPerS / Math.max(1, before.jobsPerS)).toFixed(2)}x throughput)`
    : '';
  console.log(
    `  ${name.padEnd(28)} ${String(v.jobsPerS).padStart(6)} jobs/s  enqueue ${String(v.enqueuePerS).padStart(5)}/s  median ${String(v.medianMs).padStart(6)} ms  ${(v.jobsPerS / TARGET_JOBS_PER_S).toFixed(2)}x target  ${ok}${ratio}`,
  );
}
