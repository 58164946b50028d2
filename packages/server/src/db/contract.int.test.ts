import { HISTORY_FLAGS, planCase, SYNTHETIC_IMAGE, type CaseFile } from '@liftplan/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { NewPlan } from '../schemas.js';
import {
  postgresAvailable,
  postgresTestDatabase,
  sqliteTestDatabase,
  type TestDatabase,
} from '../testing/databases.js';
import { aLandmarkSet, anAssessment, newPatient, seedClinic, type Clinic } from '../testing/fixtures.js';
import { signConsent, signedPlan } from '../testing/consent-fixtures.js';
import { verifyAuditChain } from './audit.js';
import { migrateToLatest } from './connect.js';
import { createRepositories, type Repositories } from './repositories.js';

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError ? e.code : `raw:${e instanceof Error ? e.message : String(e)}`;
  }
  return 'no error';
};

/**
 * The repository contract, written once and run on every database the server supports. Each database gets a
 * fresh, migrated store for the whole suite; tests create their own patients so they do not depend on order.
 */
export function runRepositoryContract(name: string, makeDb: () => Promise<TestDatabase>): void {
  describe(`repository contract: ${name}`, () => {
    let t: TestDatabase;
    let repos: Repositories;
    let clinic: Clinic;

    beforeAll(async () => {
      t = await makeDb();
      // The app handle: on PostgreSQL the liftplan_app role under row-level security, as the server runs.
      repos = createRepositories(t.database.app);
      clinic = await seedClinic(repos);
    });
    afterAll(async () => {
      await t.cleanup();
    });

    it('migrations are idempotent', async () => {
      expect(await migrateToLatest(t.database.db)).toEqual([]);
    });

    it('creates, reads, lists and updates a patient, auditing each with the request id', async () => {
      const coord = clinic.as('coordinator', 'req-create');
      const p = await repos.patients.create(coord, newPatient({ displayName: 'Lee Min' }));
      expect(p.version).toBe(1);
      const read = await repos.patients.get(clinic.as('doctor', 'req-read'), p.id);
      expect(read).toEqual(p);
      const listed = await repos.patients.list(clinic.as('doctor'));
      expect(listed.map((x) => x.id)).toContain(p.id);
      const updated = await repos.patients.update(coord, p.id, { version: 1, notes: 'prefers mornings' });
      expect(updated).toMatchObject({ version: 2, notes: 'prefers mornings', displayName: 'Lee Min' });

      const events = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('entity', '=', 'patient')
        .where('entity_id', '=', p.id)
        .orderBy('seq')
        .execute();
      expect(events.map((e) => [e.action, e.outcome, e.request_id])).toEqual([
        ['create', 'success', 'req-create'],
        ['read', 'success', 'req-read'],
        ['update', 'success', 'req-create'],
      ]);
      // Audit rows never carry patient data.
      expect(JSON.stringify(events)).not.toContain('Lee Min');
    });

    it('searches patients by chart-number prefix and name part, case-insensitively; % and _ are literal', async () => {
      const coord = clinic.as('coordinator');
      const p = await repos.patients.create(
        coord,
        newPatient({ chartNumber: 'SR_9%', displayName: 'Choi Seo-yeon' }),
      );
      const ids = async (q: string) => (await repos.patients.list(coord, { q })).map((x) => x.id);
      expect(await ids('choi')).toEqual([p.id]);
      expect(await ids('SEO-Y')).toEqual([p.id]);
      expect(await ids('sr_9%')).toEqual([p.id]);
      expect(await ids('s_')).toEqual([]);
      expect(await ids('%seo')).toEqual([]);
    });

    it('a stale version is a conflict, and the failure is audited', async () => {
      const coord = clinic.as('coordinator', 'req-stale');
      const p = await repos.patients.create(coord, newPatient());
      await repos.patients.update(coord, p.id, { version: 1, notes: 'first' });
      expect(await codeOf(repos.patients.update(coord, p.id, { version: 1, notes: 'second' }))).toBe(
        'conflict',
      );
      expect((await repos.patients.get(coord, p.id)).notes).toBe('first');
      const last = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('entity_id', '=', p.id)
        .where('action', '=', 'update')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({ outcome: 'failure', detail: 'conflict', request_id: 'req-stale' });
    });

    it('two concurrent writers with the same version: one wins, one gets a conflict', async () => {
      const coord = clinic.as('coordinator');
      const p = await repos.patients.create(coord, newPatient());
      const results = await Promise.allSettled([
        repos.patients.update(coord, p.id, { version: 1, notes: 'a' }),
        repos.patients.update(coord, p.id, { version: 1, notes: 'b' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(
        rejected?.status === 'rejected' && rejected.reason instanceof AppError && rejected.reason.code,
      ).toBe('conflict');
    });

    it('checks roles inside the data layer and audits the denial', async () => {
      const p = await repos.patients.create(clinic.as('coordinator'), newPatient());
      expect(
        await codeOf(
          repos.plans.create(clinic.as('coordinator', 'req-deny'), p.id, {
            visitId: p.id,
            photos: [],
            intake: { concerns: [], expectations: 'realistic' },
            placements: [],
          }),
        ),
      ).toBe('forbidden');
      const denied = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('request_id', '=', 'req-deny')
        .executeTakeFirstOrThrow();
      expect(denied).toMatchObject({
        action: 'create',
        entity: 'plan',
        outcome: 'denied',
        detail: 'forbidden',
      });
    });

    it('clinic details and licence numbers: admins only, versioned, audited (migration 0004)', async () => {
      const admin = clinic.as('admin');
      const before = await repos.organisations.get(admin);
      expect(before).toMatchObject({ address: null, phone: null });
      expect(
        await codeOf(
          repos.organisations.update(clinic.as('doctor'), { version: before.version, phone: '1' }),
        ),
      ).toBe('forbidden');
      const after = await repos.organisations.update(admin, {
        version: before.version,
        address: '1 Main St',
        phone: '02-555-0101',
      });
      expect(after).toMatchObject({
        address: '1 Main St',
        phone: '02-555-0101',
        version: before.version + 1,
      });
      expect(
        await codeOf(repos.organisations.update(admin, { version: before.version, address: null })),
      ).toBe('conflict');
      const cleared = await repos.organisations.update(admin, { version: after.version, address: '' });
      expect(cleared.address).toBeNull();

      const users = await repos.users.list(admin);
      const doctor = users.find((u) => u.role === 'doctor');
      if (!doctor) throw new Error('no doctor');
      expect(doctor.licenceNumber).toBeNull();
      const other = await seedClinic(repos, 'Licence clinic');
      expect(
        await codeOf(repos.users.update(other.as('admin'), doctor.id, { version: doctor.version })),
      ).toBe('not_found');
      const licensed = await repos.users.update(admin, doctor.id, {
        version: doctor.version,
        licenceNumber: 'L-1',
      });
      expect(licensed).toMatchObject({ licenceNumber: 'L-1', version: doctor.version + 1 });
      expect(
        await codeOf(repos.users.update(admin, doctor.id, { version: doctor.version, licenceNumber: 'L-2' })),
      ).toBe('conflict');
    });

    it('keeps organisations apart', async () => {
      const other = await seedClinic(repos, 'Other clinic');
      const p = await repos.patients.create(clinic.as('coordinator'), newPatient());
      expect(await codeOf(repos.patients.get(other.as('doctor'), p.id))).toBe('not_found');
      expect((await repos.patients.list(other.as('doctor'))).map((x) => x.id)).not.toContain(p.id);
    });

    it('a signed plan version cannot be changed, through the repository or by direct SQL', async () => {
      const doctor = clinic.as('doctor');
      const coord = clinic.as('coordinator');
      const p = await repos.patients.create(
        coord,
        newPatient({ history: Object.fromEntries(HISTORY_FLAGS.map((f) => [f, false])) }),
      );
      const visit = await repos.visits.create(coord, p.id, { kind: 'consultation', date: '2025-03-01' });
      const { job } = await repos.photos.recordUpload(coord, {
        patientId: p.id,
        visitId: visit.id,
        view: 'front',
        sha256: 'b'.repeat(63) + String(Math.floor(Math.random() * 10)),
        size: 10,
        contentType: 'image/png',
        originalName: 'front.png',
      });
      const system = clinic.as('admin');
      let claimed = await repos.jobs.claimNext(system);
      while (claimed && claimed.id !== job.id) claimed = await repos.jobs.claimNext(system);
      const landmarks = aLandmarkSet();
      const analysisId = await repos.jobs.succeed(system, job.id, {
        detector: landmarks.detector,
        landmarks,
        passed: true,
        measurements: null,
        image: { ...SYNTHETIC_IMAGE },
      });
      await repos.assessments.create(doctor, p.id, { visitId: visit.id, assessment: anAssessment() });
      const edits = {
        visitId: visit.id,
        photos: [{ photoId: job.photoId, analysisId, landmarkVersion: 1 }],
        intake: { concerns: [], expectations: 'realistic' as const },
      };
      const created = await repos.plans.create(doctor, p.id, { ...edits, placements: [] });
      const caseFile = created.versions[0]?.payload['caseFile'] as CaseFile;
      const placements = JSON.parse(JSON.stringify(planCase(caseFile).placements)) as NewPlan['placements'];
      const plan = await repos.plans.saveDraft(doctor, created.id, {
        ...edits,
        version: created.version,
        placements,
      });
      const signed = await repos.plans.sign(doctor, plan.id, {
        version: plan.version,
        password: 'correct horse battery staple',
      });
      const v1 = signed.versions[0];
      expect(v1).toMatchObject({ number: 1, status: 'signed' });
      if (!v1) throw new Error('no version');

      // Direct SQL: payload edit, status back to draft, and delete are all refused by the database.
      for (const stmt of [
        sql`UPDATE plan_versions SET payload = '{}' WHERE id = ${v1.id}`,
        sql`UPDATE plan_versions SET status = 'draft' WHERE id = ${v1.id}`,
        sql`UPDATE plan_versions SET status = 'superseded', payload = '{}' WHERE id = ${v1.id}`,
        sql`DELETE FROM plan_versions WHERE id = ${v1.id}`,
      ]) {
        await expect(stmt.execute(t.database.db)).rejects.toThrow(/signed plan version/);
      }

      // Through the repository, a change makes version 2 with its diff; version 1 stays as signed.
      const edited = await repos.plans.saveDraft(doctor, plan.id, {
        ...edits,
        version: signed.version,
        placements,
        justifications: [{ zoneId: 'facial-nerve:left', reason: 'checked, kept superficial' }],
      });
      expect(edited.currentNumber).toBe(2);
      expect(edited.versions[0]).toEqual(v1);
      expect(edited.versions[1]).toMatchObject({
        number: 2,
        status: 'draft',
        diff: [expect.objectContaining({ path: expect.stringMatching(/^justifications/) as unknown })],
      });
      // Signing version 2 supersedes version 1 (the one change the trigger allows).
      const pw = 'correct horse battery staple';
      const resigned = await repos.plans.sign(doctor, plan.id, { version: edited.version, password: pw });
      expect(resigned.versions.map((v) => v.status)).toEqual(['superseded', 'signed']);
      expect(resigned.versions[0]?.payloadSha256).toBe(v1.payloadSha256);
      // Signing again, or with a stale plan version, is a conflict.
      expect(
        await codeOf(repos.plans.sign(doctor, plan.id, { version: resigned.version, password: pw })),
      ).toBe('conflict');
      expect(await codeOf(repos.plans.sign(doctor, plan.id, { version: 1, password: pw }))).toBe('conflict');
    });

    it('audit rows cannot be updated or deleted', async () => {
      const db = t.database.db;
      await expect(
        sql`UPDATE audit_events SET outcome = 'failure' WHERE seq = 1`.execute(db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_events WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    });

    it('landmark corrections are new versions; the detector original is kept', async () => {
      const coord = clinic.as('coordinator');
      const doctor = clinic.as('doctor');
      const p = await repos.patients.create(coord, newPatient());
      const sha = 'a'.repeat(63) + String(Math.floor(Math.random() * 10));
      const { job } = await repos.photos.recordUpload(coord, {
        patientId: p.id,
        visitId: null,
        view: 'front',
        sha256: sha,
        size: 10,
        contentType: 'image/png',
        originalName: 'front.png',
      });
      expect(job.status).toBe('queued');
      const system = clinic.as('admin');
      let claimed = await repos.jobs.claimNext(system);
      while (claimed && claimed.id !== job.id) claimed = await repos.jobs.claimNext(system);
      expect(claimed).toMatchObject({ id: job.id, sha256: sha, view: 'front' });
      const landmarks = aLandmarkSet();
      const analysisId = await repos.jobs.succeed(system, job.id, {
        detector: landmarks.detector,
        landmarks,
        passed: true,
        measurements: { example: 1 },
        image: { ...SYNTHETIC_IMAGE },
      });
      expect(await repos.jobs.get(coord, job.id)).toMatchObject({
        status: 'succeeded',
        resultId: analysisId,
        attempts: 1,
      });

      const moved = aLandmarkSet({ centre: [510, 600] });
      const v2 = await repos.analyses.correct(doctor, analysisId, {
        baseNumber: 1,
        landmarks: moved,
        note: 'jawline',
      });
      expect(v2).toMatchObject({ number: 2, source: 'clinician' });
      expect(v2.landmarks.corrected).toBe(true);
      expect(
        await codeOf(repos.analyses.correct(doctor, analysisId, { baseNumber: 1, landmarks: moved })),
      ).toBe('conflict');
      expect(
        await codeOf(repos.analyses.correct(coord, analysisId, { baseNumber: 2, landmarks: moved })),
      ).toBe('forbidden');
      const a = await repos.analyses.get(doctor, analysisId);
      expect(a.landmarkVersions.map((v) => v.source)).toEqual(['detector', 'clinician']);

      // The photo links to its analysis: in listings, and through the photo alone (doctors, coordinators).
      const photoId = job.photoId;
      const listed = (await repos.photos.listForPatient(coord, p.id)).find((x) => x.id === photoId);
      expect(listed).toMatchObject({ analysisId, jobId: job.id, jobStatus: 'succeeded', landmarkVersion: 2 });
      const viaPhoto = await repos.analyses.forPhoto(coord, photoId);
      expect(viaPhoto).toMatchObject({ photoId, analysisId, landmarkVersion: 2, job: { id: job.id } });
      expect(viaPhoto.analysis?.landmarkVersions.map((v) => v.number)).toEqual([1, 2]);
      expect(await codeOf(repos.analyses.forPhoto(clinic.as('admin'), photoId))).toBe('forbidden');
      expect(a.landmarkVersions[0]?.landmarks).toEqual(landmarks);
      await expect(
        sql`UPDATE landmark_versions SET landmarks = '{}' WHERE analysis_id = ${analysisId}`.execute(
          t.database.db,
        ),
      ).rejects.toThrow(/append-only/);
    });

    it('records a procedure: refuses expired lots, decrements stock, answers a recall by lot', async () => {
      const admin = clinic.as('admin');
      const coord = clinic.as('coordinator');
      const product = await repos.catalogue.createProduct(admin, {
        name: 'Cog 19G 100 mm',
        manufacturer: 'Acme',
        threadKind: 'bidirectional-cog',
        material: 'PDO',
        gauge: '0',
        lengthMm: 60,
      });
      const good = await repos.catalogue.addLot(admin, product.id, {
        lotNumber: `L-${Date.now()}`,
        expiryDate: '2026-12-31',
        stock: 10,
      });
      const expired = await repos.catalogue.addLot(admin, product.id, {
        lotNumber: 'OLD-1',
        expiryDate: '2025-01-31',
        stock: 10,
      });
      const a = await repos.patients.create(coord, newPatient());
      const b = await repos.patients.create(coord, newPatient());
      const c = await repos.patients.create(coord, newPatient());

      // Each patient's procedure follows a signed plan (jowl, one row per side) with signed consent.
      const doctor = clinic.as('doctor');
      const planOf = new Map<string, string>();
      for (const patient of [a, b, c]) {
        const { planVersionId } = await signedPlan(repos, doctor, patient.id);
        await signConsent(repos, coord, planVersionId, doctor.actor.userId);
        planOf.set(patient.id, planVersionId);
      }
      const proc = (patientId: string, lotId: string, count: number) => ({
        planVersionId: planOf.get(patientId) ?? '',
        performedBy: doctor.actor.userId,
        performedOn: '2025-03-01',
        anaesthesia: {
          kind: 'local-infiltration' as const,
          agent: 'lidocaine 1% with epinephrine',
          doseMl: 4,
        },
        threads: (['left', 'right'] as const).map((side) => ({
          placementId: `jowl:${side}:1`,
          region: 'jowl' as const,
          side,
          lotId,
          count,
          deviations: 'count adjusted to the tissue on the day',
        })),
      });
      const refused = repos.procedures.record(coord, a.id, proc(a.id, expired.id, 1));
      await expect(refused).rejects.toMatchObject({
        code: 'bad_request',
        fields: [
          { path: 'threads[0].lotId', message: 'lot OLD-1 expired on 2025-01-31' },
          { path: 'threads[1].lotId', message: 'lot OLD-1 expired on 2025-01-31' },
        ],
      });
      expect((await repos.catalogue.getLot(admin, expired.id)).stock).toBe(10);

      const recorded = await repos.procedures.record(coord, a.id, proc(a.id, good.id, 2));
      expect(recorded.threads).toHaveLength(2);
      expect(recorded.threads[0]).toMatchObject({
        lotNumber: good.lotNumber,
        expiryDate: '2026-12-31',
        count: 2,
      });
      await repos.procedures.record(coord, b.id, proc(b.id, good.id, 1));
      expect((await repos.catalogue.getLot(admin, good.id)).stock).toBe(4);
      // Not enough stock: a conflict, nothing recorded, stock unchanged.
      expect(await codeOf(repos.procedures.record(coord, c.id, proc(c.id, good.id, 3)))).toBe('conflict');
      expect((await repos.catalogue.getLot(admin, good.id)).stock).toBe(4);

      const listedProcedures = await repos.procedures.listForPatient(clinic.as('doctor'), a.id);
      expect(listedProcedures.map((x) => x.id)).toEqual([recorded.id]);
      expect(listedProcedures[0]?.threads[0]).toMatchObject({
        productName: 'Cog 19G 100 mm',
        lotNumber: good.lotNumber,
        count: 2,
      });
      expect(await repos.procedures.listForPatient(clinic.as('doctor'), c.id)).toEqual([]);
      const hits = await repos.procedures.recallByLot(admin, good.id);
      expect(hits.map((h) => [h.patient.id, h.count]).sort()).toEqual(
        [
          [a.id, 4],
          [b.id, 2],
        ].sort(),
      );
      expect(await codeOf(repos.procedures.recallByLot(coord, good.id))).toBe('forbidden');
    });

    it('books and scores a follow-up with GAIS, and records a complication', async () => {
      const coord = clinic.as('coordinator');
      const doctor = clinic.as('doctor');
      const p = await repos.patients.create(coord, newPatient());
      const f = await repos.followUps.book(coord, p.id, { dueDate: '2025-03-08' });
      expect((await repos.followUps.due(coord, '2025-03-10')).map((x) => x.id)).toContain(f.id);
      expect(
        await codeOf(
          repos.followUps.score(coord, f.id, {
            version: 1,
            gaisClinician: 2,
            gaisPatient: null,
            satisfaction: null,
          }),
        ),
      ).toBe('forbidden');
      const scored = await repos.followUps.score(doctor, f.id, {
        version: 1,
        gaisClinician: 2,
        gaisPatient: 1,
        satisfaction: 5,
      });
      expect(scored).toMatchObject({
        status: 'done',
        gaisClinician: 2,
        gaisPatient: 1,
        satisfaction: 5,
        version: 2,
      });
      expect(
        await codeOf(
          repos.followUps.score(doctor, f.id, {
            version: 1,
            gaisClinician: 3,
            gaisPatient: null,
            satisfaction: null,
          }),
        ),
      ).toBe('conflict');
      const comp = await repos.followUps.addComplication(doctor, p.id, {
        followUpId: f.id,
        kind: 'dimpling',
        severity: 'mild',
        onsetDate: '2025-03-03',
        management: 'massage',
        resolution: 'resolved',
        resolvedDate: '2025-03-07',
      });
      expect(await repos.followUps.listComplications(doctor, p.id)).toEqual([comp]);
    });

    it('stores an assessment in the case-file shape', async () => {
      const p = await repos.patients.create(clinic.as('coordinator'), newPatient());
      const a = await repos.assessments.create(clinic.as('doctor'), p.id, { assessment: anAssessment() });
      expect(a.assessment.grades.jowl).toBe(3);
      expect(
        await codeOf(
          repos.assessments.create(clinic.as('doctor'), p.id, { assessment: { grades: {} } as never }),
        ),
      ).toBe('bad_request');
    });

    it('the audit chain verifies, survives concurrent writers, and detects tampering', async () => {
      const coord = clinic.as('coordinator');
      await Promise.all(Array.from({ length: 8 }, () => repos.patients.create(coord, newPatient())));
      const ok = await verifyAuditChain(t.database.db);
      expect(ok.ok).toBe(true);
      expect(ok.count).toBeGreaterThan(20);

      const db = t.database.db;
      // An attacker with database access disables the guard and edits a row's payload.
      if (t.database.kind === 'sqlite') await sql`DROP TRIGGER audit_events_no_update`.execute(db);
      else await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`.execute(db);
      await sql`UPDATE audit_events SET outcome = 'failure' WHERE seq = 5`.execute(db);
      const broken = await verifyAuditChain(db);
      expect(broken).toMatchObject({ ok: false, firstBrokenSeq: 5 });
    });
  });
}

runRepositoryContract('SQLite', sqliteTestDatabase);

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required in CI (127.0.0.1:5432, database test)');
describe.skipIf(!pgUp)('PostgreSQL', () => {
  runRepositoryContract('PostgreSQL', postgresTestDatabase);
});
