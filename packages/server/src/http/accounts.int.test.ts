import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { LOGIN_ACCOUNT_LIMIT } from '../services/login-throttle.js';

interface Session {
  cookie: string;
  csrf: string;
}
const PASSWORD = 'an account password';

/** Accounts as an admin runs them: disable, new password, revoke sessions; and sign-in limits. */
describe('user accounts and sign-in limits (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  const ids: Record<string, string> = {};

  const login = async (email: string, password = PASSWORD, ip = '127.0.0.1') => {
    const r = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    });
    const s: Session | undefined =
      r.statusCode === 200
        ? {
            cookie: String(r.headers['set-cookie']).split(';')[0] ?? '',
            csrf: r.json<{ csrfToken: string }>().csrfToken,
          }
        : undefined;
    return {
      status: r.statusCode,
      session: s,
      message: r.json<{ error?: { message: string } }>().error?.message,
    };
  };
  const call = async (
    s: Session | undefined,
    method: 'GET' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const r = await server.app.inject({
      method,
      url,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: r.json<Record<string, unknown>>() };
  };
  const version = async (admin: Session, id: string): Promise<number> => {
    const users = (await call(admin, 'GET', '/api/users')).body as unknown as {
      id: string;
      version: number;
    }[];
    return users.find((u) => u.id === id)?.version ?? 0;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-accounts-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false });
    const org = await server.repos.users.createOrganisation('Accounts clinic', { now: () => new Date() });
    for (const [name, role] of [
      ['admin', 'admin'],
      ['doctor', 'doctor'],
      ['nurse', 'coordinator'],
      ['typo', 'coordinator'],
      ['target', 'coordinator'],
    ] as const) {
      const u = await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
        email: `${name}@acc.test`,
        displayName: name,
        role,
        password: PASSWORD,
      });
      ids[name] = u.id;
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a disabled user is signed out everywhere and cannot sign in; enabling lets them back', async () => {
    const admin = (await login('admin@acc.test')).session;
    const doctor = (await login('doctor@acc.test')).session;
    expect((await call(doctor, 'GET', '/api/patients')).status).toBe(200);
    const id = ids['doctor'] ?? '';
    const off = await call(admin, 'PATCH', `/api/users/${id}/status`, {
      version: await version(admin!, id),
      disabled: true,
    });
    expect(off.status).toBe(200);
    expect(off.body['disabled']).toBe(true);
    expect((await call(doctor, 'GET', '/api/patients')).status).toBe(401);
    expect((await login('doctor@acc.test')).status).toBe(401);
    const on = await call(admin, 'PATCH', `/api/users/${id}/status`, {
      version: await version(admin!, id),
      disabled: false,
    });
    expect(on.status).toBe(200);
    expect((await login('doctor@acc.test')).status).toBe(200);
    // Nobody locks the clinic out: not yourself, not the last admin; only admins may do this.
    const self = await call(admin, 'PATCH', `/api/users/${ids['admin'] ?? ''}/status`, {
      version: await version(admin!, ids['admin'] ?? ''),
      disabled: true,
    });
    expect(self.status).toBe(409);
    const nurse = (await login('nurse@acc.test')).session;
    expect(
      (await call(nurse, 'PATCH', `/api/users/${id}/status`, { version: 1, disabled: true })).status,
    ).toBe(403);
  });

  it('a new password set by the admin ends the old sessions; users change their own with the current one', async () => {
    const admin = (await login('admin@acc.test')).session;
    const nurse = (await login('nurse@acc.test')).session;
    const set = await call(admin, 'PUT', `/api/users/${ids['nurse'] ?? ''}/password`, {
      password: 'the admin picked this one',
    });
    expect(set.status).toBe(200);
    expect((await call(nurse, 'GET', '/api/patients')).status).toBe(401);
    expect((await login('nurse@acc.test')).status).toBe(401);
    const fresh = (await login('nurse@acc.test', 'the admin picked this one')).session;
    const other = (await login('nurse@acc.test', 'the admin picked this one')).session;
    const wrong = await call(fresh, 'PUT', '/api/auth/password', {
      currentPassword: 'not it',
      newPassword: 'my own new password',
    });
    expect(wrong.status).toBe(401);
    const short = await call(fresh, 'PUT', '/api/auth/password', {
      currentPassword: 'the admin picked this one',
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    const mine = await call(fresh, 'PUT', '/api/auth/password', {
      currentPassword: 'the admin picked this one',
      newPassword: 'my own new password',
    });
    expect(mine.status).toBe(200);
    // The session that changed it stays; the other one ends.
    expect((await call(fresh, 'GET', '/api/patients')).status).toBe(200);
    expect((await call(other, 'GET', '/api/patients')).status).toBe(401);
  });

  it('revoking ends every session of a user', async () => {
    const admin = (await login('admin@acc.test')).session;
    const a = (await login('target@acc.test')).session;
    const b = (await login('target@acc.test')).session;
    const r = await call(admin, 'DELETE', `/api/users/${ids['target'] ?? ''}/sessions`);
    expect(r.body).toEqual({ revoked: 2 });
    expect((await call(a, 'GET', '/api/patients')).status).toBe(401);
    expect((await call(b, 'GET', '/api/patients')).status).toBe(401);
  });

  it("one account's wrong passwords do not lock out the others behind the same address", async () => {
    const ip = '10.9.8.7';
    const tries: number[] = [];
    for (let i = 0; i < 7; i++) tries.push((await login('typo@acc.test', 'wrong password', ip)).status);
    expect(tries.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(tries.slice(5)).toEqual([429, 429]);
    expect((await login('target@acc.test', PASSWORD, ip)).status).toBe(200);
  });

  it('wrong passwords for one account from many addresses stop at the per-account limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_ACCOUNT_LIMIT.maxFailures; i++) {
      statuses.push((await login('nurse@acc.test', 'guess', `10.0.${i}.1`)).status);
    }
    expect(statuses.every((s) => s === 401)).toBe(true);
    // Even the right password is refused now (guessing cannot go on); the message says what to do.
    const blocked = await login('nurse@acc.test', 'my own new password', '10.1.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.message).toMatch(/too many wrong passwords for this account; try again in 15 minutes/);
    expect((await login('doctor@acc.test', PASSWORD, '10.1.0.1')).status).toBe(200);
  });
});
