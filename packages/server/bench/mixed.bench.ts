/**
 * Two minutes of mixed clinic reads at c=50 on the embedded SQLite database: the patient list, a patient,
 * their follow-up timeline and a signed plan, over 100 demo patients (`liftplan demo`), every read audited.
 * Prints req/s, p99, errors and the server's memory at the start and the end (and its peak), and the same
 * load for 30 s with the previous request path (one audit transaction per read, session row read per
 * request) for the ratio. Target (issue 14): >= 5,000 req/s, p99 <= 25 ms; memory flat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { demoPatients } from '../src/cli/interop-commands.js';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD } from '../src/demo.js';
import { mb, mixedRequests, rssOf, signIn, startChildServer, targets } from './load-kit.js';

const TARGET_RPS = 5000;
const TARGET_P99_MS = 25;
const PATIENTS = 100;
const CONNECTIONS = 50;
const RUN_S = Number(process.env.MIXED_RUN_S ?? 120);
const PREVIOUS_RUN_S = 30;

const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-mixed-'));
const env = {
  ...process.env,
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  PORT: '0',
  LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
};
const r = loadConfig(env);
if (!r.ok) throw new Error(r.errors.join('; '));
await demoPatients(r.config, PATIENTS);

type Run = { rps: number; p99: number; errors: number; rssStart: number; rssEnd: number; peak: number };
async function run(extraEnv: Record<string, string>, seconds: number): Promise<Run> {
  const server = await startChildServer({ ...env, ...extraEnv });
  try {
    const { cookie, headers } = await signIn(server.url, 'doctor@demo.liftplan', DEMO_PASSWORD);
    const t = await targets(server.url, headers);
    if (t.patients.length === 0 || t.plans.length === 0) throw new Error('no demo patients or plans');
    const requests = mixedRequests(t);
    const opts = { url: server.url, connections: CONNECTIONS, headers: { cookie }, requests };
    await autocannon({ ...opts, duration: 3 }); // warm-up
    const rssStart = rssOf(server.pid);
    const res = await autocannon({ ...opts, duration: seconds });
    return {
      rps: Math.round(res.requests.average),
      p99: res.latency.p99,
      errors: res.errors + res.non2xx,
      rssStart,
      rssEnd: rssOf(server.pid),
      peak: rssOf(server.pid, 'VmHWM'),
    };
  } finally {
    await server.stop();
  }
}

const previous = await run({ AUDIT_GROUP_COMMIT: 'false', SESSION_CACHE: 'false' }, PREVIOUS_RUN_S);
const now = await run({}, RUN_S);
const ok =
  now.rps >= TARGET_RPS && now.p99 <= TARGET_P99_MS
    ? 'meets target'
    : `BELOW TARGET (>= ${TARGET_RPS} req/s, p99 <= ${TARGET_P99_MS} ms)`;
console.log(
  `Mixed reads (list, patient, follow-up timeline, signed plan; ${PATIENTS} demo patients), SQLite, c=${CONNECTIONS}, every read audited:`,
);
console.log(
  `  now      ${RUN_S} s: ${now.rps} req/s  p99 ${now.p99} ms  errors ${now.errors}  ${(now.rps / TARGET_RPS).toFixed(2)}x target  ${ok}`,
);
console.log(
  `  previous ${PREVIOUS_RUN_S} s (one audit transaction per read, session row per request): ${previous.rps} req/s  p99 ${previous.p99} ms  errors ${previous.errors}  now/previous ${(now.rps / Math.max(1, previous.rps)).toFixed(2)}x`,
);
console.log(
  `  server memory over the ${RUN_S} s run: RSS ${mb(now.rssStart)} MB at start, ${mb(now.rssEnd)} MB at end (${now.rssEnd - now.rssStart >= 0 ? '+' : ''}${mb(now.rssEnd - now.rssStart)} MB), peak ${mb(now.peak)} MB`,
);
rmSync(dir, { recursive: true, force: true });
