import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureDetector } from '@liftplan/server';
import { EXIT } from '../errors.js';
import { main } from '../main.js';
import { memoryIO } from '../test-io.js';
import { findRepoRoot } from './serve.js';

const until = async (check: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('liftplan serve', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-cli-serve-'));
    vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('LOG_LEVEL', 'silent');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the repository root from the source tree', () => {
    expect(findRepoRoot('/')).toBe(path.resolve(import.meta.dirname, '../../../..'));
  });

  it('starts with the demo clinic and the real detector, prints the URL and logins, stops on a signal', async () => {
    let stop: (signal: string) => void = () => undefined;
    const io = {
      ...memoryIO(dir),
      untilStopped: () =>
        new Promise<string>((resolve) => {
          stop = resolve;
        }),
    };
    const running = main(['serve', '--demo', '--port', '0', '--host', '127.0.0.1'], io);
    await until(() => io.stdout().includes('stop with Ctrl-C'));
    const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(io.stdout())?.[1];
    expect(url).toBeDefined();
    expect(io.stdout()).toContain('demo clinic created. demo sign-in: admin@demo.liftplan');
    expect(io.stdout()).toContain('"liftplan-demo-only"');

    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
    expect(health.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'doctor@demo.liftplan', password: 'liftplan-demo-only' }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const patients = (await (await fetch(`${url}/api/patients`, { headers: { cookie } })).json()) as {
      id: string;
      chartNumber: string;
    }[];
    expect(patients.map((p) => p.chartNumber)).toEqual(['DEMO-0001']);
    // The real face mesh (not the fixture) analyses the demo photo in the background.
    const db = new BetterSqlite3(path.join(dir, 'data', 'liftplan.sqlite'), { readonly: true });
    try {
      const job = () => db.prepare('SELECT status FROM jobs').get() as { status: string } | undefined;
      await until(() => ['succeeded', 'failed'].includes(job()?.status ?? ''));
      expect(job()?.status).toBe('succeeded');
      const analysis = db.prepare('SELECT detector_id, passed FROM analyses').get() as {
        detector_id: string;
      };
      expect(analysis.detector_id).not.toMatch(/synthetic|fixture/);
    } finally {
      db.close();
    }

    stop('SIGTERM');
    expect(await running).toBe(EXIT.ok);
    expect(io.stdout()).toMatch(/SIGTERM: stopping…\nstopped\n$/);
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();

    // A second start on the same data: no new clinic, the demo logins are still shown.
    const io2 = { ...memoryIO(dir), untilStopped: () => Promise.resolve('SIGINT') };
    expect(await main(['serve', '--demo', '--port', '0'], io2)).toBe(EXIT.ok);
    expect(io2.stdout()).toContain('demo sign-in: admin@demo.liftplan');
    expect(io2.stdout()).not.toContain('demo clinic created');
  });

  it('creates no demo clinic unless asked, and never on a production server', async () => {
    const io = { ...memoryIO(dir), untilStopped: () => Promise.resolve('SIGINT') };
    expect(await main(['serve', '--port', '0'], io)).toBe(EXIT.ok);
    expect(io.stdout()).not.toContain('demo');
    expect(io.stdout()).toContain('no users yet: add the first admin with "liftplan users add');
    const db = new BetterSqlite3(path.join(dir, 'data', 'liftplan.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    vi.stubEnv('NODE_ENV', 'production');
    const prod = memoryIO(dir);
    expect(await main(['serve', '--demo', '--port', '0'], prod)).toBe(EXIT.usage);
    expect(prod.stderr()).toMatch(/demo data is never created on a production server/);
  });

  it('refuses a bad port with every configuration problem listed', async () => {
    vi.stubEnv('SESSION_TTL_HOURS', '-1');
    const io = memoryIO(dir);
    expect(await main(['serve', '--port', '99999'], io)).toBe(EXIT.usage);
    expect(io.stderr()).toMatch(/PORT: must be 0–65535/);
    expect(io.stderr()).toMatch(/SESSION_TTL_HOURS: must be positive/);
  });

  it('refuses --workers 0 and a separate worker on the embedded database (its jobs run in the server), and a bad count', async () => {
    const serveOnly = memoryIO(dir);
    expect(await main(['serve', '--workers', '0', '--port', '0'], serveOnly)).toBe(EXIT.usage);
    expect(serveOnly.stderr()).toMatch(/--workers 0 leaves the jobs to "liftplan worker" processes/);
    const worker = memoryIO(dir);
    expect(await main(['worker'], worker)).toBe(EXIT.usage);
    expect(worker.stderr()).toMatch(/a separate worker process needs the PostgreSQL job queue/);
    const bad = memoryIO(dir);
    expect(await main(['serve', '--workers', 'two'], bad)).toBe(EXIT.usage);
    expect(bad.stderr()).toMatch(/JOB_WORKERS: must be a whole number/);
  });

  it('serves with the number of job workers asked for', async () => {
    const io = {
      ...memoryIO(dir),
      untilStopped: () => Promise.resolve('SIGINT'),
      detector: () => Promise.resolve(fixtureDetector()),
    };
    expect(await main(['serve', '--workers', '2', '--port', '0'], io)).toBe(EXIT.ok);
    expect(io.stdout()).toContain('job workers: 2 (analyses, PDF renders)');
  });
});
