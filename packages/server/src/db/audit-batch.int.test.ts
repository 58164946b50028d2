import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPatient, TestClock } from '../testing/fixtures.js';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { verifyAuditChain } from './audit.js';
import { enableAuditGroupCommit, type AuditBatcher } from './audit-batch.js';
import { systemContext, type RepoContext } from './context.js';
import { transact } from './repo-kit.js';
import { createRepositories, type Repositories } from './repositories.js';

/**
 * Group commit of read audit events on both databases: every read's event is committed before the read
 * answers, concurrent reads share transactions, the chain stays whole and in order, and writes keep their
 * own transaction with the change.
 */
describe.each([
  ['sqlite', sqliteTestDatabase],
  ['postgres', () => postgresTestDatabase()],
] as const)('audited reads in batches (%s)', (_kind, open) => {
  let t: TestDatabase;
  let repos: Repositories;
  let batcher: AuditBatcher;
  let coord: RepoContext;
  let patientId = '';
  const events = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await open();
    batcher = enableAuditGroupCommit(t.database.db, (db, work) => transact(db, true, work));
    repos = createRepositories(t.database.db);
    const clock = new TestClock();
    const org = await repos.users.createOrganisation('Batch clinic', clock);
    const boot = systemContext(org.id, 'test', 'boot', clock);
    const u = await repos.users.create(boot, {
      email: 'c@batch.test',
      displayName: 'C',
      role: 'coordinator',
      password: 'a long enough password',
    });
    coord = { actor: { userId: u.id, role: 'coordinator', organisationId: org.id }, requestId: 'r', clock };
    patientId = (await repos.patients.create(coord, newPatient())).id;
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
  });

  it('a read answers only after its event is committed', async () => {
    const before = await events();
    await repos.patients.get(coord, patientId);
    expect(await events()).toBe(before + 1);
    const last = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({
      action: 'read',
      entity: 'patient',
      entity_id: patientId,
      outcome: 'success',
    });
  });

  it('200 concurrent reads: 200 events in far fewer transactions, the chain whole', async () => {
    const before = await events();
    const batches = batcher.stats.batches;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        repos.patients.get({ ...coord, requestId: `read-${i}` }, patientId),
      ),
    );
    expect(await events()).toBe(before + 200);
    expect(batcher.stats.batches - batches).toBeLessThan(50);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it('a refused read is audited as denied; writes keep their own transaction', async () => {
    const before = await events();
    await expect(repos.patients.get(coord, '00000000-0000-4000-8000-000000000000')).rejects.toThrow();
    const created = await repos.patients.create(coord, newPatient());
    await Promise.all([repos.patients.get(coord, created.id), repos.patients.list(coord, {})]);
    const rows = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'outcome'])
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    const seen = rows.map((r) => `${r.action}:${r.outcome}`);
    expect(seen.slice(0, 2)).toEqual(['read:failure', 'create:success']);
    // The two concurrent reads in the order they finished.
    expect([...seen.slice(2)].sort()).toEqual(['list:success', 'read:success']);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });
});
