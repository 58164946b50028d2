import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config.js';
import { auditHash, verifyAuditChain } from '../db/audit.js';
import { openSqlite } from '../db/connect.js';
import { systemContext } from '../db/context.js';
import { createRepositories } from '../db/repositories.js';
import type { AuditEventRow } from '../db/types.js';
import { fixtureDetector } from '../analysis/detector.js';
import { LOCK_FILE } from '../ops/data-lock.js';
import { startServer } from '../server.js';
import { auditVerify, backup, restore, serve, usersAdd } from './commands.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');

describe('CLI functions (SQLite)', () => {
  let dir: string;
  let config: Config;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-cli-'));
    const r = loadConfig({ DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', PORT: '0' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    config = r.config;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('users add: the first user must be an admin; it creates the clinic', async () => {
    await expect(
      usersAdd(config, {
        email: 'd@x.test',
        displayName: 'D',
        role: 'doctor',
        password: 'long enough password',
      }),
    ).rejects.toThrow(/first user must be an admin/);
    const admin = await usersAdd(config, {
      email: 'a@x.test',
      displayName: 'A',
      role: 'admin',
      password: 'long enough password',
    });
    expect(admin.role).toBe('admin');
    const doctor = await usersAdd(config, {
      email: 'd@x.test',
      displayName: 'D',
      role: 'doctor',
      password: 'long enough password',
    });
    expect(doctor.organisationId).toBe(admin.organisationId);
    expect((await auditVerify(config)).verification).toMatchObject({ ok: true, count: 2 });
  });

  it('serve seeds the demo clinic and patient once, and analyses the demo photo', async () => {
    const { server, demo } = await serve(config, { demoPhoto: ASTRONAUT });
    try {
      expect(demo).toMatchObject({
        created: true,
        logins: ['admin@demo.liftplan', 'doctor@demo.liftplan', 'coordinator@demo.liftplan'],
      });
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url ?? ''}/api/health`);
      expect(health.status).toBe(200);
      await server.worker.idle();
      const job = await server.database.db.selectFrom('jobs').select('status').executeTakeFirstOrThrow();
      expect(job.status).toBe('succeeded');
    } finally {
      await server.close();
    }
    const again = await serve({ ...config }, { demoPhoto: ASTRONAUT, listen: false });
    expect(again.demo?.created).toBe(false);
    await again.server.close();
  });

  it('backup is online and verified; restore refuses a tampered backup and brings a good one back', async () => {
    const admin = await usersAdd(config, {
      email: 'a@x.test',
      displayName: 'A',
      role: 'admin',
      password: 'long enough password',
    });
    if (config.database.kind !== 'sqlite') throw new Error('sqlite expected');
    const live = openSqlite(config.database.file);
    const repos = createRepositories(live.db);
    const coord = {
      ...systemContext(admin.organisationId, 'test', 'r1'),
      actor: { userId: 'u', role: 'coordinator' as const, organisationId: admin.organisationId },
    };
    const p = await repos.patients.create(coord, {
      chartNumber: 'B-1',
      displayName: 'Backup Patient',
      birthDate: '1970-01-01',
      sex: 'male',
    });

    const file = path.join(dir, 'backup.sqlite');
    const check = await backup(config, file); // while `live` is open: online backup
    expect(check).toMatchObject({ integrity: 'ok', audit: { ok: true } });
    await expect(backup(config, file)).rejects.toThrow(/exists already/);

    await repos.patients.update(coord, p.id, { version: 1, displayName: 'Changed after backup' });
    await live.close();

    const tampered = path.join(dir, 'tampered.sqlite');
    await backup(config, tampered);
    const t = new BetterSqlite3(tampered);
    t.exec('DROP TRIGGER audit_events_no_update');
    t.prepare("UPDATE audit_events SET outcome = 'failure' WHERE seq = 2").run();
    t.close();
    await expect(restore(config, tampered)).rejects.toThrow(
      /audit log is broken: clinic "[^"]+" \([0-9a-f-]+\): row 2 was altered/,
    );

    // The copy's log rewritten with recomputed hashes: it verifies on its own, not against the checkpoint
    // `backup` wrote beside it.
    const rewritten = path.join(dir, 'rewritten.sqlite');
    expect((await backup(config, rewritten)).checkpoint).toBe(
      'written to rewritten.sqlite.audit-checkpoint.json',
    );
    const w = new BetterSqlite3(rewritten);
    w.exec('DROP TRIGGER audit_events_no_update');
    const rows = w
      .prepare('SELECT * FROM audit_events WHERE chain = ? ORDER BY chain_seq')
      .all(admin.organisationId) as AuditEventRow[];
    let prev = rows[0]?.prev_hash ?? '';
    for (const r of rows) {
      const changed: AuditEventRow = r.chain_seq === 1 ? { ...r, outcome: 'failure' } : r;
      const hash = auditHash(prev, changed);
      w.prepare('UPDATE audit_events SET outcome = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
        changed.outcome,
        prev,
        hash,
        r.seq,
      );
      prev = hash;
    }
    w.close();
    const alone = openSqlite(rewritten);
    expect((await verifyAuditChain(alone.db)).ok).toBe(true);
    await alone.close();
    await expect(restore(config, rewritten)).rejects.toThrow(
      /no longer has the hash recorded outside the database: the log was rewritten/,
    );

    await restore(config, file);
    const back = openSqlite(config.database.file);
    try {
      const got = await createRepositories(back.db).patients.get(coord, p.id);
      expect(got.displayName).toBe('Backup Patient');
    } finally {
      await back.close();
    }
  });

  it('restore and a second server are refused while a server holds the data directory; a stale lock is taken over', async () => {
    await usersAdd(config, {
      email: 'a@x.test',
      displayName: 'A',
      role: 'admin',
      password: 'long enough password',
    });
    const file = path.join(dir, 'backup.sqlite');
    await backup(config, file);
    const running = await startServer(config, { detector: fixtureDetector(), listen: false });
    try {
      await expect(restore(config, file)).rejects.toThrow(
        new RegExp(
          `liftplan server \\(pid ${process.pid}, since .+\\) holds this data directory; stop the server before restoring`,
        ),
      );
      await expect(startServer(config, { detector: fixtureDetector(), listen: false })).rejects.toThrow(
        /holds this data directory; stop it first/,
      );
    } finally {
      await running.close();
    }
    await restore(config, file);
    // A lock left by a process that is gone (a SIGKILLed server): taken over, not a permanent refusal.
    writeFileSync(
      path.join(config.dataDir, LOCK_FILE),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: hostname(),
        since: '2026-01-01T00:00:00.000Z',
        purpose: 'server',
      }),
    );
    await restore(config, file);
    const again = await startServer(config, { detector: fixtureDetector(), listen: false });
    await again.close();
  });
});
