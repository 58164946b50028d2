import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories } from '../db/repositories.js';
import { buildApp } from '../http/app.js';
import type { App } from '../http/types.js';
import { LocalPhotoStore } from '../storage/photo-store.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { seedClinic } from '../testing/fixtures.js';
import { seedThreeVisitPatient, type SeededRecord } from './fixtures.js';
import { fhirSchemaValidator } from './validate.js';

describe('GET /api/patients/:id/fhir', () => {
  let t: TestDatabase;
  let dir: string;
  let app: App;
  let seeded: SeededRecord;
  const sessions = new Map<string, { cookie: string; csrf: string }>();

  beforeAll(async () => {
    t = await sqliteTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-fhir-http-'));
    const repos = createRepositories(t.database.db);
    const store = new LocalPhotoStore(dir);
    const clinic = await seedClinic(repos, 'HTTP clinic');
    seeded = await seedThreeVisitPatient(repos, store, clinic);
    app = await buildApp({
      config: {
        cookieSecure: false,
        uploadMaxBytes: 1_000_000,
        sessionTtlMs: 3_600_000,
        loginRateLimitPerMinute: 100,
      },
      db: t.database.db,
      repos,
      store,
      clock: clinic.clock,
      browserAssets: false,
      onJobQueued: () => undefined,
    });
    const users = await t.database.db
      .selectFrom('users')
      .select(['email', 'role'])
      .where('organisation_id', '=', clinic.organisationId)
      .execute();
    for (const u of users) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: u.email, password: 'correct horse battery staple' },
      });
      const body = JSON.parse(res.body) as { csrfToken: string };
      sessions.set(u.role, {
        cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
        csrf: body.csrfToken,
      });
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (role: string, url: string) =>
    app.inject({ method: 'GET', url, headers: { cookie: sessions.get(role)?.cookie ?? '' } });

  it('downloads the Bundle for doctors and admins with a chosen reason; refuses without one, and coordinators', async () => {
    const url = `/api/patients/${seeded.patientId}/fhir`;
    const none = await get('doctor', url);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('reason');
    expect((await get('coordinator', `${url}?reason=transfer-of-care`)).statusCode).toBe(403);
    const ok = await get('admin', `${url}?reason=patient-request&photos=false`);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(ok.headers['content-disposition']).toMatch(/^attachment; filename="fhir-/);
    const bundle = JSON.parse(ok.body) as {
      resourceType: string;
      entry: { resource: { resourceType: string } }[];
    };
    expect(fhirSchemaValidator().validate(bundle)).toEqual([]);
    expect(bundle.entry.some((e) => e.resource.resourceType === 'Binary')).toBe(false);
    const visit = await get('doctor', `${url}?reason=transfer-of-care&visitId=${seeded.visitIds[0] ?? ''}`);
    expect(visit.statusCode).toBe(200);
  });

  it('serves the research CSV for a chosen reason, and its dictionary', async () => {
    expect((await get('doctor', '/api/exports/research.csv')).statusCode).toBe(400);
    expect((await get('coordinator', '/api/exports/research.csv?reason=research')).statusCode).toBe(403);
    const csv = await get('admin', '/api/exports/research.csv?reason=research');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.startsWith('subject,sex,age_band,')).toBe(true);
    expect(csv.body).toContain('jowl');
    expect(csv.body).not.toContain(seeded.chartNumber);
    const dict = await get('doctor', '/api/exports/research-dictionary.csv');
    expect(dict.body.split('\r\n')[1]).toMatch(/^subject,text,,/);
  });

  it('answers the outcomes and their drill-down for doctors and admins', async () => {
    expect((await get('coordinator', '/api/outcomes')).statusCode).toBe(403);
    expect((await get('doctor', '/api/outcomes?from=soon')).statusCode).toBe(400);
    const o = await get('admin', '/api/outcomes?region=jowl');
    expect(o.statusCode).toBe(200);
    const body = JSON.parse(o.body) as {
      changes: { metric: string; months: number; n: number }[];
      procedures: number;
    };
    expect(body.procedures).toBe(1);
    expect(body.changes.map((c) => [c.metric, c.months, c.n])).toEqual([
      ['jowl-depth', 3, 1],
      ['jowl-depth', 3, 1],
    ]);
    const visits = await get(
      'doctor',
      '/api/outcomes/visits?region=jowl&side=left&metric=jowl-depth&months=3',
    );
    expect(visits.statusCode).toBe(200);
    expect(JSON.parse(visits.body)).toMatchObject([
      { patientId: seeded.patientId, visitId: seeded.visitIds[2] },
    ]);
  });

  it('serves the access review, records its completion, the retention report, and refuses deletion', async () => {
    const post = (role: string, url: string, payload: object) =>
      app.inject({
        method: 'POST',
        url,
        payload,
        headers: { cookie: sessions.get(role)?.cookie ?? '', 'x-csrf-token': sessions.get(role)?.csrf ?? '' },
      });
    expect((await get('doctor', '/api/access-review/2025-03')).statusCode).toBe(403);
    const review = await get('admin', '/api/access-review/2025-03');
    expect(review.statusCode).toBe(200);
    const body = JSON.parse(review.body) as {
      lines: { exports: number; exportReasons: Record<string, number> }[];
    };
    expect(
      body.lines.some(
        (l) => l.exports > 0 && Object.keys(l.exportReasons).some((k) => k.startsWith('fhir:')),
      ),
    ).toBe(true);
    expect((await post('admin', '/api/access-review', { month: '2025-03' })).statusCode).toBe(200);
    expect((await post('admin', '/api/access-review', { month: '2025-03' })).statusCode).toBe(409);
    expect((await get('admin', '/api/retention')).statusCode).toBe(200);
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/patients/${seeded.patientId}`,
      headers: {
        cookie: sessions.get('admin')?.cookie ?? '',
        'x-csrf-token': sessions.get('admin')?.csrf ?? '',
      },
    });
    expect(del.statusCode).toBe(409);
    expect(del.body).toContain('kept until 2035-06-08');
  });
});
