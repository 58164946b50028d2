import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit.js';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { AppError } from '../errors.js';
import { exportFhir } from '../fhir/export.js';
import { LocalPhotoStore } from '../storage/photo-store.js';
import {
  postgresAvailable,
  postgresTestDatabase,
  sqliteTestDatabase,
  type TestDatabase,
} from '../testing/databases.js';
import { signConsent, signedPlan } from '../testing/consent-fixtures.js';
import { anAssessment, newPatient, seedClinic, type Clinic } from '../testing/fixtures.js';
import { archivePatient, restorePatient } from './archive.js';
import { requestDeletion, retentionReport } from './retention.js';

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    return e instanceof AppError ? e.code : `raw:${e instanceof Error ? e.message : String(e)}`;
  }
  return 'no error';
};

/**
 * Archive and corrections on every database (the archive guards are triggers, written per dialect): an archived
 * patient's record refuses every change and stays readable and exportable; assessments, procedures and
 * follow-ups keep every version.
 */
function runRecordsContract(name: string, makeDb: () => Promise<TestDatabase>): void {
  describe(`records the law asks for: ${name}`, () => {
    let t: TestDatabase;
    let repos: Repositories;
    let clinic: Clinic;
    let patientId = '';
    let assessmentId = '';
    let procedureId = '';
    let followUpId = '';
    const photoDir = mkdtempSync(path.join(tmpdir(), 'liftplan-records-'));

    beforeAll(async () => {
      t = await makeDb();
      repos = createRepositories(t.database.db);
      clinic = await seedClinic(repos, `Records ${name}`);
      const admin = clinic.as('admin');
      const coord = clinic.as('coordinator');
      const doctor = clinic.as('doctor');
      const product = await repos.catalogue.createProduct(admin, {
        name: 'Cog 19G 60 mm',
        manufacturer: 'Acme',
        threadKind: 'bidirectional-cog',
        material: 'PDO',
        gauge: '0',
        lengthMm: 60,
      });
      const lot = await repos.catalogue.addLot(admin, product.id, {
        lotNumber: `R-${Date.now()}`,
        expiryDate: '2026-12-31',
        stock: 10,
      });
      patientId = (await repos.patients.create(coord, newPatient())).id;
      const { planVersionId } = await signedPlan(repos, doctor, patientId);
      await signConsent(repos, coord, planVersionId, doctor.actor.userId);
      assessmentId = (await repos.assessments.listForPatient(doctor, patientId))[0]?.id ?? '';
      const procedure = await repos.procedures.record(coord, patientId, {
        planVersionId,
        performedBy: doctor.actor.userId,
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
      procedureId = procedure.id;
      followUpId = (await repos.followUps.book(coord, patientId, { procedureId, dueDate: '2025-04-01' })).id;
    });
    afterAll(async () => {
      await t.cleanup();
      rmSync(photoDir, { recursive: true, force: true });
    });

    it('an assessment correction keeps the original and says who changed which fields, when and why', async () => {
      const doctor = clinic.as('doctor');
      const [original] = await repos.assessments.listForPatient(doctor, patientId);
      if (!original) throw new Error('no assessment');
      const corrected = await repos.assessments.correct(doctor, assessmentId, {
        version: original.version,
        assessment: { ...original.assessment, elasticity: 'poor' },
        reason: 'elasticity re-examined',
      });
      expect(corrected.version).toBe(original.version + 1);
      expect(corrected.assessment.elasticity).toBe('poor');
      // Stale versions and missing reasons are refused.
      expect(
        await codeOf(
          repos.assessments.correct(doctor, assessmentId, {
            version: original.version,
            assessment: original.assessment,
            reason: 'again',
          }),
        ),
      ).toBe('conflict');
      expect(
        await codeOf(
          repos.assessments.correct(doctor, assessmentId, {
            version: corrected.version,
            assessment: original.assessment,
            reason: ' ',
          }),
        ),
      ).toBe('bad_request');
      expect(
        await codeOf(
          repos.assessments.correct(clinic.as('coordinator'), assessmentId, {
            version: corrected.version,
            assessment: original.assessment,
            reason: 'not mine to change',
          }),
        ),
      ).toBe('forbidden');
      const history = await repos.assessments.versions(clinic.as('admin'), assessmentId);
      expect(history.map((v) => [v.number, v.changed, v.reason, v.changedBy])).toEqual([
        [1, ['created'], null, doctor.actor.userId],
        [2, ['assessment'], 'elasticity re-examined', doctor.actor.userId],
      ]);
      expect(history[0]?.record['assessment']).toMatchObject({ elasticity: original.assessment.elasticity });
      expect(history[1]?.record['assessment']).toMatchObject({ elasticity: 'poor' });
      expect(history[1]?.changedByName).toMatch(/^doctor /);
    });

    it('procedure corrections and events, and follow-up scores, each add a version', async () => {
      const coord = clinic.as('coordinator');
      const doctor = clinic.as('doctor');
      const p = await repos.procedures.get(doctor, procedureId);
      const withEvent = await repos.procedures.addEvents(coord, procedureId, {
        version: p.version,
        events: [
          { at: '2025-03-01T10:30:00Z', kind: 'bleeding', note: 'left entry, pressure for 5 minutes' },
        ],
      });
      const corrected = await repos.procedures.correct(doctor, procedureId, {
        version: withEvent.version,
        notes: 'threads placed without difficulty',
        reason: 'note added from the paper record',
      });
      expect(corrected.notes).toBe('threads placed without difficulty');
      const ph = await repos.procedures.versions(doctor, procedureId);
      expect(ph.map((v) => [v.number, v.changed, v.reason])).toEqual([
        [1, ['created'], null],
        [2, ['events'], null],
        [3, ['notes'], 'note added from the paper record'],
      ]);
      expect(ph[0]?.record['notes']).toBeNull();
      expect(ph[2]?.changedBy).toBe(doctor.actor.userId);

      const f = (await repos.followUps.listForPatient(doctor, patientId)).find((x) => x.id === followUpId);
      if (!f) throw new Error('no follow-up');
      const scored = await repos.followUps.score(doctor, followUpId, {
        version: f.version,
        gaisClinician: 2,
        gaisPatient: null,
        satisfaction: 4,
      });
      await repos.followUps.score(doctor, followUpId, {
        version: scored.version,
        gaisClinician: 3,
        gaisPatient: null,
        satisfaction: null,
        reason: 'scored against the wrong baseline photo',
      });
      const fh = await repos.followUps.versions(coord, followUpId);
      expect(fh.map((v) => [v.number, v.changed, v.reason])).toEqual([
        [1, ['created'], null],
        [2, ['status', 'gaisClinician', 'satisfaction', 'scoredBy', 'scoredAt'], null],
        [3, ['gaisClinician'], 'scored against the wrong baseline photo'],
      ]);
      expect(fh[1]?.record['gaisClinician']).toBe(2);
      // Versions are append-only.
      const del = t.database.db.deleteFrom('record_versions').where('entity_id', '=', followUpId).execute();
      await expect(del).rejects.toThrow(/append-only/);
    });

    it('an archived patient is read-only (patient_archived), still readable and exportable; a restore lifts it', async () => {
      const admin = clinic.as('admin');
      const coord = clinic.as('coordinator');
      const doctor = clinic.as('doctor');
      expect(await codeOf(archivePatient(t.database.db, doctor, patientId))).toBe('forbidden');
      const archived = await archivePatient(t.database.db, admin, patientId);
      expect(archived.archivedAt).toBe(clinic.clock.now().toISOString());
      expect(await codeOf(archivePatient(t.database.db, admin, patientId))).toBe('patient_archived');

      const p = await repos.patients.get(doctor, patientId);
      expect(p.archivedAt).not.toBeNull();
      // Thunks: each write starts when awaited (a rejected promise left waiting is an unhandled rejection).
      const writes: [string, () => Promise<unknown>][] = [
        ['demographics', () => repos.patients.update(coord, patientId, { version: p.version, notes: 'x' })],
        ['visit', () => repos.visits.create(doctor, patientId, { kind: 'follow-up', date: '2025-05-01' })],
        ['assessment', () => repos.assessments.create(doctor, patientId, { assessment: anAssessment() })],
        ['follow-up', () => repos.followUps.book(coord, patientId, { procedureId, dueDate: '2025-09-01' })],
        [
          'procedure events',
          () =>
            repos.procedures.get(doctor, procedureId).then((x) =>
              repos.procedures.addEvents(coord, procedureId, {
                version: x.version,
                events: [{ at: '2025-03-02T09:00:00Z', kind: 'note', note: 'late note' }],
              }),
            ),
        ],
        [
          'complication',
          () =>
            repos.followUps.addComplication(doctor, patientId, {
              kind: 'bruising',
              severity: 'mild',
              onsetDate: '2025-03-02',
            }),
        ],
      ];
      for (const [what, write] of writes) {
        expect(`${what}: ${await codeOf(write())}`).toBe(`${what}: patient_archived`);
      }
      // Still read and exported; the refusals are in the audit log.
      expect((await repos.visits.listForPatient(doctor, patientId)).length).toBeGreaterThan(0);
      const bundle = await exportFhir(t.database.db, new LocalPhotoStore(photoDir), doctor, {
        patientId,
        reason: 'patient-request',
        photos: false,
      });
      expect(bundle.entry?.some((e) => e.resource?.resourceType === 'Patient')).toBe(true);
      const refused = await t.database.db
        .selectFrom('audit_events')
        .select('detail')
        .where('detail', '=', 'patient_archived')
        .execute();
      expect(refused.length).toBeGreaterThanOrEqual(writes.length);

      await restorePatient(t.database.db, admin, patientId);
      const again = await repos.patients.get(doctor, patientId);
      expect(again.archivedAt).toBeNull();
      await repos.patients.update(coord, patientId, { version: again.version, notes: 'back in care' });
      expect(await codeOf(restorePatient(t.database.db, admin, patientId))).toBe('conflict');
      expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
    });

    it('after the retention period an admin purges what the report lists: every row of the patient goes, the audit trail stays and verifies', async () => {
      const admin = clinic.as('admin');
      const db = t.database.db;
      // Archived (read-only) and refused inside the period, naming the date (10 years from the last record,
      // the follow-up booked for 2025-04-01).
      await archivePatient(db, admin, patientId);
      await expect(requestDeletion(db, admin, patientId)).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/kept until 2035-04-01 .*last record, 2025-04-01/) as string,
      });
      const other = await repos.patients.create(clinic.as('coordinator'), newPatient());
      const before = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      // The day after the period ends.
      clinic.clock.advance(Date.parse('2035-04-02T09:00:00Z') - clinic.clock.now().getTime());
      const report = await retentionReport(db, admin);
      expect(report.find((l) => l.patientId === patientId)).toMatchObject({
        deletable: true,
        keptUntil: '2035-04-01',
      });
      expect(await codeOf(requestDeletion(db, clinic.as('doctor'), patientId))).toBe('forbidden');
      const purged = await requestDeletion(db, admin, patientId);
      expect(purged.rows).toBeGreaterThan(20);

      // No row of the patient is left in any table with a patient_id; others are untouched.
      for (const table of [
        'patients',
        'patient_versions',
        'visits',
        'photos',
        'analyses',
        'assessments',
        'plans',
        'plan_signatures',
        'consents',
        'procedures',
        'follow_ups',
        'complications',
        'record_versions',
        'jobs',
        'outcome_changes',
      ] as const) {
        const column = table === 'patients' ? 'id' : 'patient_id';
        const left = await db.selectFrom(table).select(column).where(column, '=', patientId).execute();
        expect(`${table}: ${left.length}`).toBe(`${table}: 0`);
      }
      expect((await repos.patients.get(clinic.as('doctor'), other.id)).id).toBe(other.id);
      expect(await codeOf(repos.patients.get(clinic.as('doctor'), patientId))).toBe('not_found');
      const after = await db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBeGreaterThan(Number(before.n));
      const events = await db
        .selectFrom('audit_events')
        .select(['action', 'entity', 'outcome', 'detail'])
        .where('action', 'in', ['delete', 'purge'])
        .orderBy('seq', 'desc')
        .limit(2)
        .execute();
      expect(events).toEqual([
        { action: 'delete', entity: 'patient', outcome: 'success', detail: 'purged' },
        { action: 'purge', entity: 'plan_version', outcome: 'success', detail: 'retention-ended' },
      ]);
      const record = await db
        .selectFrom('patient_purges')
        .selectAll()
        .where('patient_id', '=', patientId)
        .execute();
      expect(record).toMatchObject([{ purged_by: admin.actor.userId, rows: purged.rows }]);
      // The chain and its signed-record check still verify: the purged signed plan is accounted for.
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      // Append-only rows of a patient not being purged are still refused.
      await expect(
        db.deleteFrom('patient_versions').where('patient_id', '=', other.id).execute(),
      ).rejects.toThrow(/append-only/);
    });
  });
}

runRecordsContract('SQLite', sqliteTestDatabase);

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required in CI (127.0.0.1:5432, database test)');
describe.skipIf(!pgUp)('PostgreSQL', () => {
  runRecordsContract('PostgreSQL', postgresTestDatabase);
});
