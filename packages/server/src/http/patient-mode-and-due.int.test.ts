import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { addDays, dayInZone } from './routes/care-lists.js';

interface Session {
  cookie: string;
  csrf: string;
}
const PASSWORD = 'a staff password';

/** Leaving patient mode (password re-checked, limited, audited) and the follow-ups due this week. */
describe('patient mode unlock and the due-this-week list (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  const s: Record<string, Session> = {};

  const login = async (email: string): Promise<Session> => {
    const r = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(r.statusCode).toBe(200);
    return {
      cookie: String(r.headers['set-cookie']).split(';')[0] ?? '',
      csrf: r.json<{ csrfToken: string }>().csrfToken,
    };
  };
  const call = async (who: Session, method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await server.app.inject({
      method,
      url,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: r.body.length > 0 ? r.json<Record<string, unknown>>() : {} };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-unlock-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false });
    const org = await server.repos.users.createOrganisation('Unlock clinic', { now: () => new Date() });
    for (const [name, role] of [
      ['doctor', 'doctor'],
      ['nurse', 'coordinator'],
      ['other', 'coordinator'],
    ] as const) {
      await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
        email: `${name}@unlock.test`,
        displayName: name,
        role,
        password: PASSWORD,
      });
      s[name] = await login(`${name}@unlock.test`);
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const who = (n: string): Session => {
    const x = s[n];
    if (!x) throw new Error(n);
    return x;
  };

  it("accepts the signed-in user's own password and refuses a wrong one with a code; both audited", async () => {
    expect(
      (await call(who('doctor'), 'POST', '/api/auth/verify-password', { password: PASSWORD })).status,
    ).toBe(204);
    const wrong = await call(who('doctor'), 'POST', '/api/auth/verify-password', { password: 'nope' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: { code: 'forbidden', detail: { code: 'wrong_password' } } });
    const audit = (await server.database.db
      .selectFrom('audit_events')
      .select(['action', 'entity', 'outcome'])
      .where('action', '=', 'unlock')
      .execute()) as { action: string; entity: string; outcome: string }[];
    expect(audit.map((a) => a.outcome)).toEqual(['success', 'denied']);
    expect(audit.every((a) => a.entity === 'patient_mode')).toBe(true);
  });

  it('another user’s password does not unlock, and no session no answer', async () => {
    const r = await call(who('nurse'), 'POST', '/api/auth/verify-password', {
      password: 'a staff passwordX',
    });
    expect(r.status).toBe(403);
    const anon = await server.app.inject({
      method: 'POST',
      url: '/api/auth/verify-password',
      payload: { password: PASSWORD },
    });
    expect(anon.statusCode).toBe(401);
  });

  it('limits guessing like sign-in (per minute)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await call(who('other'), 'POST', '/api/auth/verify-password', { password: `guess ${i}` })).status,
      );
    }
    expect(codes.slice(0, 3)).toEqual([403, 403, 403]);
    expect(codes.slice(3)).toEqual([429, 429]);
    const limited = await call(who('other'), 'POST', '/api/auth/verify-password', { password: PASSWORD });
    expect(limited.body).toMatchObject({
      error: { code: 'too_many_requests', detail: { code: 'too_many_attempts' } },
    });
  });

  it("lists follow-ups due from the clinic's today through six days later, and overdue ones", async () => {
    const nurse = who('nurse');
    const created = await call(nurse, 'POST', '/api/patients', {
      chartNumber: 'DUE-1',
      displayName: '박환자',
      birthDate: '1980-01-01',
      sex: 'female',
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    const today = dayInZone(new Date(), 'Asia/Seoul');
    for (const d of [addDays(today, -2), today, addDays(today, 6), addDays(today, 7)]) {
      const b = await call(nurse, 'POST', `/api/patients/${id}/follow-ups`, {
        procedureId: null,
        dueDate: d,
      });
      expect(b.status).toBe(201);
    }
    const r = await call(nurse, 'GET', '/api/follow-ups/due-this-week');
    expect(r.status).toBe(200);
    const body = r.body as unknown as {
      from: string;
      to: string;
      timeZone: string;
      items: { dueDate: string; overdue: boolean; chartNumber: string }[];
    };
    expect(body).toMatchObject({ from: today, to: addDays(today, 6), timeZone: 'Asia/Seoul' });
    expect(body.items.map((i) => [i.dueDate, i.overdue, i.chartNumber])).toEqual([
      [addDays(today, -2), true, 'DUE-1'],
      [today, false, 'DUE-1'],
      [addDays(today, 6), false, 'DUE-1'],
    ]);
    const audit = await server.database.db
      .selectFrom('audit_events')
      .select(['detail'])
      .where('action', '=', 'list')
      .where('entity', '=', 'follow_up')
      .execute();
    expect(audit.some((a) => a.detail === 'due-this-week')).toBe(true);
  });

  it('counts days in the clinic time zone', () => {
    expect(dayInZone(new Date('2026-03-01T16:00:00Z'), 'Asia/Seoul')).toBe('2026-03-02');
    expect(dayInZone(new Date('2026-03-01T16:00:00Z'), 'Europe/London')).toBe('2026-03-01');
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
  });
});
