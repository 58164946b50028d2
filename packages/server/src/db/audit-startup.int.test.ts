import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig, type Config } from '../config.js';
import { startServer } from '../server.js';
import { auditHash } from './audit.js';
import { CHECKPOINT_FILE } from './audit-checkpoint.js';
import { systemClock, systemContext } from './context.js';
import type { AuditEventRow } from './types.js';

/**
 * The audit log against a checkpoint kept outside the database: a log rewritten with recomputed hashes, or cut
 * short, verifies on its own but not against the checkpoint, so the server refuses to start (or starts
 * read-only when told to); a whole log starts and moves the checkpoint on.
 */
describe('audit checkpoint at start (SQLite)', () => {
  let dir: string;
  const configWith = (env: Record<string, string> = {}): Config => {
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });
    if (!r.ok) throw new Error(r.errors.join('; '));
    return r.config;
  };
  const start = (env: Record<string, string> = {}) =>
    startServer(configWith(env), { detector: fixtureDetector(), listen: false });
  let orgId = '';
  /** The clinic chain's position recorded in the checkpoint file. */
  const checkpointSeq = (chain = orgId): number => {
    const cp = JSON.parse(readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8')) as {
      chains: Record<string, { seq: number }>;
    };
    return cp.chains[chain]?.seq ?? -1;
  };

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-audit-start-'));
    const s = await start();
    const org = await s.repos.users.createOrganisation('Checkpoint clinic', systemClock);
    orgId = org.id;
    const boot = systemContext(org.id, 'test', 'boot');
    for (const n of [1, 2, 3]) {
      await s.repos.users.create(boot, {
        email: `u${n}@cp.test`,
        displayName: `U${n}`,
        role: n === 1 ? 'admin' : 'doctor',
        password: 'a long enough password',
      });
    }
    await s.close();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * What someone with only SQL access can do: drop the guards, edit a row of the clinic's chain and recompute
   * every hash after it.
   */
  function rewriteChain(): void {
    const db = new BetterSqlite3(path.join(dir, 'liftplan.sqlite'));
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE chain = ? AND chain_seq = 2").run(orgId);
    const rows = db
      .prepare('SELECT * FROM audit_events WHERE chain = ? ORDER BY chain_seq')
      .all(orgId) as AuditEventRow[];
    let prev = rows[0]?.prev_hash ?? '';
    for (const r of rows) {
      const hash = auditHash(prev, r);
      db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
      prev = hash;
    }
    db.close();
  }

  it('a whole log starts, and every stop moves the checkpoint to the newest row', async () => {
    expect(existsSync(path.join(dir, CHECKPOINT_FILE))).toBe(true);
    const before = checkpointSeq();
    expect(before).toBeGreaterThanOrEqual(3);
    const s = await start();
    // A refused sign-in is audited: one more row, which the checkpoint names after the stop.
    await s.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'u1@cp.test', password: 'not the password' },
    });
    await s.close();
    expect(checkpointSeq()).toBe(before + 1);
  });

  it('a log rewritten with recomputed hashes is refused at start; read-only when told, writes refused', async () => {
    rewriteChain();
    await expect(start()).rejects.toThrow(
      /no longer has the hash recorded outside the database: the log was rewritten/,
    );
    await expect(start()).rejects.toThrow(/AUDIT_ON_BROKEN_CHAIN=read-only/);
    const s = await start({ AUDIT_ON_BROKEN_CHAIN: 'read-only' });
    try {
      const health = await s.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json()).toEqual({ ok: true, readOnly: true });
      const write = await s.app.inject({ method: 'POST', url: '/api/patients', payload: {} });
      expect(write.statusCode).toBe(503);
      expect(write.json()).toMatchObject({ error: { code: 'read_only' } });
      // Signing in stays possible for the investigation (the wrong password is still just refused).
      const login = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'u1@cp.test', password: 'not the password' },
      });
      expect(login.statusCode).toBe(401);
    } finally {
      await s.close();
    }
    // A read-only start does not move the checkpoint past the broken log.
    await expect(start()).rejects.toThrow(/the log was rewritten/);
  });

  it('a log cut short (the newest rows deleted) is refused at start', async () => {
    const db = new BetterSqlite3(path.join(dir, 'liftplan.sqlite'));
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE chain = ? AND chain_seq >= ?').run(orgId, checkpointSeq());
    db.close();
    await expect(start()).rejects.toThrow(
      new RegExp(
        `clinic "Checkpoint clinic" \\(${orgId}\\): row \\d+, recorded outside the database, is missing: the log was cut short`,
      ),
    );
  });
});
