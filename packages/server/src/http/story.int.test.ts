import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  anchorPosition,
  frontGeometry,
  HISTORY_FLAGS,
  moveEntry,
  planCase,
  toImage,
  type CaseFile,
  type DangerZone,
  type ThreadPlacement,
} from '@liftplan/domain';
import { CONSENT_TEMPLATE, RenderPool } from '@liftplan/report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig, type Config } from '../config.js';
import { verifyAuditChain } from '../db/audit.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { planToPrint, ReportService } from '../services/reports.js';
import { A_SIGNATURE, jowlCase } from '../testing/consent-fixtures.js';
import { aLandmarkSet, anAssessment, TestClock } from '../testing/fixtures.js';
import { multipartBody } from '../testing/multipart.js';

const ALL_ANSWERED = Object.fromEntries(HISTORY_FLAGS.map((f) => [f, false]));
const PASSWORD = 'a long enough password';
const INTAKE = { concerns: [{ region: 'jowl', side: 'both' }], expectations: 'realistic' };
const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');

/** Loose JSON for reading answers in tests: the properties the stories read, each more JSON (no `any`). */
interface J {
  (...args: unknown[]): J;
  readonly csrfToken: J;
  readonly error: J;
  readonly fields: J;
  readonly map: J;
  readonly sort: J;
  readonly find: J;
  readonly photo: J;
  readonly analysis: J;
  readonly user: J;
  readonly organisationId: J;
  readonly sha256: J;
  readonly job: J;
  readonly id: J;
  readonly resultId: J;
  readonly procedureId: J;
  readonly events: J;
  readonly landmarkVersions: J;
  readonly version: J;
  readonly versions: J;
  readonly status: J;
  readonly diff: J;
  readonly stock: J;
  readonly openapi: J;
  readonly paths: J;
  readonly '/api/patients': J;
  readonly post: J;
  readonly requestBody: J;
  readonly content: J;
  readonly 'application/json': J;
  readonly schema: J;
  readonly properties: J;
  readonly birthDate: J;
  readonly 0: J;
  readonly 1: J;
  readonly address: J;
  readonly phone: J;
  readonly licenceNumber: J;
  readonly email: J;
  readonly payload: J;
  readonly placements: J;
  readonly caseFile: J;
  readonly entry: J;
  readonly documentSha256: J;
}

interface Session {
  cookie: string;
  csrf: string;
}

/**
 * Stories through the real HTTP API (Fastify inject: the full request pipeline without a socket): a
 * coordinator registers a patient and uploads photos; a doctor corrects a landmark, plans and signs; a nurse
 * records lots; a follow-up is scored; the admin runs a recall.
 */
describe('clinic stories over HTTP (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  let config: Config;
  const detector = fixtureDetector();
  const sessions: Record<string, Session> = {};

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const call = async (
    who: string | undefined,
    method: Method,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const s = who ? sessions[who] : undefined;
    const res = await server.app.inject({
      method,
      url,
      headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...headers },
      ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
    return {
      status: res.statusCode,
      body: res.body ? (JSON.parse(res.body) as J) : ({} as J),
      headers: res.headers,
    };
  };

  const printPdf = (doc: string, lang: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/visits/${printedVisitId}/${doc}?lang=${lang}&reason=patient-care`,
      headers: { cookie: sessions['doctor']?.cookie ?? '' },
    });
  /** The text of a printed document (pdftotext), whitespace runs collapsed. */
  const printed = async (doc: string, lang: string): Promise<string> => {
    const res = await printPdf(doc, lang);
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, `printed-${doc}-${lang}.pdf`);
    writeFileSync(file, res.rawPayload);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  /**
   * A visit planned and signed through the API: a front photo uploaded to it and analysed, an assessment, the
   * plan created from the server's case, the planner's placements (changed by `edit`) saved, then signed with
   * the password. Returns the visit, the plan answer and the server's case.
   */
  let day = 1;
  const signVisit = async (
    edit: (planned: readonly ThreadPlacement[], caseFile: CaseFile) => ThreadPlacement[] = (p) => [...p],
    justifications: readonly Record<string, unknown>[] = [],
    assessment: Record<string, unknown> = anAssessment(),
  ) => {
    const visit = await call('doctor', 'POST', `/api/patients/${patientId}/visits`, {
      kind: 'consultation',
      date: `2025-03-${String(day++).padStart(2, '0')}`,
    });
    const visitId = String(visit.body.id);
    const form = multipartBody(
      { view: 'front', visitId },
      { name: 'file', filename: 'front.png', contentType: 'image/png', data: readFileSync(ASTRONAUT) },
    );
    const up = await call('coordinator', 'POST', `/api/patients/${patientId}/photos`, form.body, {
      'content-type': form.contentType,
    });
    expect(up.status).toBe(202);
    await server.worker.idle();
    const job = await call('doctor', 'GET', `/api/jobs/${String(up.body.job.id)}`);
    const photos = [
      { photoId: String(up.body.photo.id), analysisId: String(job.body.resultId), landmarkVersion: 1 },
    ];
    const assessed = await call('doctor', 'POST', `/api/patients/${patientId}/assessments`, {
      visitId,
      assessment,
    });
    expect(assessed.status).toBe(201);
    const base = { visitId, photos, intake: INTAKE };
    const created = await call('doctor', 'POST', `/api/patients/${patientId}/plans`, {
      ...base,
      placements: [],
    });
    expect(created.status).toBe(201);
    const caseFile = created.body.versions[0].payload.caseFile as unknown as CaseFile;
    const saved = await call('doctor', 'PUT', `/api/plans/${String(created.body.id)}/draft`, {
      ...base,
      version: created.body.version,
      placements: edit(planCase(caseFile).placements, caseFile),
      justifications,
    });
    expect(saved.status).toBe(200);
    const signed = await call('doctor', 'POST', `/api/plans/${String(created.body.id)}/sign`, {
      version: saved.body.version,
      password: PASSWORD,
    });
    expect(signed.status).toBe(200);
    return { visitId, plan: signed.body, caseFile, base };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-story-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '5' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    config = r.config;
    server = await startServer(config, {
      detector,
      listen: false,
      clock: new TestClock(Date.parse('2025-03-01T09:00:00Z')),
    });
    const org = await server.repos.users.createOrganisation('Story clinic', new TestClock());
    const boot = systemContext(org.id, 'test', 'boot');
    for (const role of ['admin', 'doctor', 'coordinator'] as const) {
      await server.repos.users.create(boot, {
        email: `${role}@clinic.test`,
        displayName: role,
        role,
        password: 'a long enough password',
      });
      const res = await call(undefined, 'POST', '/api/auth/login', {
        email: `${role}@clinic.test`,
        password: 'a long enough password',
      });
      expect(res.status).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      sessions[role] = { cookie: setCookie.split(';')[0] ?? '', csrf: String(res.body.csrfToken) };
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let patientId = '';
  let analysisId = '';
  let frontPhotoId = '';
  let lotId = '';
  let printedVisitId = '';

  it('refuses requests without a session, without the CSRF token, and with the wrong role', async () => {
    expect((await call(undefined, 'GET', '/api/patients')).status).toBe(401);
    const noCsrf = await server.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { cookie: sessions.coordinator?.cookie ?? '' },
      payload: {},
    });
    expect(noCsrf.statusCode).toBe(403);
    const admin = await call('admin', 'POST', '/api/products', { name: '' });
    expect(admin.status).toBe(400);
    expect(admin.body.error.fields.map((f: { path: string }) => f.path)).toContain('name');
    const denied = await call('coordinator', 'POST', '/api/products', {
      name: 'x',
      manufacturer: 'y',
      threadKind: 'mono',
      material: 'PDO',
      gauge: '6-0',
      lengthMm: 30,
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error).toMatchObject({ code: 'forbidden', requestId: expect.any(String) });
  });

  it('a coordinator registers a patient and uploads photos; the analysis runs in the background', async () => {
    const created = await call(
      'coordinator',
      'POST',
      '/api/patients',
      {
        chartNumber: 'A-001',
        displayName: 'Park Ji-woo',
        birthDate: '1980-04-01',
        sex: 'female',
        history: ALL_ANSWERED,
      },
      { 'x-request-id': 'story-create-patient' },
    );
    expect(created.status).toBe(201);
    expect(created.headers['x-request-id']).toBe('story-create-patient');
    patientId = String(created.body.id);

    const bad = await call('coordinator', 'POST', '/api/patients', {
      chartNumber: 'A-002',
      birthDate: '1 April',
      sex: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'birthDate',
      'displayName',
      'sex',
    ]);

    const png = readFileSync(ASTRONAUT);
    const form = multipartBody(
      { view: 'front' },
      { name: 'file', filename: 'front.png', contentType: 'image/png', data: png },
    );
    const up = await call('coordinator', 'POST', `/api/patients/${patientId}/photos`, form.body, {
      'content-type': form.contentType,
    });
    expect(up.status).toBe(202);
    expect(up.body.photo).toMatchObject({ view: 'front', contentType: 'image/png', size: png.length });
    // The same bytes again (e.g. a second view by mistake): a second photo row, one stored file.
    const again = multipartBody(
      { view: 'oblique-left' },
      { name: 'file', filename: 'again.png', contentType: 'image/png', data: png },
    );
    const up2 = await call('coordinator', 'POST', `/api/patients/${patientId}/photos`, again.body, {
      'content-type': again.contentType,
    });
    expect(up2.body.photo.sha256).toBe(up.body.photo.sha256);

    const notImage = multipartBody(
      { view: 'front' },
      {
        name: 'file',
        filename: 'x.png',
        contentType: 'image/png',
        data: Buffer.from('%PDF-1.4 not an image'),
      },
    );
    expect(
      (
        await call('coordinator', 'POST', `/api/patients/${patientId}/photos`, notImage.body, {
          'content-type': notImage.contentType,
        })
      ).status,
    ).toBe(415);

    await server.worker.idle();
    const job = await call('coordinator', 'GET', `/api/jobs/${String(up.body.job.id)}`);
    expect(job.body).toMatchObject({ status: 'succeeded', resultId: expect.any(String) });
    analysisId = String(job.body.resultId);
    frontPhotoId = String(up.body.photo.id);
    expect(up.body.photo).toMatchObject({ jobId: up.body.job.id, jobStatus: 'queued', analysisId: null });
    expect(detector.calls[0]?.view).toBe('front');

    const original = await server.app.inject({
      method: 'GET',
      url: `/api/photos/${String(up.body.photo.id)}/original`,
      headers: { cookie: sessions.doctor?.cookie ?? '' },
    });
    expect(original.rawPayload.equals(png)).toBe(true);
  });

  it('a doctor corrects a landmark, assesses, plans and signs; a change makes a new version with its diff', async () => {
    const corrected = await call('doctor', 'POST', `/api/analyses/${analysisId}/landmarks`, {
      baseNumber: 1,
      landmarks: aLandmarkSet({ centre: [505, 600] }),
      note: 'chin point',
    });
    expect(corrected.status).toBe(201);
    const analysis = await call('doctor', 'GET', `/api/analyses/${analysisId}`);
    expect(analysis.body.landmarkVersions.map((v: { source: string }) => v.source)).toEqual([
      'detector',
      'clinician',
    ]);

    expect(
      (await call('doctor', 'POST', `/api/patients/${patientId}/assessments`, { assessment: anAssessment() }))
        .status,
    ).toBe(201);
    const { plan: signed, base } = await signVisit();
    const planId = String(signed.id);
    expect(signed.versions[0].status).toBe('signed');
    const stale = await call('doctor', 'PUT', `/api/plans/${planId}/draft`, {
      ...base,
      version: 1,
      placements: [],
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields[0]).toMatchObject({ path: 'version' });
    const v2 = await call('doctor', 'PUT', `/api/plans/${planId}/draft`, {
      ...base,
      version: signed.version,
      intake: { ...INTAKE, expectations: 'unrealistic' },
      placements: signed.versions[0].payload.placements,
    });
    expect(v2.status).toBe(200);
    expect(v2.body.versions[1].diff).toContainEqual({
      op: 'change',
      path: 'intake.expectations',
      from: 'realistic',
      to: 'unrealistic',
    });
    expect(v2.body.versions[0]).toEqual(signed.versions[0]);
  });

  it('links every photo to its analysis: listings carry it, GET /api/photos/:id/analysis serves it (audited)', async () => {
    const photos = (await call('doctor', 'GET', `/api/patients/${patientId}/photos`)).body as unknown as {
      id: string;
      analysisId: string | null;
      jobStatus: string | null;
      landmarkVersion: number | null;
    }[];
    const front = photos.find((p) => p.id === frontPhotoId);
    // The doctor corrected the detector's landmarks once: version 2 is the newest.
    expect(front).toMatchObject({ analysisId, jobStatus: 'succeeded', landmarkVersion: 2 });
    expect(photos.every((p) => p.jobStatus === 'succeeded' && typeof p.analysisId === 'string')).toBe(true);
    expect((await call('coordinator', 'GET', `/api/photos/${frontPhotoId}`)).body).toMatchObject({
      analysisId,
      landmarkVersion: 2,
    });

    for (const who of ['doctor', 'coordinator']) {
      const res = await call(who, 'GET', `/api/photos/${frontPhotoId}/analysis`, undefined, {
        'x-request-id': `photo-analysis-${who}`,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        photoId: frontPhotoId,
        analysisId,
        jobStatus: 'succeeded',
        landmarkVersion: 2,
        job: { status: 'succeeded', resultId: analysisId, photoId: frontPhotoId },
        analysis: { id: analysisId, photoId: frontPhotoId },
      });
      expect(res.body.analysis.landmarkVersions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    }
    expect((await call('admin', 'GET', `/api/photos/${frontPhotoId}/analysis`)).status).toBe(403);
    expect((await call('doctor', 'GET', `/api/photos/${crypto.randomUUID()}/analysis`)).status).toBe(404);
    const reads = await server.database.db
      .selectFrom('audit_events')
      .select(['request_id', 'outcome', 'entity_id'])
      .where('entity', '=', 'photo_analysis')
      .orderBy('seq')
      .execute();
    expect(reads).toEqual(
      expect.arrayContaining([
        { request_id: 'photo-analysis-doctor', outcome: 'success', entity_id: frontPhotoId },
        { request_id: 'photo-analysis-coordinator', outcome: 'success', entity_id: frontPhotoId },
        expect.objectContaining({ outcome: 'denied', entity_id: frontPhotoId }),
      ]),
    );
  });

  it('the admin stocks a lot; a nurse records the threads used; the lot recall finds the patient', async () => {
    const product = await call('admin', 'POST', '/api/products', {
      name: 'Cog PDO 19G',
      manufacturer: 'Acme',
      threadKind: 'bidirectional-cog',
      material: 'PDO',
      gauge: '1-0',
      lengthMm: 100,
    });
    const lot = await call('admin', 'POST', `/api/products/${String(product.body.id)}/lots`, {
      lotNumber: 'LOT-42',
      expiryDate: '2027-01-31',
      stock: 20,
    });
    lotId = String(lot.body.id);
    const expired = await call('admin', 'POST', `/api/products/${String(product.body.id)}/lots`, {
      lotNumber: 'LOT-OLD',
      expiryDate: '2024-12-31',
      stock: 20,
    });
    // The procedure follows a signed plan whose consent the patient signed (see care.int.test.ts).
    // Only the jowl graded: the planner places one row per side.
    const { plan } = await signVisit(undefined, [], {
      ...jowlCase().assessment,
    });
    const planVersionId = String(plan.versions.find((v: { status: string }) => v.status === 'signed').id);
    const doctorId = String((await call('doctor', 'GET', '/api/auth/me')).body.user.id);
    const form = await call(
      'coordinator',
      'GET',
      `/api/plan-versions/${planVersionId}/consent-form?lang=ko&performers=${doctorId}`,
    );
    const consent = await call('coordinator', 'POST', `/api/plan-versions/${planVersionId}/consents`, {
      locale: 'ko',
      templateVersion: CONSENT_TEMPLATE.version,
      documentSha256: form.body.documentSha256,
      performingDoctorIds: [doctorId],
      procedureAgreed: true,
      photoScopes: { record: true, marketing: false, research: false },
      signerName: 'Park Ji-woo',
      signaturePath: A_SIGNATURE,
    });
    expect(consent.status).toBe(201);
    const threads = (id: string) => [
      {
        placementId: 'jowl:left:1',
        region: 'jowl',
        side: 'left',
        lotId: id,
        count: 2,
        deviations: '19G 100 mm cog used; two threads',
      },
      {
        placementId: 'jowl:right:1',
        region: 'jowl',
        side: 'right',
        lotId: id,
        count: 2,
        deviations: 'one thread repositioned',
      },
    ];
    const body = (id: string) => ({
      planVersionId,
      performedBy: doctorId,
      performedOn: '2025-03-01',
      anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1 %', doseMl: 4 },
      threads: threads(id),
    });
    const refused = await call(
      'coordinator',
      'POST',
      `/api/patients/${patientId}/procedures`,
      body(String(expired.body.id)),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields[0]).toEqual({
      path: 'threads[0].lotId',
      message: 'lot LOT-OLD expired on 2024-12-31',
    });
    const recorded = await call('coordinator', 'POST', `/api/patients/${patientId}/procedures`, body(lotId));
    expect(recorded.status).toBe(201);
    const lots = await call('coordinator', 'GET', `/api/products/${String(product.body.id)}/lots`);
    expect(lots.body.find((l: { id: string }) => l.id === lotId).stock).toBe(16);
    const recall = await call('admin', 'GET', `/api/lots/${lotId}/recall`);
    expect(recall.body.map((h: { patient: { id: string } }) => h.patient.id)).toEqual([patientId]);
  });

  it('a follow-up is booked, then scored by the doctor (GAIS) with the patient score', async () => {
    const f = await call('coordinator', 'POST', `/api/patients/${patientId}/follow-ups`, {
      dueDate: '2025-03-08',
    });
    const due = await call('coordinator', 'GET', '/api/follow-ups?due=2025-03-31');
    expect(due.body.map((x: { id: string }) => x.id)).toContain(f.body.id);
    const scored = await call('doctor', 'POST', `/api/follow-ups/${String(f.body.id)}/score`, {
      version: 1,
      gaisClinician: 2,
      gaisPatient: 2,
      satisfaction: 4,
    });
    expect(scored.body).toMatchObject({ status: 'done', gaisClinician: 2 });
  });

  it('finds patients by chart-number prefix or part of the name; the search text is not audited', async () => {
    const ids = async (q: string) =>
      (
        (await call('coordinator', 'GET', `/api/patients?q=${encodeURIComponent(q)}`)).body as unknown as {
          id: string;
        }[]
      ).map((p) => p.id);
    expect(await ids('park')).toEqual([patientId]);
    expect(await ids('ji-W')).toEqual([patientId]);
    expect(await ids('a-00')).toEqual([patientId]);
    expect(await ids('001')).toEqual([]);
    expect(await ids('%')).toEqual([]);
    expect(await ids('_')).toEqual([]);
    const searches = await server.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'search')
      .execute();
    expect(searches.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(searches)).not.toMatch(/park|ji-W/i);
  });

  it('a nurse records events after the procedure; earlier events never change', async () => {
    const lots = await call('admin', 'GET', `/api/lots/${lotId}/recall`);
    const procedureId = String(lots.body[0].procedureId);
    const add = (version: number, who = 'coordinator') =>
      call(who, 'POST', `/api/procedures/${procedureId}/events`, {
        version,
        events: [{ at: '2025-03-02T10:00', kind: 'bruising', note: 'left cheek, small' }],
      });
    const first = await add(1);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 2,
      events: [{ kind: 'bruising', recordedBy: expect.any(String), recordedAt: expect.any(String) }],
    });
    expect((await add(1)).status).toBe(409);
    expect((await add(2, 'admin')).status).toBe(403);
    const second = await add(2, 'doctor');
    expect(second.body.events.map((e: { kind: string }) => e.kind)).toEqual(['bruising', 'bruising']);
  });

  it("lists a patient's procedures with their threads (product, lot) and events", async () => {
    const res = await call('doctor', 'GET', `/api/patients/${patientId}/procedures`);
    expect(res.status).toBe(200);
    const list = res.body as unknown as {
      performedOn: string;
      events: { kind: string }[];
      threads: { region: string; side: string; productName: string; lotNumber: string; count: number }[];
    }[];
    expect(list).toHaveLength(1);
    expect(list[0]?.performedOn).toBe('2025-03-01');
    expect(list[0]?.threads).toEqual([
      expect.objectContaining({
        region: 'jowl',
        side: 'left',
        productName: 'Cog PDO 19G',
        lotNumber: 'LOT-42',
        count: 2,
      }),
      expect.objectContaining({
        region: 'jowl',
        side: 'right',
        productName: 'Cog PDO 19G',
        lotNumber: 'LOT-42',
        count: 2,
      }),
    ]);
    expect(list[0]?.events.map((e) => e.kind)).toEqual(['bruising', 'bruising']);
    expect((await call('doctor', 'GET', `/api/patients/${crypto.randomUUID()}/procedures`)).status).toBe(404);
  });

  it('the admin reads the audit log, newest first, page by page; other roles may not', async () => {
    const page1 = await call('admin', 'GET', '/api/audit?limit=5');
    expect(page1.status).toBe(200);
    const seqs = (page1.body as unknown as { seq: number }[]).map((e) => e.seq);
    expect(seqs).toHaveLength(5);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    const page2 = await call('admin', 'GET', `/api/audit?limit=5&before=${seqs.at(-1) ?? 0}`);
    const seqs2 = (page2.body as unknown as { seq: number }[]).map((e) => e.seq);
    expect(seqs2[0]).toBe((seqs.at(-1) ?? 0) - 1);
    expect(page1.body[0]).toMatchObject({
      action: expect.any(String),
      outcome: expect.any(String),
      requestId: expect.any(String),
    });
    expect((await call('doctor', 'GET', '/api/audit')).status).toBe(403);
  });

  it('prints the consultation report and aftercare sheet only from a signed plan (PDF, ko/en)', async () => {
    // A visit with its plan saved as a draft (not signed yet).
    const visit = await call('coordinator', 'POST', `/api/patients/${patientId}/visits`, {
      kind: 'consultation',
      date: '2025-03-20',
    });
    expect(visit.status).toBe(201);
    const visitId = String(visit.body.id);
    printedVisitId = visitId;
    const form = multipartBody(
      { view: 'front', visitId },
      { name: 'file', filename: 'front.png', contentType: 'image/png', data: readFileSync(ASTRONAUT) },
    );
    const up = await call('coordinator', 'POST', `/api/patients/${patientId}/photos`, form.body, {
      'content-type': form.contentType,
    });
    expect(up.status).toBe(202);
    await server.worker.idle();
    const job = await call('doctor', 'GET', `/api/jobs/${String(up.body.job.id)}`);
    const photos = [
      { photoId: String(up.body.photo.id), analysisId: String(job.body.resultId), landmarkVersion: 1 },
    ];
    await call('doctor', 'POST', `/api/patients/${patientId}/assessments`, {
      visitId,
      assessment: anAssessment(),
    });
    const created = await call('doctor', 'POST', `/api/patients/${patientId}/plans`, {
      visitId,
      photos,
      intake: INTAKE,
      placements: [],
    });
    const caseFile = created.body.versions[0].payload.caseFile as unknown as CaseFile;
    const plan = await call('doctor', 'PUT', `/api/plans/${String(created.body.id)}/draft`, {
      visitId,
      photos,
      intake: INTAKE,
      version: created.body.version,
      placements: planCase(caseFile).placements,
    });
    expect(plan.status).toBe(200);

    const pdf = (who: string, doc: string, lang = 'en', reason = 'patient-care') =>
      server.app.inject({
        method: 'GET',
        url: `/api/visits/${visitId}/${doc}?lang=${lang}${reason === '' ? '' : `&reason=${reason}`}`,
        headers: { cookie: sessions[who]?.cookie ?? '' },
      });
    const draft = await pdf('coordinator', 'report.pdf');
    expect(draft.statusCode).toBe(409);
    expect(draft.json()).toMatchObject({
      error: {
        code: 'conflict',
        message: 'the plan for this visit is not signed yet: sign it before printing the consultation report',
      },
    });

    const signed = await call('doctor', 'POST', `/api/plans/${String(plan.body.id)}/sign`, {
      version: plan.body.version,
      password: PASSWORD,
    });
    expect(signed.status).toBe(200);
    const report = await pdf('coordinator', 'report.pdf', 'en');
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toBe('application/pdf');
    expect(report.headers['content-disposition']).toBe(
      'inline; filename="A-001-2025-03-20-report-patient-en.pdf"',
    );
    const clinician = await pdf('doctor', 'report.pdf', 'en&for=clinician');
    expect(clinician.statusCode).toBe(200);
    expect(clinician.headers['content-disposition']).toBe(
      'inline; filename="A-001-2025-03-20-report-clinician-en.pdf"',
    );
    expect((await pdf('doctor', 'report.pdf', 'en&for=nurse')).statusCode).toBe(400);
    expect(report.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const aftercare = await pdf('doctor', 'aftercare.pdf', 'ko');
    expect(aftercare.statusCode).toBe(200);
    expect(aftercare.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    expect((await pdf('admin', 'report.pdf')).statusCode).toBe(403);
    expect((await pdf('doctor', 'report.pdf', 'fr')).statusCode).toBe(400);
    // No reason, or one outside the vocabulary: a 400 naming the reasons, before anything is read.
    for (const reason of ['', 'curiosity']) {
      const refused = await pdf('doctor', 'aftercare.pdf', 'ko', reason);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        error: {
          code: 'bad_request',
          fields: [
            {
              path: 'querystring.reason',
              message: expect.stringMatching(
                /^reason is required: why the document is downloaded, one of patient-care, transfer-of-care, /,
              ),
            },
          ],
        },
      });
    }
    expect((await pdf('doctor', 'aftercare.pdf', 'en', 'legal-request')).statusCode).toBe(200);
    const prints = await server.database.db
      .selectFrom('audit_events')
      .select(['outcome', 'detail'])
      .where('action', '=', 'print')
      .where('entity_id', '=', visitId)
      .orderBy('seq')
      .execute();
    expect(prints).toEqual([
      { outcome: 'failure', detail: 'conflict' },
      { outcome: 'success', detail: 'consultation:patient-care' },
      { outcome: 'success', detail: 'consultation:patient-care' },
      { outcome: 'success', detail: 'aftercare:patient-care' },
      { outcome: 'denied', detail: 'forbidden' },
      { outcome: 'success', detail: 'aftercare:legal-request' },
    ]);
    // Each download also names the patient, with the reason, for the monthly access review.
    const printedVisit = await server.database.db
      .selectFrom('visits')
      .select('patient_id')
      .where('id', '=', visitId)
      .executeTakeFirstOrThrow();
    const byPatient = await server.database.db
      .selectFrom('audit_events')
      .select(['actor', 'detail'])
      .where('action', '=', 'print')
      .where('entity', '=', 'patient')
      .where('entity_id', '=', printedVisit.patient_id)
      .orderBy('seq')
      .execute();
    expect(byPatient.map((e) => e.detail)).toEqual([
      'consultation:patient-care',
      'consultation:patient-care',
      'aftercare:patient-care',
      'aftercare:legal-request',
    ]);
  });

  it("the admin records the clinic's address and phone and the doctor's licence; documents print them", async () => {
    const org = await call('admin', 'GET', '/api/organisation');
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ name: 'Story clinic', address: null, phone: null, version: 1 });
    const details = {
      version: 1,
      address: '  12 Teheran-ro, Gangnam-gu, Seoul 06234 ',
      phone: '+82 2-555-0101',
    };
    expect((await call('doctor', 'PATCH', '/api/organisation', details)).status).toBe(403);
    const bad = await call('admin', 'PATCH', '/api/organisation', { ...details, phone: 'call us' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['phone']);
    const saved = await call('admin', 'PATCH', '/api/organisation', details);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      address: '12 Teheran-ro, Gangnam-gu, Seoul 06234',
      phone: '+82 2-555-0101',
      version: 2,
    });
    const stale = await call('admin', 'PATCH', '/api/organisation', { version: 1, phone: null });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['version']);

    const users = await call('admin', 'GET', '/api/users');
    const doctor = (users.body as unknown as { id: string; email: string; version: number }[]).find(
      (u) => u.email === 'doctor@clinic.test',
    );
    if (!doctor) throw new Error('no doctor');
    const licence = { version: doctor.version, licenceNumber: 'KR-MD-20931' };
    expect((await call('coordinator', 'PATCH', `/api/users/${doctor.id}`, licence)).status).toBe(403);
    const updated = await call('admin', 'PATCH', `/api/users/${doctor.id}`, licence);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ licenceNumber: 'KR-MD-20931', version: doctor.version + 1 });
    expect((await call('admin', 'PATCH', `/api/users/${doctor.id}`, licence)).status).toBe(409);
    expect((await call('doctor', 'GET', '/api/auth/me')).body.user.licenceNumber).toBe('KR-MD-20931');

    const updates = await server.database.db
      .selectFrom('audit_events')
      .select(['entity', 'outcome', 'detail'])
      .where('action', '=', 'update')
      .where('entity', 'in', ['organisation', 'user'])
      .orderBy('seq')
      .execute();
    // (The malformed phone was refused by the route's schema, before the repository: not an audited attempt.)
    expect(updates).toEqual([
      { entity: 'organisation', outcome: 'denied', detail: 'forbidden' },
      { entity: 'organisation', outcome: 'success', detail: 'address,phone' },
      { entity: 'organisation', outcome: 'failure', detail: 'conflict' },
      { entity: 'user', outcome: 'denied', detail: 'forbidden' },
      { entity: 'user', outcome: 'success', detail: 'licenceNumber' },
      { entity: 'user', outcome: 'failure', detail: 'conflict' },
    ]);

    const report = await printed('report.pdf', 'en');
    expect(report).toContain('12 Teheran-ro, Gangnam-gu, Seoul 06234');
    expect(report).toContain('+82 2-555-0101');
    expect(report).toContain('KR-MD-20931');
    expect(await printed('report.pdf', 'ko')).toContain('KR-MD-20931');
    expect(await printed('aftercare.pdf', 'en')).toContain('+82 2-555-0101');
  });

  it('renders PDFs in a worker thread: /api/health answers within milliseconds during a render', async () => {
    const pool = server.renderer;
    if (!(pool instanceof RenderPool)) throw new Error('startServer renders with a RenderPool by default');
    let done = false;
    const t0 = performance.now();
    const print = printPdf('report.pdf', 'en').then((r) => {
      done = true;
      return r;
    });
    let renderSeen = false;
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      const health = await server.app.inject({ method: 'GET', url: '/api/health' });
      latencies.push(performance.now() - t);
      expect(health.statusCode).toBe(200);
      if (pool.busy > 0) renderSeen = true;
      await new Promise((r) => setTimeout(r, 5));
    }
    const total = performance.now() - t0;
    expect((await print).statusCode).toBe(200);
    expect(renderSeen).toBe(true);
    // ~0.3 s of rendering, health checks answered all along, none waiting behind the render.
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(Math.max(30, total / 5));
  });

  it('a renderer that dies mid-print is replaced; the request gets a 500 in the one error shape', async () => {
    const pool = server.renderer;
    if (!(pool instanceof RenderPool)) throw new Error('startServer renders with a RenderPool by default');
    const print = printPdf('report.pdf', 'en');
    while (pool.busy === 0) await new Promise((r) => setImmediate(r));
    await pool.workers[0]?.terminate();
    const failed = await print;
    expect(failed.statusCode).toBe(500);
    expect(failed.json()).toEqual({
      error: {
        code: 'internal',
        message:
          'the PDF renderer stopped while printing this document and has been restarted; print it again (the request id identifies the failure in the logs)',
        requestId: failed.headers['x-request-id'],
      },
    });
    expect(pool.replaced).toBe(1);
    expect((await printPdf('aftercare.pdf', 'ko')).statusCode).toBe(200);
  });

  it('prints the plan as edited and signed: a moved entry reaches the report; a justified zone entry prints as a warning; a record that no longer verifies is refused', async () => {
    const me = await call('doctor', 'GET', '/api/auth/me');
    const ctx = {
      actor: {
        userId: String(me.body.user.id),
        role: 'doctor' as const,
        organisationId: String(me.body.user.organisationId),
      },
      requestId: 'story-printed-plan',
      clock: new TestClock(),
    };
    const reports = new ReportService(server.repos.reports, server.store);
    const firstOf = (placements: readonly ThreadPlacement[]) => {
      const f = placements[0];
      if (!f) throw new Error('the case has no placement');
      return f;
    };
    const geometryOf = (c: CaseFile) => {
      const g = frontGeometry(c);
      if (!g) throw new Error('no front geometry');
      return g;
    };

    // 1. The clinician moved the first entry a little (no zone): the printed plan has it, not the planner's.
    let plannedFirst: ThreadPlacement | undefined;
    const one = await signVisit((planned, c) => {
      const first = firstOf(planned);
      plannedFirst = first;
      const g = geometryOf(c);
      const at = anchorPosition(g.landmarks, first.entry);
      const moved = moveEntry(first, g.landmarks, [at[0] + 9, at[1] - 6]);
      return planned.map((x) => (x.id === first.id ? moved : x));
    });
    const printed = await reports.printedPlan(ctx, one.visitId, 'consultation', 'patient-care');
    const first = firstOf(printed.plan.placements);
    expect(first.entry).not.toEqual(plannedFirst?.entry);
    expect(first.entry).toEqual(one.plan.versions[0].payload.placements[0].entry);
    expect(printed.plan.candidacy).toEqual(planCase(one.caseFile).candidacy);
    const pdf = await server.app.inject({
      method: 'GET',
      url: `/api/visits/${one.visitId}/report.pdf?lang=en&reason=patient-care`,
      headers: { cookie: sessions.doctor?.cookie ?? '' },
    });
    expect(pdf.statusCode).toBe(200);

    // 2. Moved into the infraorbital foramen with the clinician's justification: signed and printed, the
    //    finding carried as a warning with the author the server stamped (not the client's).
    let zoneId = '';
    const two = await signVisit(
      (planned, c) => {
        const f = firstOf(planned);
        const g = geometryOf(c);
        const zone = g.zones.find((z: DangerZone) => z.id === `infraorbital-foramen:${f.side}`);
        if (zone?.shape.kind !== 'circle') throw new Error('no infraorbital zone');
        zoneId = zone.id;
        const inZone = moveEntry(f, g.landmarks, toImage(g.frame, zone.shape.centre));
        return planned.map((x) => (x.id === f.id ? inZone : x));
      },
      [
        {
          zoneId: 'infraorbital-foramen:left',
          reason: 'entry placed deliberately, threads run subcutaneously',
        },
        {
          zoneId: 'infraorbital-foramen:right',
          reason: 'entry placed deliberately, threads run subcutaneously',
        },
      ],
    );
    const justified = await reports.printedPlan(ctx, two.visitId, 'aftercare', 'patient-care');
    expect(justified.plan.findings).toContainEqual(
      expect.objectContaining({
        code: 'entry-in-danger-zone',
        level: 'warning',
        zoneId,
        justification: expect.objectContaining({ by: 'doctor' }),
      }),
    );

    // 3. A signed record that no longer verifies on this server (another rule set) is not printed.
    const src = await server.repos.reports.printSource(ctx, two.visitId, 'consultation', 'patient-care');
    expect(() =>
      planToPrint({
        ...src,
        signed: { ...src.signed, payload: { ...src.signed.payload, ruleSetVersion: 'rules-0' } },
      }),
    ).toThrow(/does not verify.*rule set rules-0/);
  });

  it('every patient read and write left a verifiable audit trail; errors never leak internals', async () => {
    const v = await verifyAuditChain(server.database.db);
    expect(v.ok).toBe(true);
    const reads = await server.database.db
      .selectFrom('audit_events')
      .select('request_id')
      .where('request_id', '=', 'story-create-patient')
      .execute();
    expect(reads).toHaveLength(1);
    const nf = await call('doctor', 'GET', '/api/patients/00000000-0000-4000-8000-000000000000');
    expect(nf.body).toEqual({
      error: {
        code: 'not_found',
        message: 'patient not found',
        detail: { code: 'not_found', params: { what: 'patient' } },
        requestId: expect.any(String),
      },
    });
  });

  it('serves the OpenAPI document at /api/docs', async () => {
    const doc = await call(undefined, 'GET', '/api/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(
      doc.body.paths['/api/patients'].post.requestBody.content['application/json'].schema.properties
        .birthDate,
    ).toBeDefined();
    expect((await server.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('rate-limits login', async () => {
    const tries = [];
    for (let i = 0; i < 6; i++) {
      tries.push(
        (
          await call(undefined, 'POST', '/api/auth/login', {
            email: 'doctor@clinic.test',
            password: 'wrong password',
          })
        ).status,
      );
    }
    expect(tries).toContain(429);
    expect(tries.filter((s) => s === 401).length).toBeGreaterThan(0);
  });
});
