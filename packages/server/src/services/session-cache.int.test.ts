import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { usersRevoke } from '../cli/commands.js';
import { loadConfig, type Config } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { postgresAvailable, TEST_PG_URL } from '../testing/databases.js';

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI (${TEST_PG_URL})`);
const PASSWORD = 'session cache password';

const backends = [
  { name: 'SQLite', postgres: false },
  { name: 'PostgreSQL', postgres: true },
] as const;

/**
 * Sessions are cached in the server process; ending them anywhere (this server, the CLI in another
 * process, direct SQL) must still sign the user out.
 */
describe.each(backends)('cached sessions end wherever they are ended ($name)', ({ postgres }) => {
  const run = postgres ? pgUp : true;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let dir: string;
  let config: Config;
  let server: RunningServer;

  const signInWithToken = async (): Promise<{ cookie: string; csrf: string }> => {
    const r = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nurse@cache.test', password: PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    return {
      cookie: String(r.headers['set-cookie']).split(';')[0] ?? '',
      csrf: r.json<{ csrfToken: string }>().csrfToken,
    };
  };
  const signIn = async (): Promise<string> => (await signInWithToken()).cookie;
  const me = async (cookie: string): Promise<number> =>
    (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode;
  /** Requests until signed out; a notification from PostgreSQL takes a moment to arrive. */
  const signedOut = async (cookie: string): Promise<boolean> => {
    for (let i = 0; i < 100; i++) {
      if ((await me(cookie)) === 401) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  };
  const deleteSessionsBySql = async (): Promise<void> => {
    if (postgres) {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DELETE FROM ${schema}.sessions`);
      await c.end();
    } else {
      const other = new BetterSqlite3(path.join(dir, 'liftplan.sqlite'));
      other.prepare('DELETE FROM sessions').run();
      other.close();
    }
  };

  beforeAll(async () => {
    if (!run) return;
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-session-cache-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    config = r.config;
    if (postgres) {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      config = { ...config, database: { kind: 'postgres', url: TEST_PG_URL, schema } as Config['database'] };
    }
    server = await startServer(config, { detector: fixtureDetector(), listen: false });
    const org = await server.repos.users.createOrganisation('Cache clinic', { now: () => new Date() });
    await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
      email: 'nurse@cache.test',
      displayName: 'nurse',
      role: 'coordinator',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    if (!run) return;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    if (postgres) {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
  });

  it.runIf(run)('answers repeated requests from the cache', async () => {
    const cookie = await signIn();
    const users = server.repos.users as unknown as { stats(): { hits: number } };
    const stats = (): { hits: number } => users.stats();
    const before = stats().hits;
    for (let i = 0; i < 5; i++) expect(await me(cookie)).toBe(200);
    expect(stats().hits - before).toBeGreaterThanOrEqual(4);
  });

  it.runIf(run)('signs out at once on sign-out through this server', async () => {
    const { cookie, csrf } = await signInWithToken();
    expect(await me(cookie)).toBe(200);
    const out = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(await me(cookie)).toBe(401);
  });

  it.runIf(run)('signs out after a direct SQL delete of the session rows (another connection)', async () => {
    const cookie = await signIn();
    expect(await me(cookie)).toBe(200);
    expect(await me(cookie)).toBe(200);
    await deleteSessionsBySql();
    expect(await signedOut(cookie)).toBe(true);
  });

  it.runIf(run && !postgres)('signs out after `liftplan users revoke` in another process', async () => {
    const cookie = await signIn();
    expect(await me(cookie)).toBe(200);
    expect(await usersRevoke(config, 'nurse@cache.test')).toBeGreaterThan(0);
    // SQLite: the CLI's commit changes data_version, seen by the very next request.
    expect(await me(cookie)).toBe(401);
  });
});
