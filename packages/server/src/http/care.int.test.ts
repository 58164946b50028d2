import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ADULTS_ONLY,
  editPlacement,
  frontGeometry,
  PlanRecordSchema,
  type ThreadPlacement,
} from '@liftplan/domain';
import { CONSENT_TEMPLATE } from '@liftplan/report';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { verifyAuditChain } from '../db/audit.js';
import { systemContext, type RepoContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { A_SIGNATURE, signedPlan } from '../testing/consent-fixtures.js';
import { TestClock } from '../testing/fixtures.js';

/** Loose JSON answers: tests read them with narrow casts where a shape matters. */
type Json = Record<string, unknown> & {
  error?: { code: string; message: string; fields?: { path: string; message: string }[] };
};
const fieldsOf = (b: Json) => b.error?.fields ?? [];

/**
 * Stories over HTTP for the record of care: demographics as audited versions, birth dates checked, consent
 * signed before the procedure (Art. 24-2), the procedure matched to the signed plan (deviation reasons, GS1
 * scans, performer and anaesthetic), follow-up scores chosen explicitly.
 */
describe('the record of care over HTTP (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  const sessions: Record<string, { cookie: string; csrf: string; id: string }> = {};

  const call = async (who: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown) => {
    const s = sessions[who];
    const res = await server.app.inject({
      method,
      url,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
      ...(body === undefined ? {} : { payload: body as object }),
    });
    return { status: res.statusCode, body: (res.body ? JSON.parse(res.body) : {}) as Json };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-care-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, {
      detector: fixtureDetector(),
      listen: false,
      clock: new TestClock(Date.parse('2026-12-03T09:00:00Z')),
    });
    const org = await server.repos.users.createOrganisation('Care clinic', new TestClock());
    organisationId = org.id;
    const boot = systemContext(org.id, 'test', 'boot');
    for (const role of ['admin', 'doctor', 'coordinator'] as const) {
      const u = await server.repos.users.create(boot, {
        email: `${role}@care.test`,
        displayName: role === 'doctor' ? '김민지' : role,
        role,
        password: 'a long enough password',
      });
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `${role}@care.test`, password: 'a long enough password' },
      });
      const body = JSON.parse(res.body) as { csrfToken: string };
      sessions[role] = {
        cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
        csrf: body.csrfToken,
        id: u.id,
      };
    }
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let patientId = '';
  let planVersionId = '';
  let plannedPlacements: ThreadPlacement[] = [];
  const PASSWORD = 'a long enough password';
  let organisationId = '';
  const doctorCtx = (): RepoContext => ({
    actor: { userId: sessions['doctor']?.id ?? '', role: 'doctor', organisationId },
    requestId: 'care-test',
    clock: new TestClock(Date.parse('2026-12-03T09:00:00Z')),
  });
  const doctorId = () => sessions['doctor']?.id ?? '';

  it('refuses a birth date in the future or beyond 120 years, on registration and on edit', async () => {
    const base = { chartNumber: 'B-1', displayName: 'Park Ji-woo', sex: 'female' };
    const future = await call('coordinator', 'POST', '/api/patients', { ...base, birthDate: '2031-01-01' });
    expect(future.status).toBe(400);
    expect(fieldsOf(future.body)).toEqual([
      {
        path: 'birthDate',
        message: 'birth date 2031-01-01 is in the future (today is 2026-12-03): check the year',
      },
    ]);
    const old = await call('coordinator', 'POST', '/api/patients', { ...base, birthDate: '1899-12-31' });
    expect(old.status).toBe(400);
    expect(fieldsOf(old.body)[0]?.message).toMatch(/age of 126, above 120/);
    const ok = await call('coordinator', 'POST', '/api/patients', { ...base, birthDate: '1980-04-01' });
    expect(ok.status).toBe(201);
    patientId = String(ok.body['id']);
    const edit = await call('coordinator', 'PATCH', `/api/patients/${patientId}`, {
      version: 1,
      birthDate: '2030-05-05',
    });
    expect(edit.status).toBe(400);
    expect(fieldsOf(edit.body)[0]?.path).toBe('birthDate');
  });

  it("refuses a minor in the domain's own words: no consent form, so no procedure", async () => {
    const minor = await call('coordinator', 'POST', '/api/patients', {
      chartNumber: 'M-15',
      displayName: 'Minor',
      sex: 'female',
      birthDate: '2011-06-01',
    });
    expect(minor.status).toBe(201);
    // The case schema refuses a minor, so the plan cannot be signed and no consent form or procedure follows.
    await expect(
      signedPlan(server.repos, doctorCtx(), String(minor.body['id']), undefined, PASSWORD),
    ).rejects.toThrow(`cannot be signed: ${ADULTS_ONLY.en}`);
  });

  it('edits demographics and contact details as new audited versions, the original kept', async () => {
    const edited = await call('coordinator', 'PATCH', `/api/patients/${patientId}`, {
      version: 1,
      displayName: 'Park Ji-woo (박지우)',
      phone: '010-1234-5678',
      email: 'jiwoo@example.test',
      reason: 'patient corrected the spelling',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, phone: '010-1234-5678', email: 'jiwoo@example.test' });
    const badEmail = await call('coordinator', 'PATCH', `/api/patients/${patientId}`, {
      version: 2,
      email: 'not an address',
    });
    expect(badEmail.status).toBe(400);
    const stale = await call('coordinator', 'PATCH', `/api/patients/${patientId}`, {
      version: 1,
      phone: null,
    });
    expect(stale.status).toBe(409);
    // A history change alone (intake checklist) is audited but makes no demographics version.
    expect(
      (
        await call('coordinator', 'PATCH', `/api/patients/${patientId}`, {
          version: 2,
          history: { pregnant: false },
        })
      ).status,
    ).toBe(200);

    const versions = await call('doctor', 'GET', `/api/patients/${patientId}/versions`);
    expect(versions.status).toBe(200);
    const list = versions.body as unknown as {
      number: number;
      displayName: string;
      phone: string | null;
      changed: string[];
      reason: string | null;
      changedByName: string | null;
    }[];
    expect(list.map((v) => [v.number, v.displayName, v.phone, v.changed])).toEqual([
      [1, 'Park Ji-woo', null, ['created']],
      [2, 'Park Ji-woo (박지우)', '010-1234-5678', ['displayName', 'phone', 'email']],
    ]);
    expect(list[1]).toMatchObject({ reason: 'patient corrected the spelling', changedByName: 'coordinator' });

    const audit = await server.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome', 'detail'])
      .where('entity', '=', 'patient')
      .where('entity_id', '=', patientId)
      .where('action', '=', 'update')
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'update', outcome: 'failure', detail: 'bad_request' },
      { action: 'update', outcome: 'success', detail: 'displayName,phone,email' },
      { action: 'update', outcome: 'failure', detail: 'conflict' },
      { action: 'update', outcome: 'success', detail: 'history' },
    ]);
    expect(JSON.stringify(audit)).not.toContain('1234');
    await expect(
      sql`UPDATE patient_versions SET display_name = 'x' WHERE patient_id = ${patientId}`.execute(
        server.database.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it('no procedure without the signed consent of that plan version (consent_required)', async () => {
    // The doctor's edit of the left jowl row: 3-0, 90 mm, four threads (the technique's most).
    const signed = await signedPlan(
      server.repos,
      doctorCtx(),
      patientId,
      (p, caseFile) => {
        const geometry = frontGeometry(caseFile);
        if (p.id !== 'jowl:left:1' || !geometry) return p;
        return editPlacement(p, geometry, { gauge: '3-0', lengthMm: 90, count: 4 });
      },
      PASSWORD,
    );
    planVersionId = signed.planVersionId;
    plannedPlacements = signed.placements;

    expect((await call('coordinator', 'GET', `/api/plan-versions/${planVersionId}/consent`)).body).toEqual({
      planVersionId,
      status: 'missing',
    });
    const product = await call('admin', 'POST', '/api/products', {
      name: 'Cog PDO 3-0 90',
      manufacturer: 'Acme',
      threadKind: 'bidirectional-cog',
      material: 'PDO',
      gauge: '3-0',
      lengthMm: 90,
    });
    const lot = await call('admin', 'POST', `/api/products/${String(product.body['id'])}/lots`, {
      lotNumber: 'L-90',
      expiryDate: '2027-12-31',
      stock: 50,
    });
    const refused = await call('coordinator', 'POST', `/api/patients/${patientId}/procedures`, {
      planVersionId,
      performedBy: doctorId(),
      performedOn: '2026-12-03',
      anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1 % with epinephrine', doseMl: 6 },
      threads: [
        { placementId: 'jowl:left:1', region: 'jowl', side: 'left', lotId: lot.body['id'], count: 4 },
      ],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'consent_required',
      fields: [{ path: 'planVersionId', message: 'no signed consent for this plan version' }],
    });
  });

  let consentId = '';
  it('the patient reads the form (five elements) and signs on the tablet; every photo scope is answered', async () => {
    const doctors = await call('coordinator', 'GET', '/api/doctors');
    expect(doctors.body).toEqual([{ id: doctorId(), displayName: '김민지', licenceNumber: null }]);
    const form = await call(
      'coordinator',
      'GET',
      `/api/plan-versions/${planVersionId}/consent-form?lang=ko&performers=${doctorId()}`,
    );
    expect(form.status).toBe(200);
    const doc = form.body['document'] as {
      title: string;
      sections: { id: string; items: string[] }[];
      photo: { scopes: { id: string }[] };
    };
    expect(doc.title).toBe('실리프팅 시술 동의서');
    expect(doc.sections.map((s) => s.id)).toEqual(['diagnosis', 'method', 'doctors', 'sideEffects', 'care']);
    expect(doc.sections.every((s) => s.items.length > 0)).toBe(true);
    expect(doc.sections.find((s) => s.id === 'doctors')?.items.join(' ')).toContain('김민지');
    expect(doc.sections.find((s) => s.id === 'method')?.items.join(' ')).toContain('3-0, 90 mm × 4');
    const sha = String(form.body['documentSha256']);

    const sign = (over: Record<string, unknown>) =>
      call('coordinator', 'POST', `/api/plan-versions/${planVersionId}/consents`, {
        locale: 'ko',
        templateVersion: CONSENT_TEMPLATE.version,
        documentSha256: sha,
        performingDoctorIds: [doctorId()],
        procedureAgreed: true,
        photoScopes: { record: true, marketing: false, research: false },
        signerName: '박지우',
        signaturePath: A_SIGNATURE,
        ...over,
      });
    const unanswered = await sign({ photoScopes: { record: true } });
    expect(unanswered.status).toBe(400);
    expect(fieldsOf(unanswered.body).map((f) => f.path)).toEqual([
      'photoScopes.marketing',
      'photoScopes.research',
    ]);
    expect((await sign({ signaturePath: '' })).status).toBe(400);
    expect((await sign({ signaturePath: 'M 1 1 L 2 2 Z <script>' })).status).toBe(400);
    expect((await sign({ procedureAgreed: false })).status).toBe(400);
    const otherText = await sign({ documentSha256: '0'.repeat(64) });
    expect(otherText.status).toBe(409);
    expect(fieldsOf(otherText.body)[0]?.path).toBe('documentSha256');
    const notDoctor = await sign({ performingDoctorIds: [sessions['coordinator']?.id] });
    expect(notDoctor.status).toBe(400);
    expect((await call('admin', 'POST', `/api/plan-versions/${planVersionId}/consents`, {})).status).toBe(
      400,
    );

    const ok = await sign({});
    expect(ok.status).toBe(201);
    consentId = String(ok.body['id']);
    expect(ok.body).toMatchObject({ photoScopes: { record: true, marketing: false, research: false } });
    const status = await call('doctor', 'GET', `/api/plan-versions/${planVersionId}/consent`);
    expect(status.body).toMatchObject({
      status: 'signed',
      consentId,
      templateVersion: CONSENT_TEMPLATE.version,
    });
    await expect(
      sql`UPDATE consents SET photo_marketing = 1 WHERE id = ${consentId}`.execute(server.database.db),
    ).rejects.toThrow(/append-only/);
  });

  it('prints the signed copy as PDF (Korean, scopes agreed or refused, the signature), with a chosen reason', async () => {
    const download = (reason: string) =>
      server.app.inject({
        method: 'GET',
        url: `/api/consents/${consentId}/consent.pdf${reason === '' ? '' : `?reason=${reason}`}`,
        headers: { cookie: sessions['coordinator']?.cookie ?? '' },
      });
    const noReason = await download('');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({
      error: { code: 'bad_request', fields: [{ path: 'querystring.reason' }] },
    });
    const res = await download('patient-care');
    expect(res.statusCode).toBe(200);
    const consent = await server.database.db
      .selectFrom('consents')
      .select('patient_id')
      .where('id', '=', consentId)
      .executeTakeFirstOrThrow();
    const logged = await server.database.db
      .selectFrom('audit_events')
      .select(['entity', 'detail'])
      .where('action', '=', 'print')
      .where('entity_id', 'in', [consentId, consent.patient_id])
      .orderBy('seq')
      .execute();
    expect(logged).toEqual([
      { entity: 'patient', detail: 'consent:patient-care' },
      { entity: 'consent', detail: 'patient-care' },
    ]);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = path.join(dir, 'consent.pdf');
    writeFileSync(file, res.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('실리프팅 시술 동의서');
    expect(text).toContain('동의하지 않음');
    expect(text).toContain('박지우');
    expect(text).toContain('2026-12-03 18:00 (Asia/Seoul)');
  });

  it('the sign checklist: consent complete on the consented version, asked again on a new version', async () => {
    const row = await server.database.db
      .selectFrom('plan_versions')
      .select('plan_id')
      .where('id', '=', planVersionId)
      .executeTakeFirstOrThrow();
    const consentItem = async () => {
      const res = await call('doctor', 'GET', `/api/plans/${row.plan_id}/checklist`);
      expect(res.status).toBe(200);
      return (res.body['items'] as { id: string }[]).find((i) => i.id === 'consent');
    };
    expect(await consentItem()).toEqual({ id: 'consent', state: 'complete', reasons: [] });
    const plan = await server.repos.plans.get(doctorCtx(), row.plan_id);
    const record = PlanRecordSchema.parse(plan.versions.find((v) => v.id === planVersionId)?.payload);
    type Draft = Parameters<typeof server.repos.plans.saveDraft>[2];
    await server.repos.plans.saveDraft(doctorCtx(), row.plan_id, {
      version: plan.version,
      visitId: record.sources.visitId,
      photos: record.sources.photos,
      intake: record.intake,
      placements: JSON.parse(JSON.stringify(record.placements)) as Draft['placements'],
    });
    expect(await consentItem()).toMatchObject({
      state: 'after-signing',
      reasons: [{ code: 'consent-again', params: { signedVersion: 1 } }],
    });
  });

  it('a thread unlike its planned row needs a deviation reason: each mismatch listed', async () => {
    const product = await call('admin', 'POST', '/api/products', {
      name: 'Cog PDO 1-0 60',
      manufacturer: 'Acme',
      threadKind: 'bidirectional-cog',
      material: 'PDO',
      gauge: '1-0',
      lengthMm: 60,
    });
    const lot = await call('admin', 'POST', `/api/products/${String(product.body['id'])}/lots`, {
      lotNumber: 'L-10',
      expiryDate: '2027-06-30',
      stock: 20,
    });
    // The right jowl row as planned, entered by scanning the GS1 barcode of a box of its product.
    const right = (await call('coordinator', 'GET', `/api/plan-versions/${planVersionId}/consent-form`))
      .status;
    expect(right).toBe(200);
    const plannedRight = plannedPlacements.find((p) => p.id === 'jowl:right:1');
    if (!plannedRight) throw new Error('no right jowl row');
    const rightProduct = await call('admin', 'POST', '/api/products', {
      name: 'Planned right',
      manufacturer: 'Acme',
      threadKind: plannedRight.kind,
      material: plannedRight.material,
      gauge: plannedRight.gauge,
      lengthMm: plannedRight.lengthMm,
    });
    await call('admin', 'POST', `/api/products/${String(rightProduct.body['id'])}/lots`, {
      lotNumber: 'R-77',
      expiryDate: '2027-12-31',
      stock: 20,
    });
    const body = (
      over: Record<string, unknown> = {},
      left: Record<string, unknown> = {},
      rightOver: Record<string, unknown> = {},
    ) => ({
      planVersionId,
      performedBy: doctorId(),
      performedOn: '2026-12-03',
      anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1 % with epinephrine', doseMl: 6 },
      threads: [
        {
          placementId: 'jowl:left:1',
          region: 'jowl',
          side: 'left',
          lotId: lot.body['id'],
          count: 3,
          ...left,
        },
        {
          placementId: 'jowl:right:1',
          region: 'jowl',
          side: 'right',
          barcode: '(01)09506000134352(17)271231(10)R-77',
          count: plannedRight.count,
          ...rightOver,
        },
      ],
      ...over,
    });
    const record = (b: unknown) => call('coordinator', 'POST', `/api/patients/${patientId}/procedures`, b);

    const mismatch = await record(body());
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error?.code).toBe('deviation_unexplained');
    expect(fieldsOf(mismatch.body)).toEqual([
      { path: 'threads[0].deviations', message: 'jowl:left:1: gauge 1-0 recorded, 3-0 planned' },
      { path: 'threads[0].deviations', message: 'jowl:left:1: length 60 mm recorded, 90 mm planned' },
      { path: 'threads[0].deviations', message: 'jowl:left:1: count 3 recorded, 4 planned' },
    ]);

    const badScan = await record(body({}, { deviations: 'x' }, { barcode: '(01)09506000134353(10)R-77' }));
    expect(badScan.status).toBe(400);
    expect(fieldsOf(badScan.body)).toEqual([
      {
        path: 'threads[1].barcode',
        message: expect.stringMatching(/GTIN 09506000134353 has a wrong check digit/),
      },
    ]);
    const wrongExpiry = await record(
      body({}, { deviations: 'x' }, { barcode: '(01)09506000134352(17)280101(10)R-77' }),
    );
    expect(fieldsOf(wrongExpiry.body)[0]?.message).toMatch(
      /box says lot R-77 expires on 2028-01-01, the catalogue says 2027-12-31/,
    );
    const unknownLot = await record(body({}, { deviations: 'x' }, { barcode: '(10)NOPE(17)271231' }));
    expect(fieldsOf(unknownLot.body)[0]?.message).toMatch(/lot NOPE is not in the catalogue/);

    const noAgent = await record(body({ anaesthesia: { kind: 'nerve-block' } }));
    expect(noAgent.status).toBe(400);
    expect(fieldsOf(noAgent.body).map((f) => f.path)).toEqual(['anaesthesia.agent', 'anaesthesia.doseMl']);
    const coordinatorPerformed = await record(
      body({ performedBy: sessions['coordinator']?.id }, { deviations: 'x' }),
    );
    expect(fieldsOf(coordinatorPerformed.body)).toEqual([
      { path: 'performedBy', message: 'not an active doctor of this clinic' },
    ]);
    const leftOut = await record(body({ threads: body().threads.slice(1) }));
    expect(fieldsOf(leftOut.body)).toEqual([
      { path: 'notPlaced[jowl:left:1]', message: 'jowl:left:1: planned but no thread recorded' },
    ]);

    const ok = await record(body({}, { deviations: '3-0 90 mm out of stock; 1-0 60 mm, three threads' }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      performedBy: doctorId(),
      performedByName: '김민지',
      recordedBy: sessions['coordinator']?.id,
      anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1 % with epinephrine', doseMl: 6 },
    });
    const threads = ok.body['threads'] as {
      placementId: string;
      lotNumber: string;
      gtin: string | null;
      deviations: string | null;
    }[];
    expect(threads.map((t) => [t.placementId, t.lotNumber, t.gtin])).toEqual([
      ['jowl:left:1', 'L-10', null],
      ['jowl:right:1', 'R-77', '09506000134352'],
    ]);
  });

  it('a follow-up score is never defaulted: saving without the scores says which are missing', async () => {
    const f = await call('coordinator', 'POST', `/api/patients/${patientId}/follow-ups`, {
      dueDate: '2026-12-10',
    });
    const none = await call('doctor', 'POST', `/api/follow-ups/${String(f.body['id'])}/score`, {
      version: 1,
    });
    expect(none.status).toBe(400);
    expect(fieldsOf(none.body).map((f) => f.path)).toEqual(['gaisClinician', 'gaisPatient', 'satisfaction']);
    expect(fieldsOf(none.body)[0]?.message).toMatch(/not filled in for you/);
    const explicit = await call('doctor', 'POST', `/api/follow-ups/${String(f.body['id'])}/score`, {
      version: 1,
      gaisClinician: 2,
      gaisPatient: null,
      satisfaction: 4,
    });
    expect(explicit.status).toBe(200);
    expect(explicit.body).toMatchObject({ gaisClinician: 2, gaisPatient: null, satisfaction: 4 });
    expect((await verifyAuditChain(server.database.db)).ok).toBe(true);
  });
});
