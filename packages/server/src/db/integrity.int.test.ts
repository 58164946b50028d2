import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { startServer, type RunningServer } from '../server.js';
import { signedPlan } from '../testing/consent-fixtures.js';
import { postgresAvailable, TEST_PG_URL } from '../testing/databases.js';
import { newPatient, seedClinic, type Clinic } from '../testing/fixtures.js';
import {
  appendAuditBatch,
  auditHash,
  GENESIS_HASH,
  LEGACY_CHAIN,
  SYSTEM_CHAIN,
  verifyAuditChain,
} from './audit.js';
import { migrateToLatest, openPostgres, openSqlite } from './connect.js';
import { systemContext } from './context.js';
import { MIGRATIONS } from './migrations/index.js';
import { CHECKPOINT_FILE, databaseIdentity } from './audit-checkpoint.js';
import { readAuditKey, writeAuditKey } from './audit-key.js';
import { checkpointMarks } from './audit-startup.js';
import { checkProtections, ensureProtections, PROTECTED_TABLES, ProtectionsRefused } from './protections.js';
import type { AuditEventRow, DB } from './types.js';

/**
 * The direct-SQL tamper cases of issue 14 §6, on both databases: what the triggers refuse, what is refused on
 * read and named by `audit verify` when the triggers are down, the triggers restored at the next start, and a
 * rewritten audit chain caught by the HMAC key and by the checkpoint outside the database.
 */
const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI (${TEST_PG_URL})`);
/** Starting a server and signing a plan takes seconds on a busy 2-core machine. */
const SETUP_TIMEOUT_MS = 60_000;
/** The tables `TRUNCATE plan_versions CASCADE` empties (foreign keys to it, and to those). */
const CASCADE_FROM_PLAN_VERSIONS = [
  'plan_versions',
  'plan_signatures',
  'consents',
  'procedures',
  'procedure_threads',
  'follow_ups',
  'complications',
] as const;

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return `${e.code}: ${e.message}`;
    throw e;
  }
};

describe.each(['sqlite', 'postgres'] as const)('integrity against direct SQL (%s)', (kind) => {
  if (kind === 'postgres' && !pgUp) {
    it.skip('PostgreSQL is not reachable', () => undefined);
    return;
  }
  let dir: string;
  let schema = '';
  let server: RunningServer;
  let clinic: Clinic;
  let other: Clinic;
  let planId = '';
  let versionId = '';
  const keyFile = () => path.join(dir, 'audit.key');

  const config = (env: Record<string, string> = {}): Config => {
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });
    if (!r.ok) throw new Error(r.errors.join('; '));
    // PostgreSQL: a schema of its own (the connection's search path), like the contract suites.
    const target = { kind: 'postgres' as const, url: TEST_PG_URL, schema };
    return kind === 'sqlite' ? r.config : { ...r.config, database: target };
  };
  const start = async (env: Record<string, string> = {}) => {
    const s = await startServer(config(env), { detector: fixtureDetector(), listen: false });
    // The background walk of every row ends before a test tampers with anything.
    await s.auditFullCheck;
    return s;
  };
  const restart = async (env: Record<string, string> = {}) => {
    await server.close();
    server = await start(env);
  };
  const db = (): Kysely<DB> => server.database.db;
  const dropTrigger = (name: string, table: string) =>
    kind === 'sqlite'
      ? sql.raw(`DROP TRIGGER ${name}`).execute(db())
      : sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(db());
  const readPlan = () => codeOf(server.repos.plans.get(clinic.as('doctor'), planId));
  const systemEvents = (action: string) =>
    db()
      .selectFrom('audit_events')
      .selectAll()
      .where('chain', '=', SYSTEM_CHAIN)
      .where('action', '=', action)
      .execute();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-integrity-'));
    if (kind === 'postgres') {
      schema = `t_${randomBytes(6).toString('hex')}`;
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
    }
    server = await start();
    clinic = await seedClinic(server.repos, 'Clinic A');
    other = await seedClinic(server.repos, 'Clinic B');
    const patient = await server.repos.patients.create(clinic.as('coordinator'), newPatient());
    versionId = (await signedPlan(server.repos, clinic.as('doctor'), patient.id)).planVersionId;
    const row = await db()
      .selectFrom('plan_versions')
      .select('plan_id')
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    planId = row.plan_id;
    const b = await server.repos.patients.create(other.as('coordinator'), newPatient());
    await server.repos.patients.get(other.as('doctor'), b.id);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
    if (kind === 'postgres') {
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }, SETUP_TIMEOUT_MS);

  it('each clinic has its own chain, the system its own; an admin sees their clinic’s chain only', async () => {
    const chains = await db()
      .selectFrom('audit_events')
      .select(['chain', 'chain_seq', 'prev_hash', 'hash'])
      .where('chain', 'is not', null)
      .orderBy('chain')
      .orderBy('chain_seq')
      .execute();
    for (const c of [clinic.organisationId, other.organisationId, SYSTEM_CHAIN]) {
      const rows = chains.filter((r) => r.chain === c);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.chain_seq)).toEqual(rows.map((_, i) => i + 1));
      rows.slice(1).forEach((r, i) => {
        expect(r.prev_hash).toBe(rows[i]?.hash);
      });
    }
    expect((await systemEvents('start')).length).toBe(1);
    expect((await systemEvents('migrate')).map((e) => e.entity_id)).toContain('0014-integrity');

    // Everything B's admin sees is B's chain (the list itself is audited after it is read).
    const own = await db()
      .selectFrom('audit_events')
      .select('seq')
      .where('chain', '=', other.organisationId)
      .execute();
    const seen = await server.repos.auditLog.list(other.as('admin'), { limit: 500 });
    expect(new Set(seen.map((e) => e.seq))).toEqual(new Set(own.map((r) => r.seq)));
    expect(seen.some((e) => e.action === 'start' || e.action === 'migrate')).toBe(false);

    const v = await verifyAuditChain(db());
    expect(v.ok).toBe(true);
    expect(v.chains.map((c) => c.label)).toEqual(
      expect.arrayContaining([
        'the system chain',
        `clinic "Clinic A" (${clinic.organisationId})`,
        `clinic "Clinic B" (${other.organisationId})`,
      ]),
    );
  });

  it('an edited row names its clinic and row', async () => {
    await dropTrigger(
      kind === 'sqlite' ? 'audit_events_no_update' : 'audit_events_append_only',
      'audit_events',
    );
    const target = await db()
      .selectFrom('audit_events')
      .select(['seq', 'actor'])
      .where('chain', '=', other.organisationId)
      .where('chain_seq', '=', 2)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('audit_events')
      .set({ actor: 'someone-else' })
      .where('seq', '=', target.seq)
      .execute();
    const v = await verifyAuditChain(db());
    expect(v).toMatchObject({ ok: false, chain: other.organisationId, row: 2, firstBrokenSeq: target.seq });
    expect(!v.ok && v.reason).toBe(`clinic "Clinic B" (${other.organisationId}): row 2 was altered`);
    await db()
      .updateTable('audit_events')
      .set({ actor: target.actor })
      .where('seq', '=', target.seq)
      .execute();
    expect((await verifyAuditChain(db())).ok).toBe(true);
    // The dropped guard is back at the next start, with an event in the system chain.
    await restart();
    const restored = await systemEvents('restore');
    expect(restored.map((e) => e.entity_id)).toContain(
      kind === 'sqlite' ? 'audit_events_no_update' : 'audit_events_append_only',
    );
    await expect(
      db().updateTable('audit_events').set({ actor: 'x' }).where('seq', '=', target.seq).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('a row before the checkpoint edited (hashes not recomputed): found by the full walk after start, the next start refused', async () => {
    // A stop and start: the checkpoint now marks clinic A's newest row.
    await restart();
    const column = kind === 'sqlite' ? 'audit_events_no_update' : 'audit_events_append_only';
    await dropTrigger(column, 'audit_events');
    const target = await db()
      .selectFrom('audit_events')
      .select(['seq', 'detail'])
      .where('chain', '=', clinic.organisationId)
      .where('chain_seq', '=', 1)
      .executeTakeFirstOrThrow();
    await db().updateTable('audit_events').set({ detail: 'edited' }).where('seq', '=', target.seq).execute();
    // The start verifies each chain from its mark (fast), then walks every row in the background.
    await restart();
    await server.close();
    await expect(start()).rejects.toThrow(
      new RegExp(
        `a full verification while the server ran found: clinic "Clinic A" \\(${clinic.organisationId}\\): row 1 was altered`,
      ),
    );
    // The operator's way back after the investigation: the row put right (here) or a backup restored, and
    // the finding removed with the checkpoint file.
    const fix =
      kind === 'sqlite' ? openSqlite(path.join(dir, 'liftplan.sqlite')) : openPostgres(TEST_PG_URL, schema);
    // (The refused start restored the guard: dropped again to put the row right.)
    await sql
      .raw(kind === 'sqlite' ? `DROP TRIGGER ${column}` : `DROP TRIGGER ${column} ON audit_events`)
      .execute(fix.db);
    await fix.db
      .updateTable('audit_events')
      .set({ detail: target.detail })
      .where('seq', '=', target.seq)
      .execute();
    await fix.close();
    rmSync(path.join(dir, CHECKPOINT_FILE));
    server = await start();
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it.runIf(kind === 'postgres')('TRUNCATE (also CASCADE) is refused on every protected table', async () => {
    const before = await db().selectFrom('plan_versions').select('id').execute();
    for (const table of PROTECTED_TABLES) {
      await expect(sql.raw(`TRUNCATE ${table} CASCADE`).execute(db()), table).rejects.toThrow(
        /cannot be truncated|append-only/,
      );
    }
    expect(await db().selectFrom('plan_versions').select('id').execute()).toEqual(before);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('a signed version cannot be marked superseded; with the trigger dropped it is refused on read and named', async () => {
    const supersede = () =>
      db()
        .updateTable('plan_versions')
        .set({ status: 'superseded', superseded_at: new Date().toISOString() })
        .where('id', '=', versionId)
        .execute();
    await expect(supersede()).rejects.toThrow(/a signed plan version cannot be changed/);
    await dropTrigger('plan_versions_signed_immutable', 'plan_versions');
    await supersede();
    expect(await readPlan()).toMatch(/^record_tampered: .*marked superseded but no later version was signed/);
    const v = await verifyAuditChain(db());
    expect(!v.ok && v.reason).toMatch(new RegExp(`${versionId}.*marked superseded but no later version`));
    await db()
      .updateTable('plan_versions')
      .set({ status: 'signed', superseded_at: null })
      .where('id', '=', versionId)
      .execute();
    await restart();
    expect(await readPlan()).toBe('ok');
    expect((await systemEvents('restore')).map((e) => e.entity_id)).toContain(
      'plan_versions_signed_immutable',
    );
    await expect(supersede()).rejects.toThrow(/a signed plan version cannot be changed/);
  });

  it('its plan cannot move to another patient, visit or clinic', async () => {
    const elsewhere = await server.repos.patients.create(clinic.as('coordinator'), newPatient());
    await expect(
      db().updateTable('plans').set({ patient_id: elsewhere.id }).where('id', '=', planId).execute(),
    ).rejects.toThrow(/cannot move to another patient, visit or clinic/);
    await expect(
      db().updateTable('plans').set({ visit_id: null }).where('id', '=', planId).execute(),
    ).rejects.toThrow(/cannot move/);
    await expect(
      db()
        .updateTable('plans')
        .set({ organisation_id: other.organisationId })
        .where('id', '=', planId)
        .execute(),
    ).rejects.toThrow(/cannot move/);
  });

  it('DROP TRIGGER, then an edited payload: refused on every read, named by audit verify, trigger back at start', async () => {
    await dropTrigger('plan_versions_signed_immutable', 'plan_versions');
    const row = await db()
      .selectFrom('plan_versions')
      .select('payload')
      .where('id', '=', versionId)
      .executeTakeFirstOrThrow();
    const edited = row.payload.replace('"count":', '"count":1');
    expect(edited).not.toBe(row.payload);
    await db().updateTable('plan_versions').set({ payload: edited }).where('id', '=', versionId).execute();
    const doctor = clinic.as('doctor');
    expect(await readPlan()).toMatch(/^record_tampered: .*no longer matches its stored hash/);
    const plan = await db()
      .selectFrom('plans')
      .select(['patient_id', 'visit_id'])
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    expect(await codeOf(server.repos.plans.listForPatient(doctor, plan.patient_id))).toMatch(
      /^record_tampered/,
    );
    // The consent form, the procedure check, the PDFs and the FHIR export all read the signed version.
    expect(
      await codeOf(server.repos.consents.preview(doctor, versionId, 'ko', [doctor.actor.userId])),
    ).toMatch(/^record_tampered/);
    const { exportFhir } = await import('../fhir/export.js');
    expect(
      await codeOf(
        exportFhir(db(), server.store, doctor, { patientId: plan.patient_id, reason: 'clinic-backup' }),
      ),
    ).toMatch(/^record_tampered/);
    const v = await verifyAuditChain(db());
    expect(!v.ok && v.reason).toMatch(new RegExp(`${versionId}.*no longer matches its stored hash`));
    await db()
      .updateTable('plan_versions')
      .set({ payload: row.payload })
      .where('id', '=', versionId)
      .execute();
    await restart();
    expect(await readPlan()).toBe('ok');
    await expect(
      db().updateTable('plan_versions').set({ payload: edited }).where('id', '=', versionId).execute(),
    ).rejects.toThrow(/a signed plan version cannot be changed/);
  });

  it('a disabled or replaced trigger is found and restored at start', async () => {
    if (kind === 'sqlite') {
      await dropTrigger('consents_no_delete', 'consents');
      await sql
        .raw(`CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents BEGIN SELECT 1; END`)
        .execute(db());
    } else {
      await sql.raw(`ALTER TABLE plans DISABLE TRIGGER plans_owner_guard`).execute(db());
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION liftplan_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
        )
        .execute(db());
    }
    await restart();
    const restored = await db()
      .selectFrom('audit_events')
      .select(['entity_id', 'detail'])
      .where('chain', '=', SYSTEM_CHAIN)
      .where('action', '=', 'restore')
      .orderBy('seq', 'desc')
      .execute();
    if (kind === 'sqlite') {
      expect(restored).toContainEqual({ entity_id: 'consents_no_delete', detail: 'altered' });
    } else {
      expect(restored).toContainEqual({ entity_id: 'plans_owner_guard', detail: 'disabled' });
      expect(restored).toContainEqual({ entity_id: 'function liftplan_refuse_truncate', detail: 'altered' });
      await expect(sql.raw(`TRUNCATE plans CASCADE`).execute(db())).rejects.toThrow(/cannot be truncated/);
    }
  });

  it.runIf(kind === 'sqlite')('restoring that fails refuses the start, naming what was found', async () => {
    await dropTrigger('consents_no_update', 'consents');
    const { openSqlite } = await import('./connect.js');
    const BetterSqlite3 = (await import('better-sqlite3')).default;
    const file = path.join(dir, 'liftplan.sqlite');
    const raw = new BetterSqlite3(file, { readonly: true });
    const { Kysely: K, SqliteDialect } = await import('kysely');
    const readOnly = new K<DB>({ dialect: new SqliteDialect({ database: raw }) });
    try {
      await expect(ensureProtections(readOnly)).rejects.toThrow(ProtectionsRefused);
      await expect(ensureProtections(readOnly)).rejects.toThrow(/consents_no_update on consents \(missing\)/);
    } finally {
      await readOnly.destroy();
    }
    const w = openSqlite(file);
    try {
      expect(await ensureProtections(w.db)).toEqual([
        { name: 'consents_no_update', table: 'consents', problem: 'missing' },
      ]);
    } finally {
      await w.close();
    }
  });

  it('a chain rewritten with recomputed hashes fails with the HMAC key, and against the checkpoint without it', async () => {
    writeAuditKey(keyFile());
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(() => {
      writeAuditKey(keyFile());
    }).toThrow(/exists already/);
    const key = readAuditKey(keyFile());
    // Switching the key on: each chain is keyed from a `key` event at this start, recorded in the checkpoint.
    await restart({ AUDIT_HMAC_KEY_FILE: keyFile() });
    const keyEvents = await db()
      .selectFrom('audit_events')
      .select(['chain', 'chain_seq', 'mac'])
      .where('action', '=', 'key')
      .execute();
    expect(new Set(keyEvents.map((e) => e.chain))).toEqual(
      new Set([clinic.organisationId, other.organisationId, SYSTEM_CHAIN]),
    );
    expect(keyEvents.every((e) => e.mac !== null)).toBe(true);
    await server.repos.patients.list(clinic.as('doctor'), {});
    await restart({ AUDIT_HMAC_KEY_FILE: keyFile() });
    const identity = databaseIdentity(config().database);
    const marks = checkpointMarks(dir, identity, []);
    expect(marks?.get(clinic.organisationId)?.macFrom).toBe(
      keyEvents.find((e) => e.chain === clinic.organisationId)?.chain_seq,
    );

    // Someone with SQL access but not the key: edit the clinic's first row, recompute every hash after it.
    await dropTrigger(
      kind === 'sqlite' ? 'audit_events_no_update' : 'audit_events_append_only',
      'audit_events',
    );
    const rows = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('chain', '=', clinic.organisationId)
      .orderBy('chain_seq')
      .execute();
    const rewrite = async (stripMacs: boolean) => {
      let prev = rows[0]?.prev_hash ?? '';
      for (const r of rows) {
        const changed: AuditEventRow = r.chain_seq === 1 ? { ...r, actor: 'someone-else' } : r;
        const hash = auditHash(prev, changed);
        await db()
          .updateTable('audit_events')
          .set({ actor: changed.actor, prev_hash: prev, hash, ...(stripMacs ? { mac: null } : {}) })
          .where('seq', '=', r.seq)
          .execute();
        prev = hash;
      }
    };
    await rewrite(false);
    // Without the key and without a checkpoint the rewrite verifies: that is what the key and checkpoint are for.
    expect((await verifyAuditChain(db(), { key: null, signed: false })).ok).toBe(true);
    const keyed = await verifyAuditChain(db(), { key, signed: false });
    expect(!keyed.ok && keyed.reason).toMatch(
      /clinic "Clinic A" .*: row \d+'s MAC does not match: the chain was rewritten without the key/,
    );
    const current = checkpointMarks(dir, identity, []);
    const againstCheckpoint = await verifyAuditChain(db(), {
      key: null,
      signed: false,
      ...(current ? { marks: current } : {}),
    });
    expect(!againstCheckpoint.ok && againstCheckpoint.reason).toMatch(
      /no longer has the hash recorded outside the database: the log was rewritten/,
    );
    // MACs stripped as well: the checkpoint says where the chain's MACs start.
    await rewrite(true);
    const stripped = await verifyAuditChain(db(), {
      key,
      signed: false,
      ...(current ? { marks: new Map([...current].map(([c, h]) => [c, { ...h, seq: 0 }])) } : {}),
    });
    expect(!stripped.ok && stripped.reason).toMatch(/has no MAC although the chain is keyed from row \d+/);
    await server.close();
    await expect(start({ AUDIT_HMAC_KEY_FILE: keyFile() })).rejects.toThrow(/the log was rewritten|MAC/);
    rmSync(path.join(dir, CHECKPOINT_FILE));
    server = await start({ AUDIT_HMAC_KEY_FILE: keyFile(), AUDIT_ON_BROKEN_CHAIN: 'read-only' });
  });
});

describe.each(['sqlite', 'postgres'] as const)('a database from before per-clinic chains (%s)', (kind) => {
  it.skipIf(kind === 'postgres' && !pgUp)(
    'keeps its rows as the legacy chain, anchors the new chains to it and reads a version-1 checkpoint',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-legacy-'));
      const schema = `t_${randomBytes(6).toString('hex')}`;
      if (kind === 'postgres') {
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        await c.query(`CREATE SCHEMA ${schema}`);
        await c.end();
      }
      const database =
        kind === 'sqlite' ? openSqlite(path.join(dir, 'old.sqlite')) : openPostgres(TEST_PG_URL, schema);
      const db = database.db;
      try {
        const migrator = new Migrator({
          db,
          provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
          // Kysely's bookkeeping in this schema, as migrateToLatest keeps it (parallel test schemas).
          ...(kind === 'postgres' ? { migrationTableSchema: schema } : {}),
        });
        expect((await migrator.migrateTo('0012-photo-burst')).error).toBeUndefined();
        await db
          .insertInto('organisations')
          .values({ id: 'org-old', name: 'Old clinic', created_at: '2025-01-01T00:00:00.000Z' } as never)
          .execute();
        // Three rows as the earlier server wrote them: one chain, hashed without chain columns.
        let prev = GENESIS_HASH;
        for (const seq of [1, 2, 3]) {
          const row = {
            seq,
            at: `2025-01-0${seq}T00:00:00.000Z`,
            actor: seq === 1 ? 'system:cli' : 'user-1',
            action: 'read',
            entity: 'patient',
            entity_id: `p${seq}`,
            outcome: 'success' as const,
            request_id: `r${seq}`,
            detail: null,
            chain: null,
            chain_seq: null,
          };
          const hash = auditHash(prev, row);
          await sql`INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, outcome, request_id, detail, prev_hash, hash)
            VALUES (${seq}, ${row.at}, ${row.actor}, 'read', 'patient', ${row.entity_id}, 'success', ${row.request_id}, NULL, ${prev}, ${hash})`.execute(
            db,
          );
          prev = hash;
        }
        const legacyHead = prev;
        await migrateToLatest(db);
        const ctx = systemContext('org-old', 'test', 'after');
        await db.transaction().execute((trx) =>
          appendAuditBatch(trx, [
            { ctx, entry: { action: 'read', entity: 'patient', entityId: 'p4', outcome: 'success' } },
            {
              ctx: systemContext(SYSTEM_CHAIN, 'test', 'after'),
              entry: { action: 'start', entity: 'server', entityId: null, outcome: 'success' },
            },
          ]),
        );
        const first = await db
          .selectFrom('audit_events')
          .selectAll()
          .where('chain', '=', 'org-old')
          .executeTakeFirstOrThrow();
        expect(first).toMatchObject({ chain_seq: 1, seq: 4, prev_hash: legacyHead });
        const v = await verifyAuditChain(db);
        expect(v.ok && v.chains.map((c) => [c.chain, c.count])).toEqual([
          [LEGACY_CHAIN, 3],
          [SYSTEM_CHAIN, 1],
          ['org-old', 1],
        ]);

        // A checkpoint written by the earlier server (version 1: one seq and hash) marks the legacy chain.
        const identity = `test:${schema}`;
        writeFileSync(
          path.join(dir, CHECKPOINT_FILE),
          JSON.stringify({
            format: 'liftplan.audit-checkpoint',
            version: 1,
            database: identity,
            seq: 3,
            hash: legacyHead,
            writtenAt: '2025-01-03T00:00:00.000Z',
          }),
        );
        const marks = checkpointMarks(dir, identity, []);
        expect(marks?.get(LEGACY_CHAIN)).toEqual({ seq: 3, hash: legacyHead });
        expect((await verifyAuditChain(db, { ...(marks ? { marks } : {}) })).ok).toBe(true);

        // An edited legacy row is named in the legacy chain.
        await sql
          .raw(
            kind === 'sqlite'
              ? 'DROP TRIGGER audit_events_no_update'
              : 'DROP TRIGGER audit_events_append_only ON audit_events',
          )
          .execute(db);
        await db.updateTable('audit_events').set({ actor: 'someone-else' }).where('seq', '=', 2).execute();
        const broken = await verifyAuditChain(db);
        expect(!broken.ok && broken.reason).toBe(
          'the legacy chain (rows before per-clinic chains): row 2 was altered',
        );
      } finally {
        await database.close();
        if (kind === 'postgres') {
          const c = new pg.Client({ connectionString: TEST_PG_URL });
          await c.connect();
          await c.query(`DROP SCHEMA ${schema} CASCADE`);
          await c.end();
        }
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe.skipIf(!pgUp)('TRUNCATE with its guards dropped (postgres)', () => {
  it(
    'is named by audit verify; the start is refused and the guards are back',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-truncate-'));
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
      if (!r.ok) throw new Error(r.errors.join('; '));
      const target = { kind: 'postgres' as const, url: TEST_PG_URL, schema };
      const config: Config = { ...r.config, database: target };
      const start = () => startServer(config, { detector: fixtureDetector(), listen: false });
      const server = await start();
      let open = true;
      try {
        const clinic = await seedClinic(server.repos, 'Clinic T');
        const patient = await server.repos.patients.create(clinic.as('coordinator'), newPatient());
        const { planVersionId } = await signedPlan(server.repos, clinic.as('doctor'), patient.id);
        const db = server.database.db;
        await expect(sql`TRUNCATE plan_versions CASCADE`.execute(db)).rejects.toThrow(/cannot be truncated/);
        // Everything TRUNCATE … CASCADE reaches from plan_versions, each guard dropped.
        for (const t of CASCADE_FROM_PLAN_VERSIONS) {
          await sql.raw(`DROP TRIGGER ${t}_no_truncate ON ${t}`).execute(db);
        }
        await sql`TRUNCATE plan_versions CASCADE`.execute(db);
        const v = await verifyAuditChain(db);
        expect(!v.ok && v.reason).toBe(`signed plan version ${planVersionId} is missing from plan_versions`);
        await server.close();
        open = false;
        // The chains still verify row by row, the signed records they vouch for do not: refused, guards restored.
        await expect(start()).rejects.toThrow(/is missing from plan_versions/);
        const check = openPostgres(TEST_PG_URL, schema);
        try {
          expect(await checkProtections(check.db)).toEqual([]);
        } finally {
          await check.close();
        }
      } finally {
        if (open) await server.close();
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SETUP_TIMEOUT_MS,
  );
});
