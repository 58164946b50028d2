import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { verifyAuditChain } from '../db/audit.js';
import { systemContext, type RepoContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { signConsent, signedPlan } from '../testing/consent-fixtures.js';
import { TestClock } from '../testing/fixtures.js';

type Json = Record<string, unknown> & { error?: { code: string; message: string } };

const NOW = Date.parse('2026-12-06T09:00:00Z');
const PASSWORD = 'a long enough password';

/**
 * Records the law asks for, over HTTP (issue 13 §4): the patient's copy of their record (Art. 21), archive
 * instead of delete, corrections that keep the original.
 */
describe('records the law asks for over HTTP (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  let organisationId = '';
  let patientId = '';
  const sessions: Record<string, { cookie: string; csrf: string; id: string }> = {};
  const clock = new TestClock(NOW);

  const call = async (
    who: string,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ) => {
    const s = sessions[who];
    const res = await server.app.inject({
      method,
      url,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    const json =
      res.headers['content-type']?.toString().includes('json') && res.body ? JSON.parse(res.body) : {};
    return { status: res.statusCode, body: json as Json, raw: res.rawPayload, headers: res.headers };
  };
  const ctxOf = (role: 'doctor' | 'coordinator'): RepoContext => ({
    actor: { userId: sessions[role]?.id ?? '', role, organisationId },
    requestId: `records-${role}`,
    clock: new TestClock(NOW),
  });

  const login = async (role: string, id: string) => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: `${role}@records.test`, password: PASSWORD },
    });
    sessions[role] = {
      cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
      csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken,
      id,
    };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-records-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, {
      detector: fixtureDetector(),
      listen: false,
      clock,
    });
    const org = await server.repos.users.createOrganisation('Records clinic', new TestClock());
    organisationId = org.id;
    const boot = systemContext(org.id, 'test', 'boot');
    for (const role of ['admin', 'doctor', 'coordinator'] as const) {
      const u = await server.repos.users.create(boot, {
        email: `${role}@records.test`,
        displayName: role === 'doctor' ? '김민지' : role,
        role,
        password: PASSWORD,
      });
      await login(role, u.id);
    }
    const p = await call('coordinator', 'POST', '/api/patients', {
      chartNumber: 'R-1',
      displayName: '박지우',
      birthDate: '1979-04-12',
      sex: 'female',
    });
    patientId = String(p.body['id']);
    const { planVersionId } = await signedPlan(server.repos, ctxOf('doctor'), patientId, undefined, PASSWORD);
    await signConsent(server.repos, ctxOf('coordinator'), planVersionId, sessions['doctor']?.id ?? '');
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives the patient's copy of the record as one PDF (admins and doctors), audited as patient-request", async () => {
    expect(
      (await call('coordinator', 'GET', `/api/patients/${patientId}/record-copy.pdf?lang=ko`)).status,
    ).toBe(403);
    expect((await call('doctor', 'GET', `/api/patients/${patientId}/record-copy.pdf`)).status).toBe(400);
    const res = await call('doctor', 'GET', `/api/patients/${patientId}/record-copy.pdf?lang=ko`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="R-1-2026-12-06-record-copy-ko.pdf"',
    );
    const file = path.join(dir, 'copy.pdf');
    writeFileSync(file, res.raw);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    for (const part of ['진료기록 사본', '박지우', 'R-1', '평가', '서명된 계획', '제1판', '동의', '김민지']) {
      expect(text).toContain(part);
    }
    const en = await call('admin', 'GET', `/api/patients/${patientId}/record-copy.pdf?lang=en`);
    expect(en.status).toBe(200);
    const fhir = await call(
      'admin',
      'GET',
      `/api/patients/${patientId}/fhir?reason=patient-request&photos=false`,
    );
    expect(fhir.status).toBe(200);
    const events = await server.database.db
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('entity', '=', 'patient')
      .where('entity_id', '=', patientId)
      .where('detail', 'like', '%patient-request')
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { action: 'print', detail: 'record-copy:patient-request' },
      { action: 'print', detail: 'record-copy:patient-request' },
      { action: 'export', detail: 'fhir:patient-request' },
    ]);
  });

  it('corrects an assessment keeping the original; the history says who changed what, when and why', async () => {
    const [a] = (await call('doctor', 'GET', `/api/patients/${patientId}/assessments`)).body as unknown as {
      id: string;
      version: number;
      assessment: Record<string, unknown>;
    }[];
    if (!a) throw new Error('no assessment');
    const noReason = await call('doctor', 'PUT', `/api/assessments/${a.id}`, {
      version: a.version,
      assessment: { ...a.assessment, elasticity: 'poor' },
    });
    expect(noReason.status).toBe(400);
    const ok = await call('doctor', 'PUT', `/api/assessments/${a.id}`, {
      version: a.version,
      assessment: { ...a.assessment, elasticity: 'poor' },
      reason: 'elasticity re-examined',
    });
    expect(ok.status).toBe(200);
    const history = await call('coordinator', 'GET', `/api/assessments/${a.id}/versions`);
    expect(history.status).toBe(200);
    expect(
      (
        history.body as unknown as {
          number: number;
          changed: string[];
          reason: string | null;
          changedByName: string;
        }[]
      ).map((v) => [v.number, v.changed, v.reason, v.changedByName]),
    ).toEqual([
      [1, ['created'], null, '김민지'],
      [2, ['assessment'], 'elasticity re-examined', '김민지'],
    ]);
  });

  it('archives instead of deleting: read-only (patient_archived), still readable and exportable; deletion refused naming the date', async () => {
    expect((await call('doctor', 'POST', `/api/patients/${patientId}/archive`)).status).toBe(403);
    const archived = await call('admin', 'POST', `/api/patients/${patientId}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body['archivedAt']).toBe(new Date(NOW).toISOString());
    const p = await call('coordinator', 'GET', `/api/patients/${patientId}`);
    expect(p.body['archivedAt']).toBe(new Date(NOW).toISOString());
    const edit = await call('coordinator', 'PATCH', `/api/patients/${patientId}`, {
      version: p.body['version'],
      notes: 'changed',
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error).toMatchObject({
      code: 'patient_archived',
      message: 'this patient is archived (read-only): the record can be read and exported, not changed',
    });
    const visit = await call('doctor', 'POST', `/api/patients/${patientId}/visits`, {
      kind: 'follow-up',
      date: '2026-12-06',
    });
    expect(visit.body.error?.code).toBe('patient_archived');
    expect((await call('doctor', 'GET', `/api/patients/${patientId}/record-copy.pdf?lang=en`)).status).toBe(
      200,
    );
    const del = await call('admin', 'DELETE', `/api/patients/${patientId}`);
    expect(del.status).toBe(409);
    expect(del.body.error?.message).toMatch(
      /kept until 2036-12-06 \(medical records: 10 years from the last record, 2026-12-06\)/,
    );
    const restored = await call('admin', 'POST', `/api/patients/${patientId}/restore`);
    expect(restored.body['archivedAt']).toBeNull();
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true });
  });

  it('past the retention period an admin purges the patient: gone from every read, the audit log verifies', async () => {
    clock.advance(Date.parse('2036-12-08T09:00:00Z') - NOW);
    // Ten years on, the sessions have long expired: sign in again.
    for (const role of ['admin', 'doctor']) await login(role, sessions[role]?.id ?? '');
    const retention = await call('admin', 'GET', '/api/retention');
    expect(retention.body).toEqual([
      expect.objectContaining({ patientId, chartNumber: 'R-1', keptUntil: '2036-12-06', deletable: true }),
    ]);
    expect((await call('doctor', 'DELETE', `/api/patients/${patientId}`)).status).toBe(403);
    const purged = await call('admin', 'DELETE', `/api/patients/${patientId}`);
    expect(purged.status).toBe(200);
    expect(purged.body['rows']).toBeGreaterThan(10);
    expect((await call('doctor', 'GET', `/api/patients/${patientId}`)).status).toBe(404);
    expect((await call('admin', 'GET', '/api/retention')).body).toEqual([]);
    expect(await verifyAuditChain(server.database.db)).toMatchObject({ ok: true });
  });
});
