/**
 * PostgreSQL with one and with two server processes on the same database: the mixed clinic reads (list,
 * patient, follow-up timeline, signed plan; every read audited) at c=50 against one process, then split
 * c=25 + c=25 over two. Goal (issue 14): two processes >= 1.6x one. On this 2-core machine the database,
 * both servers and the load generator share the same two cores, which caps the ratio.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { demoPatients } from '../src/cli/interop-commands.js';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD } from '../src/demo.js';
import { postgresAvailable, TEST_PG_URL } from '../src/testing/databases.js';
import { mixedRequests, signIn, startChildServer, targets, type ChildServer } from './load-kit.js';

const GOAL_RATIO = 1.6;
const PATIENTS = 40;
const CONNECTIONS = 50;
const RUN_S = 10;

if (!(await postgresAvailable())) {
  console.log(`PostgreSQL not reachable at ${TEST_PG_URL}: skipped`);
  process.exit(0);
}
// A database of its own (not a schema): the servers, migrations and queue see only this run's tables.
const database = `liftplan_bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: TEST_PG_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${database}`);
const url = Object.assign(new URL(TEST_PG_URL), { pathname: `/${database}` }).toString();
const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-pg-scale-'));
const env = {
  ...process.env,
  DATA_DIR: dir,
  DATABASE_URL: url,
  LOG_LEVEL: 'silent',
  PORT: '0',
  LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
};
const servers: ChildServer[] = [];
try {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(r.errors.join('; '));
  await demoPatients(r.config, PATIENTS);
  servers.push(await startChildServer(env));
  servers.push(await startChildServer(env));
  const load = async (server: ChildServer, connections: number, duration: number) => {
    const { cookie, headers } = await signIn(server.url, 'doctor@demo.liftplan', DEMO_PASSWORD);
    const requests = mixedRequests(await targets(server.url, headers));
    return () => autocannon({ url: server.url, connections, duration, headers: { cookie }, requests });
  };
  const [a, b] = servers as [ChildServer, ChildServer];
  await (
    await load(a, CONNECTIONS, 3)
  )(); // warm-up
  await (
    await load(b, CONNECTIONS, 3)
  )();
  const one = await (await load(a, CONNECTIONS, RUN_S))();
  const [runA, runB] = [await load(a, CONNECTIONS / 2, RUN_S), await load(b, CONNECTIONS / 2, RUN_S)];
  const [ra, rb] = await Promise.all([runA(), runB()]);
  const rps1 = Math.round(one.requests.average);
  const rps2 = Math.round(ra.requests.average + rb.requests.average);
  const ratio = rps2 / Math.max(1, rps1);
  console.log(
    `PostgreSQL, mixed audited reads (${PATIENTS} demo patients), c=${CONNECTIONS}, ${RUN_S} s each:`,
  );
  console.log(
    `  one process   ${String(rps1).padStart(6)} req/s  p99 ${one.latency.p99} ms  errors ${one.errors + one.non2xx}`,
  );
  console.log(
    `  two processes ${String(rps2).padStart(6)} req/s  p99 ${Math.max(ra.latency.p99, rb.latency.p99)} ms  errors ${ra.errors + ra.non2xx + rb.errors + rb.non2xx}`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)}x (goal >= ${GOAL_RATIO}x: ${ratio >= GOAL_RATIO ? 'met' : 'NOT MET'}; ${(ratio / GOAL_RATIO).toFixed(2)}x the goal)`,
  );
} finally {
  for (const s of servers) await s.stop();
  await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
}
