/**
 * A job-queue process for the queue crash trials (jobs/queue-crash.int.test.ts), killed with SIGKILL by the
 * test. `QUEUE_TARGET` (JSON) names the store; `QUEUE_MODE`: `enqueue` queues jobs 0..QUEUE_JOBS-1 (keyed) and
 * prints their ids; `work` runs them, appending `done <n>` to `QUEUE_MARKER` (fsync) for each; `hang` appends
 * `start <n>` and never finishes (an attempt lost with its process).
 */
import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs';
import { z } from 'zod';
import { JobQueue } from '../jobs/queue.js';
import { CRASH_KINDS, openTestQueue, type QueueTarget } from './queues.js';

const env = z
  .object({
    QUEUE_TARGET: z.string(),
    QUEUE_MODE: z.enum(['enqueue', 'work', 'hang']),
    QUEUE_JOBS: z.coerce.number().int().min(1).default(5),
    QUEUE_MARKER: z.string().min(1),
  })
  .parse(process.env);

function mark(line: string): void {
  appendFileSync(env.QUEUE_MARKER, `${line}\n`);
  const fd = openSync(env.QUEUE_MARKER, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

const target = JSON.parse(env.QUEUE_TARGET) as QueueTarget;
// As the server does: this process owns the SQLite store, so attempts left active are a dead process's.
const { backend } = openTestQueue(target, { recoverOnStart: true, maintenanceIntervalSeconds: 1 });
const queue = new JobQueue(backend, CRASH_KINDS);
await queue.start();

if (env.QUEUE_MODE === 'enqueue') {
  const ids: string[] = [];
  for (let n = 0; n < env.QUEUE_JOBS; n++) {
    ids.push((await queue.enqueue('crash', { n }, { key: `job-${n}` })).id);
  }
  process.stdout.write(`${JSON.stringify({ enqueued: ids })}\n`);
} else {
  await queue.work('crash', 2, {
    run: async ({ payload }) => {
      if (env.QUEUE_MODE === 'hang') {
        mark(`start ${payload.n}`);
        await new Promise(() => undefined);
      }
      mark(`done ${payload.n}`);
      return { n: payload.n };
    },
  });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}
// Stays up until killed.
setInterval(() => undefined, 60_000);
