/**
 * Clinics as tenants (issue 14 §1), on both databases: clinic A has a full record (patient, visit, photo,
 * analysis, assessment, signed plan, consent, procedure with lots, follow-up, complication, users); a user of
 * clinic B tries every route of the app (enumerated from the app itself, so a new route is tried too) and
 * every repository function with A's ids, and gets 403/404 and none of A's data, and A's rows are unchanged.
 * On PostgreSQL the database itself refuses: the app role sees nothing with no clinic set, nothing of A with
 * B set, cannot write A rows, and cannot switch the policies off.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { syntheticFace, SYNTHETIC_IMAGE } from '@liftplan/domain';
import { CONSENT_TEMPLATE } from '@liftplan/report';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig, type Config } from '../config.js';
import type { RepoContext } from '../db/context.js';
import { CLINIC_TABLES } from '../db/migrations/0013-tenancy.js';
import type { OperatorContext } from '../db/repos/clinics.js';
import type { Repositories } from '../db/repositories.js';
import { checkTenancy, withClinic } from '../db/tenancy.js';
import type { DB, Role } from '../db/types.js';
import { AppError, notFound } from '../errors.js';
import { routesOf } from '../http/route-list.js';
import { startServer, type RunningServer } from '../server.js';
import { mainThreadRenderer } from '../services/reports.js';
import { A_SIGNATURE, signConsent, signedPlan } from '../testing/consent-fixtures.js';
import { postgresAvailable, TEST_PG_URL } from '../testing/databases.js';
import { TestClock } from '../testing/fixtures.js';

const PASSWORD = 'correct horse battery staple';
/** A's patient's name and chart number: neither may appear in anything B is answered. */
const A_NAME = 'Alpha Secretname';
const A_CHART = 'A-SECRET-1';

interface AuditLike {
  readonly actor: string;
  readonly outcome: string;
}

interface ClinicUsers {
  readonly id: string;
  readonly as: (role: Role) => RepoContext;
  readonly userIds: Record<Role, string>;
}

/** A's ids by kind: what a route parameter or repository argument of that kind is filled with. */
interface AIds {
  organisation: string;
  patient: string;
  visit: string;
  photo: string;
  analysis: string;
  job: string;
  assessment: string;
  plan: string;
  planVersion: string;
  consent: string;
  product: string;
  lot: string;
  procedure: string;
  followUp: string;
  complication: string;
  user: string;
}

/** The path segment before a parameter (or the parameter's own name) -> the kind of A id it takes. */
const PARAM_KINDS: Readonly<Record<string, keyof AIds>> = {
  patients: 'patient',
  assessments: 'assessment',
  visits: 'visit',
  visitId: 'visit',
  patientId: 'patient',
  photos: 'photo',
  analyses: 'analysis',
  jobs: 'job',
  plans: 'plan',
  'plan-versions': 'planVersion',
  consents: 'consent',
  products: 'product',
  lots: 'lot',
  procedures: 'procedure',
  'follow-ups': 'followUp',
  complications: 'complication',
  users: 'user',
  clinics: 'organisation',
};
/** Parameters that are not record ids. */
const PLAIN_PARAMS: Readonly<Record<string, string>> = { month: '2025-03' };

/**
 * Routes not tried with B's session, each with its reason. Everything else under /api/ is tried.
 * (Non-API routes serve the web app and its assets.)
 */
const NOT_TRIED: Readonly<Record<string, string>> = {
  'POST /api/auth/login': 'public; takes no clinic ids (the sign-in of a disabled clinic is tested below)',
  'POST /api/auth/logout': "ends B's own session (would end the sweep)",
  'POST /api/system/login': 'public; the operator sign-in is tested below',
  'POST /api/system/logout': 'an operator route (a clinic session gets 401, tested below)',
};

/** Query strings that routes need before they look anything up, filled with A's ids where they take one. */
const QUERIES: Readonly<Record<string, (ids: AIds) => string>> = {
  '/api/patients/:id/compare': (i) => `baseline=${i.photo}&followUp=${i.photo}`,
  '/api/patients/:patientId/fhir': (i) => `reason=clinic-backup&visitId=${i.visit}`,
  '/api/exports/research.csv': () => 'reason=research',
  '/api/visits/:visitId/report.pdf': () => 'lang=en&reason=patient-care',
  '/api/visits/:visitId/aftercare.pdf': () => 'lang=en&reason=patient-care',
  '/api/consents/:id/consent.pdf': () => 'reason=patient-care',
  '/api/patients/:patientId/record-copy.pdf': () => 'lang=en',
  '/api/plan-versions/:id/consent-form': (i) => `lang=ko&performers=${i.user}`,
};

function fill(url: string, ids: AIds): string {
  const parts = url.split('/');
  return parts
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      const name = seg.slice(1);
      const plain = PLAIN_PARAMS[name];
      if (plain !== undefined) return plain;
      const kind = PARAM_KINDS[name] ?? PARAM_KINDS[parts[i - 1] ?? ''];
      if (kind === undefined) {
        throw new Error(`route ${url}: no A id for parameter ${name}; add it to PARAM_KINDS`);
      }
      return ids[kind];
    })
    .join('/');
}

/** A's rows in every clinic-scoped table, read as the owner: equal before and after B's attempts. */
async function snapshotOfA(owner: Kysely<DB>, a: string): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const t of CLINIC_TABLES) {
    const r = await sql<
      Record<string, unknown>
    >`SELECT * FROM ${sql.table(t)} WHERE organisation_id = ${a}`.execute(owner);
    out[t] = r.rows.map((row) => JSON.stringify(row)).sort();
  }
  const org = await sql<Record<string, unknown>>`SELECT * FROM organisations WHERE id = ${a}`.execute(owner);
  out['organisations'] = org.rows.map((row) => JSON.stringify(row));
  return JSON.stringify(out);
}

async function pgSchema(): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return {
    schema,
    drop: async () => {
      const d = new pg.Client({ connectionString: TEST_PG_URL });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required in CI (127.0.0.1:5432, database test)');
const KINDS = pgUp ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

describe.each(KINDS)('clinics are isolated (%s)', (kind) => {
  let dir: string;
  let server: RunningServer;
  let repos: Repositories;
  let dropSchema: (() => Promise<void>) | undefined;
  const clock = new TestClock(Date.parse('2025-03-01T09:00:00Z'));
  const cli: OperatorContext = { actor: 'system:test', requestId: 'test', clock };
  let A: ClinicUsers;
  let B: ClinicUsers;
  const ids = {} as AIds;
  let bPatient = '';
  /** Every A id and marker: none may appear in an answer to B. */
  let aMarkers: string[] = [];

  async function makeClinic(name: string): Promise<ClinicUsers> {
    const tag = name.toLowerCase().replace(/[^a-z]/g, '');
    const { clinic, admin } = await repos.clinics.create(cli, {
      name,
      timeZone: 'Asia/Seoul',
      admin: { email: `admin@${tag}.test`, displayName: `${name} admin`, password: PASSWORD },
    });
    const userIds = { admin: admin.id } as Record<Role, string>;
    const as = (role: Role): RepoContext => ({
      actor: { userId: userIds[role], role, organisationId: clinic.id },
      requestId: `req-${tag}-${role}`,
      clock,
    });
    for (const role of ['doctor', 'coordinator'] as const) {
      const u = await repos.users.create(as('admin'), {
        email: `${role}@${tag}.test`,
        displayName: `${name} ${role}`,
        role,
        password: PASSWORD,
      });
      userIds[role] = u.id;
    }
    return { id: clinic.id, as, userIds };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-tenancy-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    let config: Config = r.config;
    if (kind === 'postgres') {
      const s = await pgSchema();
      dropSchema = s.drop;
      // A schema of its own (the connection's search path), like the other PostgreSQL suites.
      const target = { kind: 'postgres' as const, url: TEST_PG_URL, schema: s.schema };
      config = { ...config, database: target };
    }
    server = await startServer(config, {
      detector: fixtureDetector(),
      listen: false,
      clock,
      renderer: mainThreadRenderer,
    });
    // Job workers keep running: PDF downloads are render jobs, printed as the user who asked. The fixtures
    // below write through the repositories, which queue no analysis.
    repos = server.repos;
    A = await makeClinic('Clinic Alpha');
    B = await makeClinic('Clinic Beta');

    // Clinic A's record, built through the repositories as its staff would.
    const coordA = A.as('coordinator');
    const doctorA = A.as('doctor');
    const adminA = A.as('admin');
    const patient = await repos.patients.create(coordA, {
      chartNumber: A_CHART,
      displayName: A_NAME,
      birthDate: '1978-05-02',
      sex: 'female',
      history: { pregnant: false },
    });
    ids.organisation = A.id;
    ids.patient = patient.id;
    ids.user = A.userIds.doctor;
    const { planVersionId } = await signedPlan(repos, doctorA, patient.id, (p) => p, PASSWORD);
    ids.planVersion = planVersionId;
    const [visit] = await repos.visits.listForPatient(doctorA, patient.id);
    const [photo] = await repos.photos.listForPatient(doctorA, patient.id);
    const [plan] = await repos.plans.listForPatient(doctorA, patient.id);
    const [assessment] = await repos.assessments.listForPatient(doctorA, patient.id);
    if (!visit || !photo?.analysisId || !photo.jobId || !plan || !assessment) {
      throw new Error('A fixture missing');
    }
    Object.assign(ids, {
      visit: visit.id,
      photo: photo.id,
      analysis: photo.analysisId,
      job: photo.jobId,
      plan: plan.id,
      assessment: assessment.id,
    });
    ids.consent = (await signConsent(repos, coordA, planVersionId, A.userIds.doctor)).id;
    const product = await repos.catalogue.createProduct(adminA, {
      name: 'Alpha cog',
      manufacturer: 'Acme',
      threadKind: 'bidirectional-cog',
      material: 'PDO',
      gauge: '0',
      lengthMm: 60,
    });
    const lot = await repos.catalogue.addLot(adminA, product.id, {
      lotNumber: 'ALPHA-LOT',
      expiryDate: '2026-12-31',
      stock: 10,
    });
    ids.product = product.id;
    ids.lot = lot.id;
    const procedure = await repos.procedures.record(coordA, patient.id, {
      planVersionId,
      performedBy: A.userIds.doctor,
      performedOn: '2025-03-01',
      anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1% with epinephrine', doseMl: 4 },
      threads: (['left', 'right'] as const).map((side) => ({
        placementId: `jowl:${side}:1`,
        region: 'jowl' as const,
        side,
        lotId: lot.id,
        count: 1,
        deviations: 'count adjusted to the tissue on the day',
      })),
    });
    ids.procedure = procedure.id;
    const followUp = await repos.followUps.book(coordA, patient.id, {
      procedureId: procedure.id,
      dueDate: '2025-03-08',
    });
    ids.followUp = followUp.id;
    ids.complication = (
      await repos.followUps.addComplication(doctorA, patient.id, {
        kind: 'bruising',
        severity: 'mild',
        onsetDate: '2025-03-02',
      })
    ).id;
    aMarkers = [...Object.values(ids), A_NAME, A_CHART, 'ALPHA-LOT', 'Alpha cog'];
    // B has a patient of its own, so its lists are not empty by accident.
    bPatient = (
      await repos.patients.create(B.as('coordinator'), {
        chartNumber: 'B-1',
        displayName: 'Beta Patient',
        birthDate: '1980-01-01',
        sex: 'female',
        history: { pregnant: false },
      })
    ).id;
  });
  afterAll(async () => {
    await server.close();
    await dropSchema?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const leaks = (body: string): string[] => aMarkers.filter((m) => body.includes(m));
  /**
   * The audit events that must hold nothing of A: B's successful ones. B's refused attempts name the A ids it
   * tried (that is their point), and system events (jobs, CLI) are one log for every clinic until the
   * per-clinic audit chain (issue 14 §1, the audit work) scopes them.
   */
  const ownEvents = (events: readonly AuditLike[]): AuditLike[] =>
    events.filter((e) => !e.actor.startsWith('system:') && e.outcome === 'success');

  async function login(email: string): Promise<{ cookie: string; csrf: string }> {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    return {
      cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
      csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken,
    };
  }

  it('every table with a clinic is policed, and the start-up check names one that is not', async () => {
    const check = await checkTenancy(server.database.db);
    expect(check).toEqual({ ok: true, problems: [] });
    if (kind !== 'postgres') return;
    // Run as a role that cannot bypass the policies, the cross-clinic checks would see nothing: refused.
    const asApp = await checkTenancy(server.database.app);
    expect(asApp.problems.join('\n')).toMatch(/DATABASE_URL role must bypass row-level security/);
    await sql`CREATE TABLE unpoliced (id text PRIMARY KEY, organisation_id text)`.execute(server.database.db);
    try {
      const bad = await checkTenancy(server.database.db);
      expect(bad.ok).toBe(false);
      expect(bad.problems.join('\n')).toMatch(/table unpoliced carries a clinic/);
    } finally {
      await sql`DROP TABLE unpoliced`.execute(server.database.db);
    }
  });

  it("B's users get 403/404 and none of A's data on every route tried with A's ids; A is unchanged", async () => {
    const routes = routesOf(server.app).filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'),
    );
    // The enumeration is the app's own: it holds the clinic routes and the system routes.
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.some((r) => r.url === '/api/system/clinics')).toBe(true);
    const before = await snapshotOfA(server.database.db, A.id);
    const tried: string[] = [];
    const failures: string[] = [];
    for (const role of ['doctor', 'admin', 'coordinator'] as const) {
      const s = await login(`${role}@clinicbeta.test`);
      for (const r of routes) {
        const key = `${r.method} ${r.url}`;
        if (key in NOT_TRIED) continue;
        const query = QUERIES[r.url]?.(ids);
        const url = fill(r.url, ids) + (query === undefined ? '' : `?${query}`);
        const write = !['GET', 'HEAD'].includes(r.method);
        const res = await server.app.inject({
          method: r.method as 'GET',
          url,
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          ...(write ? { payload: {} } : {}),
        });
        tried.push(key);
        let body = res.body;
        if (r.url === '/api/audit' && r.method === 'GET' && res.statusCode === 200) {
          body = JSON.stringify(ownEvents(JSON.parse(body) as AuditLike[]));
        }
        // An error may repeat the id B sent; anything else of A is a leak.
        const leaked = leaks(body).filter((m) => !url.includes(m));
        if (leaked.length > 0) {
          failures.push(`${role} ${key} -> ${res.statusCode} leaked ${leaked.join(', ')}`);
        }
        const hasId = r.url.split('/').some((seg) => seg.startsWith(':') && !(seg.slice(1) in PLAIN_PARAMS));
        if (r.url.startsWith('/api/system/')) {
          // A clinic session is no operator session.
          if (res.statusCode !== 401) failures.push(`${role} ${key} -> ${res.statusCode}, expected 401`);
        } else if (hasId) {
          // 400 only where a body or query was needed first (nothing was read); never 2xx, 409 or 5xx.
          const allowed = write || res.statusCode !== 400 ? [400, 403, 404] : [403, 404];
          if (!allowed.includes(res.statusCode)) failures.push(`${role} ${key} -> ${res.statusCode}`);
        } else if (res.statusCode >= 500) {
          failures.push(`${role} ${key} -> ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(new Set(tried).size).toBe(routes.length - Object.keys(NOT_TRIED).length);
    expect(await snapshotOfA(server.database.db, A.id)).toBe(before);
  });

  it("every repository function, called in B's context with A's ids, fails; A is unchanged", async () => {
    const before = await snapshotOfA(server.database.db, A.id);
    const bDoctor = B.as('doctor');
    const bAdmin = B.as('admin');
    const bCoord = B.as('coordinator');
    const bSystem: RepoContext = {
      actor: { userId: 'system:test', role: 'admin', organisationId: B.id },
      requestId: 'b',
      clock,
    };
    const landmarks = syntheticFace();
    // Each repository function with A's ids and an input that is valid in itself: only the clinic is wrong.
    const calls: Record<string, () => Promise<unknown>> = {
      'patients.get': () => repos.patients.get(bDoctor, ids.patient),
      'patients.update': () => repos.patients.update(bCoord, ids.patient, { version: 1, notes: 'x' }),
      'patients.versions': () => repos.patients.versions(bDoctor, ids.patient),
      'visits.create': () =>
        repos.visits.create(bCoord, ids.patient, { kind: 'follow-up', date: '2025-03-05' }),
      'visits.listForPatient': () => repos.visits.listForPatient(bDoctor, ids.patient),
      'photos.checkUploadTarget': () => repos.photos.checkUploadTarget(bCoord, ids.patient, ids.visit),
      'photos.recordUpload': () =>
        repos.photos.recordUpload(bCoord, {
          patientId: ids.patient,
          visitId: ids.visit,
          view: 'front',
          sha256: 'b'.repeat(64),
          size: 10,
          contentType: 'image/png',
          originalName: 'x.png',
        }),
      'photos.get': () => repos.photos.get(bDoctor, ids.photo),
      'photos.getFile': () => repos.photos.getFile(bDoctor, ids.photo),
      'photos.listForPatient': () => repos.photos.listForPatient(bDoctor, ids.patient),
      'jobs.get': () => repos.jobs.get(bDoctor, ids.job),
      'jobs.succeed': () =>
        repos.jobs.succeed(bSystem, ids.job, {
          detector: landmarks.detector,
          landmarks,
          passed: true,
          measurements: null,
          image: { ...SYNTHETIC_IMAGE },
        }),
      'jobs.fail': () => repos.jobs.fail(bSystem, ids.job, 'internal', 'x'),
      // Beginning a job of another clinic finds none (undefined): answered as not found here.
      'jobs.begin': async () => {
        const r = await repos.jobs.begin(bSystem, ids.job);
        if (r === undefined) throw notFound('job');
        return r;
      },
      'jobs.chooseFace': () => repos.jobs.chooseFace(bDoctor, ids.photo, 1),
      'analyses.get': () => repos.analyses.get(bDoctor, ids.analysis),
      'analyses.forPhoto': () => repos.analyses.forPhoto(bDoctor, ids.photo),
      'analyses.correct': () => repos.analyses.correct(bDoctor, ids.analysis, { baseNumber: 1, landmarks }),
      'assessments.create': () =>
        repos.assessments.create(bDoctor, ids.patient, {
          visitId: ids.visit,
          assessment: {
            grades: { brow: 0, midface: 0, nasolabial: 0, jowl: 3, marionette: 0, neck: 0 },
            skinThickness: 'normal',
            elasticity: 'fair',
            fat: 'balanced',
            glogau: 'II',
            fitzpatrick: 'III',
          },
        }),
      'assessments.listForPatient': () => repos.assessments.listForPatient(bDoctor, ids.patient),
      'assessments.correct': async () => {
        const [mine] = await repos.assessments.listForPatient(A.as('doctor'), ids.patient);
        if (!mine) throw new Error('A fixture missing');
        return repos.assessments.correct(bDoctor, ids.assessment, {
          version: mine.version,
          assessment: mine.assessment,
          reason: 'typo in the record',
        });
      },
      'plans.create': () =>
        repos.plans.create(bDoctor, ids.patient, {
          visitId: ids.visit,
          photos: [{ photoId: ids.photo, analysisId: ids.analysis, landmarkVersion: 1 }],
          intake: { concerns: [], expectations: 'realistic' },
          placements: [],
        }),
      'plans.get': () => repos.plans.get(bDoctor, ids.plan),
      'plans.listForPatient': () => repos.plans.listForPatient(bDoctor, ids.patient),
      'plans.saveDraft': () =>
        repos.plans.saveDraft(bDoctor, ids.plan, {
          version: 1,
          visitId: ids.visit,
          photos: [{ photoId: ids.photo, analysisId: ids.analysis, landmarkVersion: 1 }],
          intake: { concerns: [], expectations: 'realistic' },
          placements: [],
        }),
      'plans.checklist': () => repos.plans.checklist(bDoctor, ids.plan),
      'plans.sign': () => repos.plans.sign(bDoctor, ids.plan, { version: 1, password: PASSWORD }),
      'catalogue.addLot': () =>
        repos.catalogue.addLot(bAdmin, ids.product, {
          lotNumber: 'B-LOT',
          expiryDate: '2026-12-31',
          stock: 1,
        }),
      'catalogue.getLot': () => repos.catalogue.getLot(bAdmin, ids.lot),
      'catalogue.listLots': () => repos.catalogue.listLots(bAdmin, ids.product),
      'procedures.record': () =>
        repos.procedures.record(bCoord, ids.patient, {
          planVersionId: ids.planVersion,
          performedBy: B.userIds.doctor,
          performedOn: '2025-03-01',
          anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine', doseMl: 4 },
          threads: [
            {
              placementId: 'jowl:left:1',
              region: 'jowl',
              side: 'left',
              lotId: ids.lot,
              count: 1,
              deviations: 'x',
            },
          ],
        }),
      'procedures.get': () => repos.procedures.get(bDoctor, ids.procedure),
      'procedures.listForPatient': () => repos.procedures.listForPatient(bDoctor, ids.patient),
      'procedures.addEvents': () =>
        repos.procedures.addEvents(bDoctor, ids.procedure, {
          version: 1,
          events: [{ at: '10:00', kind: 'pain', note: null }],
        }),
      'procedures.recallByLot': () => repos.procedures.recallByLot(bAdmin, ids.lot),
      'consents.preview': () => repos.consents.preview(bCoord, ids.planVersion, 'ko', [B.userIds.doctor]),
      'consents.sign': () =>
        repos.consents.sign(bCoord, ids.planVersion, {
          locale: 'ko',
          templateVersion: CONSENT_TEMPLATE.version,
          documentSha256: 'c'.repeat(64),
          performingDoctorIds: [B.userIds.doctor],
          procedureAgreed: true,
          photoScopes: { record: true, marketing: false, research: false },
          signerName: 'x',
          signaturePath: A_SIGNATURE,
        }),
      'consents.status': () => repos.consents.status(bCoord, ids.planVersion),
      'consents.get': () => repos.consents.get(bDoctor, ids.consent),
      'consents.printCopy': () => repos.consents.printCopy(bDoctor, ids.consent, 'patient-care'),
      'assessments.versions': () => repos.assessments.versions(bDoctor, ids.assessment),
      'procedures.versions': () => repos.procedures.versions(bDoctor, ids.procedure),
      'followUps.versions': () => repos.followUps.versions(bDoctor, ids.followUp),
      'procedures.correct': () =>
        repos.procedures.correct(bDoctor, ids.procedure, {
          version: 1,
          notes: 'x',
          reason: 'typo in the record',
        }),
      'consents.listForPatient': () => repos.consents.listForPatient(bDoctor, ids.patient),
      'followUps.book': () => repos.followUps.book(bCoord, ids.patient, { dueDate: '2025-04-01' }),
      'followUps.score': () =>
        repos.followUps.score(bDoctor, ids.followUp, {
          version: 1,
          gaisClinician: 1,
          gaisPatient: 1,
          satisfaction: 4,
        }),
      'followUps.listForPatient': () => repos.followUps.listForPatient(bDoctor, ids.patient),
      'followUps.addComplication': () =>
        repos.followUps.addComplication(bDoctor, ids.patient, {
          kind: 'bruising',
          severity: 'mild',
          onsetDate: '2025-03-02',
        }),
      'followUps.listComplications': () => repos.followUps.listComplications(bDoctor, ids.patient),
      'reports.printSource': () =>
        repos.reports.printSource(bDoctor, ids.visit, 'consultation', 'patient-care'),
      'users.update': () => repos.users.update(bAdmin, ids.user, { version: 1, displayName: 'x' }),
      'users.setDisabled': () => repos.users.setDisabled(bAdmin, ids.user, { version: 1, disabled: true }),
      'users.setPassword': () => repos.users.setPassword(bAdmin, ids.user, 'another long password'),
      'users.revokeSessions': () => repos.users.revokeSessions(bAdmin, ids.user),
    };
    // Functions that take no A id: they answer for B (checked to hold none of A's data) or act on B.
    const ownClinic: Record<string, () => Promise<unknown>> = {
      'patients.list': () => repos.patients.list(bDoctor, { q: 'Alpha' }),
      'patients.create': () =>
        repos.patients.create(bCoord, {
          // A's chart number is free in B (chart numbers are unique per clinic).
          chartNumber: 'B-2',
          displayName: 'Beta twin',
          birthDate: '1980-01-01',
          sex: 'female',
          history: {},
        }),
      'catalogue.createProduct': () =>
        repos.catalogue.createProduct(bAdmin, {
          name: 'Beta cog',
          manufacturer: 'Acme',
          threadKind: 'bidirectional-cog',
          material: 'PDO',
          gauge: '0',
          lengthMm: 60,
        }),
      'catalogue.listProducts': () => repos.catalogue.listProducts(bAdmin),
      'followUps.due': () => repos.followUps.due(bCoord, '2025-12-31'),
      'consents.doctors': () => repos.consents.doctors(bCoord),
      'users.list': () => repos.users.list(bAdmin),
      'users.create': () =>
        repos.users.create(bAdmin, {
          email: 'new@clinicbeta.test',
          displayName: 'n',
          role: 'doctor',
          password: PASSWORD,
        }),
      'organisations.get': () => repos.organisations.get(bAdmin),
      'organisations.update': () => repos.organisations.update(bAdmin, { version: 1, phone: '02-000-0000' }),
      'auditLog.list': async () => ownEvents(await repos.auditLog.list(bAdmin, { limit: 500 })),
    };
    // Not clinic data, or crossing clinics on purpose (owner side): sign-in, sessions, the job queue, the
    // content-addressed photo blobs, the super-admin's accounts. Covered by their own tests.
    const notClinicScoped = new Set([
      'users.createOrganisation',
      'users.firstOrganisation',
      'users.countUsers',
      'users.clinicDisabled',
      'users.findByEmail',
      'users.createSession',
      'users.session',
      'users.deleteSession',
      'jobs.claimNext',
      'jobs.unfinished',
      // The session cache's hit and miss counters (services/session-cache.ts).
      'users.stats',
      'users.dropAll',
      'photos.blobReferenced',
      'photos.derivativeOf',
      'photos.recordDerivative',
      'photos.knownBlobs',
      'clinics.list',
      'clinics.create',
      'clinics.setDisabled',
      'clinics.createOperator',
      'clinics.operatorByEmail',
      'clinics.createOperatorSession',
      'clinics.operatorSession',
      'clinics.deleteOperatorSession',
    ]);
    // Every function of every repository is in exactly one of the three lists: a new one cannot be missed.
    const all = Object.entries(repos).flatMap(([name, repo]) =>
      Object.keys(repo as object).map((f) => `${name}.${f}`),
    );
    const listed = [...Object.keys(calls), ...Object.keys(ownClinic), ...notClinicScoped];
    expect(all.filter((f) => !listed.includes(f))).toEqual([]);
    expect(listed.filter((f) => !all.includes(f))).toEqual([]);

    const failures: string[] = [];
    for (const [name, call] of Object.entries(calls)) {
      try {
        const r = await call();
        failures.push(`${name} answered ${JSON.stringify(r).slice(0, 80)}`);
      } catch (e) {
        const code = e instanceof AppError ? e.code : `raw ${String(e)}`;
        if (!['not_found', 'forbidden'].includes(code)) failures.push(`${name}: ${code}`);
      }
    }
    for (const [name, call] of Object.entries(ownClinic)) {
      const r = await call();
      const leaked = leaks(JSON.stringify(r));
      if (leaked.length > 0) failures.push(`${name} leaked ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshotOfA(server.database.db, A.id)).toBe(before);
  });

  it("B's own records cannot point at A's (visits, photos, analyses, procedures, follow-ups)", async () => {
    const bDoctor = B.as('doctor');
    const bCoord = B.as('coordinator');
    const bVisit = await repos.visits.create(bCoord, bPatient, { kind: 'consultation', date: '2025-03-01' });
    const bFollowUp = await repos.followUps.book(bCoord, bPatient, { dueDate: '2025-04-01' });
    const attempts: Record<string, () => Promise<unknown>> = {
      'plan from A photo': () =>
        repos.plans.create(bDoctor, bPatient, {
          visitId: bVisit.id,
          photos: [{ photoId: ids.photo, analysisId: ids.analysis, landmarkVersion: 1 }],
          intake: { concerns: [], expectations: 'realistic' },
          placements: [],
        }),
      'plan at A visit': () =>
        repos.plans.create(bDoctor, bPatient, {
          visitId: ids.visit,
          photos: [],
          intake: { concerns: [], expectations: 'realistic' },
          placements: [],
        }),
      'upload to A visit': () =>
        repos.photos.recordUpload(bCoord, {
          patientId: bPatient,
          visitId: ids.visit,
          view: 'front',
          sha256: 'd'.repeat(64),
          size: 10,
          contentType: 'image/png',
          originalName: 'x.png',
        }),
      'assessment at A visit': () =>
        repos.assessments.create(bDoctor, bPatient, {
          visitId: ids.visit,
          assessment: {
            grades: { brow: 0, midface: 0, nasolabial: 0, jowl: 3, marionette: 0, neck: 0 },
            skinThickness: 'normal',
            elasticity: 'fair',
            fat: 'balanced',
            glogau: 'II',
            fitzpatrick: 'III',
          },
        }),
      'follow-up of A procedure': () =>
        repos.followUps.book(bCoord, bPatient, { procedureId: ids.procedure, dueDate: '2025-04-02' }),
      'score at A visit': () =>
        repos.followUps.score(bDoctor, bFollowUp.id, {
          version: bFollowUp.version,
          visitId: ids.visit,
          gaisClinician: 1,
          gaisPatient: 1,
          satisfaction: 4,
        }),
      'complication of A follow-up': () =>
        repos.followUps.addComplication(bDoctor, bPatient, {
          followUpId: ids.followUp,
          kind: 'bruising',
          severity: 'mild',
          onsetDate: '2025-03-02',
        }),
    };
    const failures: string[] = [];
    for (const [name, attempt] of Object.entries(attempts)) {
      try {
        await attempt();
        failures.push(`${name} was accepted`);
      } catch (e) {
        const code = e instanceof AppError ? e.code : `raw ${String(e)}`;
        if (!['not_found', 'forbidden', 'bad_request'].includes(code)) failures.push(`${name}: ${code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a super-admin lists, creates and disables clinics, sees no patient data, and reaches no clinic route', async () => {
    await repos.clinics.createOperator(
      { email: 'root@system.test', displayName: 'Operator', password: PASSWORD },
      clock,
    );
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/system/login',
      payload: { email: 'root@system.test', password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const op = {
      cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
      csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken,
    };
    const call = (method: string, url: string, payload?: object) =>
      server.app.inject({
        method: method as 'GET',
        url,
        headers: { cookie: op.cookie, 'x-csrf-token': op.csrf },
        ...(payload ? { payload } : {}),
      });
    const list = await call('GET', '/api/system/clinics');
    expect(list.statusCode).toBe(200);
    const names = (JSON.parse(list.body) as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['Clinic Alpha', 'Clinic Beta']));
    expect(list.body).not.toContain(A_NAME);
    // An operator session opens no clinic route.
    for (const url of ['/api/patients', `/api/patients/${ids.patient}`, '/api/users', '/api/audit']) {
      expect((await call('GET', url)).statusCode).toBe(401);
    }
    // A new clinic with its first admin, who can sign in and sees none of A.
    const created = await call('POST', '/api/system/clinics', {
      name: 'Clinic Gamma',
      timeZone: 'Asia/Seoul',
      admin: { email: 'admin@gamma.test', displayName: 'Gamma admin', password: PASSWORD },
    });
    expect(created.statusCode).toBe(201);
    const gamma = JSON.parse(created.body) as { clinic: { id: string }; admin: { role: string } };
    expect(gamma.admin.role).toBe('admin');
    const g = await login('admin@gamma.test');
    const gUsers = await server.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { cookie: g.cookie },
    });
    expect(gUsers.statusCode).toBe(200);
    expect(leaks(gUsers.body)).toEqual([]);
    // A taken e-mail, a bad time zone: 4xx in the API's format, nothing created.
    const taken = await call('POST', '/api/system/clinics', {
      name: 'Dup',
      timeZone: 'Asia/Seoul',
      admin: { email: 'admin@clinicalpha.test', displayName: 'x', password: PASSWORD },
    });
    expect(taken.statusCode).toBe(409);
    const badTz = await call('POST', '/api/system/clinics', {
      name: 'Dup',
      timeZone: 'Mars/Base',
      admin: { email: 'x@x.test', displayName: 'x', password: PASSWORD },
    });
    expect(badTz.statusCode).toBe(400);
    // Disabling a clinic ends its sessions and refuses its sign-in; enabling allows it again.
    expect((await call('POST', `/api/system/clinics/${gamma.clinic.id}/disable`)).statusCode).toBe(200);
    expect(
      (await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: g.cookie } }))
        .statusCode,
    ).toBe(401);
    const refused = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@gamma.test', password: PASSWORD },
    });
    expect(refused.statusCode).toBe(401);
    expect((await call('POST', `/api/system/clinics/${gamma.clinic.id}/enable`)).statusCode).toBe(200);
    await login('admin@gamma.test');
    expect((await call('POST', `/api/system/clinics/${randomUUID()}/disable`)).statusCode).toBe(404);
    // Without the CSRF token a change is refused.
    const noCsrf = await server.app.inject({
      method: 'POST',
      url: `/api/system/clinics/${gamma.clinic.id}/disable`,
      headers: { cookie: op.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it.runIf(kind === 'postgres')(
    'through the app role: no clinic set reads nothing, B set reads and writes nothing of A, policies stay on',
    async () => {
      const app = server.database.app;
      const tables = [...CLINIC_TABLES, 'organisations'];
      const count = async (t: string, where = sql`true`): Promise<number> => {
        const r = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE ${where}`.execute(app);
        return r.rows[0]?.n ?? -1;
      };
      const who = await sql<{ u: string }>`SELECT current_user AS u`.execute(app);
      expect(who.rows[0]?.u).toBe('liftplan_app');
      // No clinic set: nothing at all, in every table (the owner sees A's rows).
      for (const t of tables) expect([t, await count(t)]).toEqual([t, 0]);
      expect(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM patients`.execute(server.database.db))
          .rows[0]?.n,
      ).toBeGreaterThan(0);
      await withClinic(B.id, async () => {
        for (const t of CLINIC_TABLES) {
          expect([t, await count(t, sql`organisation_id = ${A.id}`)]).toEqual([t, 0]);
        }
        expect(await count('organisations', sql`id = ${A.id}`)).toBe(0);
        expect(await count('patients')).toBeGreaterThan(0);
        // Writing A's rows: an insert is refused by the policy, updates and deletes find nothing.
        await expect(
          sql`INSERT INTO patients (id, organisation_id, chart_number, display_name, birth_date, sex, history,
                notes, created_at, updated_at, version)
              VALUES ('x', ${A.id}, 'X', 'X', '1980-01-01', 'female', '{}', NULL, 'now', 'now', 1)`.execute(
            app,
          ),
        ).rejects.toThrow(/row-level security/);
        const upd = await sql`UPDATE patients SET notes = 'x' WHERE id = ${ids.patient}`.execute(app);
        expect(Number(upd.numAffectedRows)).toBe(0);
        const del = await sql`DELETE FROM follow_ups WHERE id = ${ids.followUp}`.execute(app);
        expect(Number(del.numAffectedRows)).toBe(0);
        // Moving B's own row into A is refused too (WITH CHECK).
        await expect(
          sql`UPDATE patients SET organisation_id = ${A.id} WHERE id = ${bPatient}`.execute(app),
        ).rejects.toThrow(/row-level security/);
      });
      // The app role cannot switch the policies off, truncate, or read the super-admins.
      await expect(sql`ALTER TABLE patients DISABLE ROW LEVEL SECURITY`.execute(app)).rejects.toThrow(
        /owner/,
      );
      await expect(sql`DROP POLICY clinic_isolation ON patients`.execute(app)).rejects.toThrow(/owner/);
      await expect(sql`TRUNCATE follow_ups`.execute(app)).rejects.toThrow(/permission denied/);
      await expect(sql`SELECT * FROM operators`.execute(app)).rejects.toThrow(/permission denied/);
    },
  );
});
