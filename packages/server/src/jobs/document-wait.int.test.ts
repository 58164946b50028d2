import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { newPatient } from '../testing/fixtures.js';

const PASSWORD = 'document wait password';

/**
 * A PDF download waits for its render job, bounded (REPORT_WAIT_SECONDS): with no job worker to render it the
 * answer is 503 `unavailable` in the one error shape with Retry-After, and the job is not left behind.
 */
describe('PDF download: the bounded wait for its render job (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  let cookie: string;
  let visitId: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-document-wait-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test', REPORT_WAIT_SECONDS: '1' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false, workers: 0 });
    const org = await server.repos.users.createOrganisation('Wait clinic', { now: () => new Date() });
    const doctor = await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
      email: 'doctor@wait.test',
      displayName: 'D',
      role: 'doctor',
      password: PASSWORD,
    });
    const ctx = {
      ...systemContext(org.id, 'test', 'boot'),
      actor: { userId: doctor.id, role: 'doctor' as const, organisationId: org.id },
    };
    const patient = await server.repos.patients.create(ctx, newPatient());
    visitId = (
      await server.repos.visits.create(ctx, patient.id, { kind: 'consultation', date: '2025-03-01' })
    ).id;
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'doctor@wait.test', password: PASSWORD },
    });
    cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 unavailable with Retry-After when no worker renders it in time', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/visits/${visitId}/report.pdf?lang=en&reason=patient-care`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({
      error: {
        code: 'unavailable',
        message:
          'the document was not ready within 1 s (the server is busy printing); try again in a few seconds',
        requestId: res.headers['x-request-id'],
      },
    });
    expect(await server.jobs.backend.unfinished('render-document')).toBe(0);
  });
});
