import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { newPatient, seedClinic, type Clinic } from '../testing/fixtures.js';
import { accessReview, completeAccessReview, UNUSUAL } from './access-review.js';
import { requestDeletion, retentionReport } from './retention.js';

describe('records the law asks for', () => {
  let t: TestDatabase;
  let repos: Repositories;
  let clinic: Clinic;

  beforeAll(async () => {
    t = await sqliteTestDatabase();
    repos = createRepositories(t.database.db);
    clinic = await seedClinic(repos, 'Compliance clinic');
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('the monthly access review lists who read which patients and highlights unusual volumes; its completion is recorded', async () => {
    const coord = clinic.as('coordinator');
    const doctor = clinic.as('doctor');
    const ids: string[] = [];
    for (let i = 0; i < UNUSUAL.minPatients + 5; i++) {
      ids.push((await repos.patients.create(coord, newPatient())).id);
    }
    // The doctor opens every chart (unusual); the coordinator two.
    for (const id of ids) await repos.patients.get(doctor, id);
    for (const id of ids.slice(0, 2)) await repos.patients.get(coord, id);

    const review = await accessReview(t.database.db, clinic.as('admin'), '2025-03');
    const doc = review.lines.find((l) => l.actor === doctor.actor.userId);
    const co = review.lines.find((l) => l.actor === coord.actor.userId);
    expect(doc).toMatchObject({ patients: ids.length, exports: 0 });
    expect(doc?.unusual[0]).toMatch(/opened 25 patients/);
    expect(doc?.flags).toEqual([{ code: 'many-patients', patients: 25, median: 2 }]);
    expect(co?.patients).toBeGreaterThanOrEqual(2);
    expect(co?.unusual).toEqual([]);
    expect(review.lines[0]?.actor).toBe(doctor.actor.userId);
    expect(review.completed).toBeNull();
    expect((await accessReview(t.database.db, clinic.as('admin'), '2025-04')).lines).toEqual([]);

    await expect(accessReview(t.database.db, coord, '2025-03')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(accessReview(t.database.db, clinic.as('admin'), '2025-3')).rejects.toMatchObject({
      code: 'bad_request',
    });
    const done = await completeAccessReview(t.database.db, clinic.as('admin'), {
      month: '2025-03',
      note: 'doctor 2: chart audit week',
    });
    expect(done.month).toBe('2025-03');
    await expect(
      completeAccessReview(t.database.db, clinic.as('admin'), { month: '2025-03' }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const again = await accessReview(t.database.db, clinic.as('admin'), '2025-03');
    expect(again.completed).toMatchObject({
      by: clinic.as('admin').actor.userId,
      note: 'doctor 2: chart audit week',
    });
    const recorded = await t.database.db.selectFrom('access_reviews').selectAll().execute();
    expect(recorded).toMatchObject([{ month: '2025-03', flagged: 1 }]);
  });

  it('refuses deletion inside the retention period and reports what becomes deletable', async () => {
    const coord = clinic.as('coordinator');
    const doctor = clinic.as('doctor');
    const old = await repos.patients.create(coord, newPatient());
    await repos.visits.create(doctor, old.id, { kind: 'consultation', date: '2014-01-02' });
    const soon = await repos.patients.create(coord, newPatient());
    await repos.visits.create(doctor, soon.id, { kind: 'consultation', date: '2015-06-01' });
    const recent = await repos.patients.create(coord, newPatient());
    await repos.visits.create(doctor, recent.id, { kind: 'consultation', date: '2025-02-20' });

    await expect(requestDeletion(t.database.db, clinic.as('admin'), recent.id)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('kept until 2035-02-20') as string,
    });
    await expect(requestDeletion(t.database.db, doctor, recent.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
    const report = await retentionReport(t.database.db, clinic.as('admin'));
    const line = (id: string) => report.find((l) => l.patientId === id);
    expect(line(old.id)).toMatchObject({
      keptUntil: '2024-01-02',
      deletable: true,
      lastRecord: '2014-01-02',
    });
    expect(line(soon.id)).toMatchObject({ keptUntil: '2025-06-01', deletable: false });
    expect(line(recent.id)).toBeUndefined();
    // Past the period, the deletion purges the patient's rows (records.int.test.ts covers a full record).
    expect(await requestDeletion(t.database.db, clinic.as('admin'), old.id)).toEqual({ rows: 3 });
    expect(
      (await retentionReport(t.database.db, clinic.as('admin'))).find((l) => l.patientId === old.id),
    ).toBeUndefined();
    const denied = await t.database.db
      .selectFrom('audit_events')
      .select(['outcome'])
      .where('action', '=', 'delete')
      .where('entity_id', '=', recent.id)
      .execute();
    expect(denied.map((d) => d.outcome)).toEqual(['failure', 'denied']);
  });
});
