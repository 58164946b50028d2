import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../errors.js';
import { main } from '../main.js';
import { memoryIO } from '../test-io.js';

/** users add, backup, restore and audit verify through main(argv, io), on a temp DATA_DIR. */
describe('server administration commands', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-cli-admin-'));
    vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('LOG_LEVEL', 'silent');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[], stdin?: string) => {
    const io = {
      ...memoryIO(dir),
      ...(stdin === undefined ? {} : { readStdin: () => Promise.resolve(stdin) }),
    };
    const code = await main(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };
  const add = (role: string, email: string, stdin = 'a long enough password\n', extra: string[] = []) =>
    run(['users', 'add', '--email', email, '--name', `Dr ${role}`, '--role', role, ...extra], stdin);

  it('users disable/enable/passwd/revoke manage an account; an unknown e-mail is named', async () => {
    await add('admin', 'a@x.test', 'a long enough password\n', ['--password-stdin']);
    await add('doctor', 'd@x.test', 'a long enough password\n', ['--password-stdin']);
    const db = () => new BetterSqlite3(path.join(dir, 'data', 'liftplan.sqlite'), { readonly: true });
    const disabled = (): unknown => {
      const d = db();
      try {
        return (
          d.prepare("SELECT disabled FROM users WHERE email = 'd@x.test'").get() as { disabled: number }
        ).disabled;
      } finally {
        d.close();
      }
    };
    expect(await run(['users', 'disable', '--email', 'd@x.test'])).toMatchObject({
      code: EXIT.ok,
      out: 'disabled d@x.test; their sessions are ended\n',
    });
    expect(disabled()).toBe(1);
    expect((await run(['users', 'enable', '--email', 'd@x.test'])).code).toBe(EXIT.ok);
    expect(disabled()).toBe(0);
    const last = await run(['users', 'disable', '--email', 'a@x.test']);
    expect(last.code).toBe(EXIT.problems);
    expect(last.err).toMatch(/last enabled admin/);
    expect((await run(['users', 'passwd', '--email', 'd@x.test'])).err).toMatch(/--password-stdin/);
    const pw = await run(
      ['users', 'passwd', '--email', 'd@x.test', '--password-stdin'],
      'another long password\n',
    );
    expect(pw).toMatchObject({
      code: EXIT.ok,
      out: 'new password set for d@x.test; their sessions are ended\n',
    });
    expect(await run(['users', 'revoke', '--email', 'd@x.test'])).toMatchObject({
      code: EXIT.ok,
      out: 'ended 0 sessions of d@x.test\n',
    });
    const unknown = await run(['users', 'revoke', '--email', 'nobody@x.test']);
    expect(unknown.code).toBe(EXIT.problems);
    expect(unknown.err).toMatch(/user nobody@x\.test not found/);
  });

  it('users add reads the password from stdin only; the first user must be an admin', async () => {
    const noSource = await add('admin', 'a@x.test', undefined, []);
    expect(noSource.code).toBe(EXIT.usage);
    expect(noSource.err).toMatch(/--password-stdin/);

    const first = await add('doctor', 'd@x.test', 'a long enough password\n', ['--password-stdin']);
    expect(first.code).toBe(EXIT.problems);
    expect(first.err).toMatch(/first user must be an admin/);
    expect(first.err).not.toMatch(/internal error|at .*\.ts/);

    const admin = await add('admin', 'a@x.test', 'a long enough password\n', ['--password-stdin']);
    expect(admin).toMatchObject({ code: EXIT.ok, err: '' });
    expect(admin.out).toMatch(/^added admin a@x\.test \(Dr admin\), id [0-9a-f-]{36}\n$/);

    const short = await add('doctor', 'd@x.test', 'short\n', ['--password-stdin']);
    expect(short.code).toBe(EXIT.problems);
    expect(short.err).toMatch(/at least 12 characters/);
    expect(short.err).not.toContain('short\n');

    const role = await add('nurse', 'n@x.test', 'a long enough password', ['--password-stdin']);
    expect(role.code).toBe(EXIT.usage);
    expect(role.err).toMatch(/unknown role "nurse".*admin \| doctor \| coordinator/);

    const dup = await add('doctor', 'a@x.test', 'a long enough password', ['--password-stdin']);
    expect(dup.code).toBe(EXIT.problems);
    expect(dup.err).toMatch(/exists already/);
  });

  it('lists every configuration problem', async () => {
    vi.stubEnv('PORT', 'eighty');
    vi.stubEnv('LOG_LEVEL', 'loud');
    const r = await run(['audit', 'verify']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/PORT: must be a port number/);
    expect(r.err).toMatch(/LOG_LEVEL/);
  });

  it('backup, audit verify, restore; a tampered database fails verify naming the first broken seq', async () => {
    expect((await add('admin', 'a@x.test', 'a long enough password', ['--password-stdin'])).code).toBe(0);
    await add('doctor', 'd@x.test', 'a long enough password', ['--password-stdin']);

    const ok = await run(['audit', 'verify']);
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out).toMatch(/clinic "[^"]+" \([0-9a-f-]+\): ok, 2 rows verified, head row 2\n/);
    expect(ok.out).toMatch(/audit log ok: 2 events in 1 chains\n$/);

    const b = await run(['backup', 'backup.sqlite']);
    expect(b.code).toBe(EXIT.ok);
    expect(b.out).toMatch(/backed up to backup\.sqlite: integrity ok; audit log ok \(2 events in 1 chains/);
    const again = await run(['backup', 'backup.sqlite']);
    expect(again.code).toBe(EXIT.problems);
    expect(again.err).toMatch(/exists already/);

    const live = new BetterSqlite3(path.join(dir, 'data', 'liftplan.sqlite'));
    live.exec('DROP TRIGGER audit_events_no_update');
    live.prepare("UPDATE audit_events SET actor = 'someone else' WHERE seq = 2").run();
    live.close();
    const broken = await run(['audit', 'verify']);
    expect(broken.code).toBe(EXIT.problems);
    expect(broken.err).toMatch(/the audit log is broken: clinic "[^"]+" \([0-9a-f-]+\): row 2 was altered/);

    const missing = await run(['restore', 'nope.sqlite']);
    expect(missing.code).toBe(EXIT.io);

    const restored = await run(['restore', 'backup.sqlite']);
    expect(restored.code).toBe(EXIT.ok);
    expect(restored.out).toMatch(/backup\.sqlite: integrity ok; audit log ok \(2 events/);
    expect(restored.out).toMatch(/restored backup\.sqlite/);
    expect((await run(['audit', 'verify'])).code).toBe(EXIT.ok);
  });

  it('audit keygen writes a key once; verify checks MACs with it; a short key is refused; audit log shows one chain', async () => {
    await add('admin', 'a@x.test', 'a long enough password\n', ['--password-stdin']);
    const gen = await run(['audit', 'keygen', 'audit.key']);
    expect(gen.code).toBe(EXIT.ok);
    expect(gen.out).toMatch(/set AUDIT_HMAC_KEY_FILE=.*audit\.key/);
    expect(statSync(path.join(dir, 'audit.key'))).toMatchObject({ size: 32 });
    expect(statSync(path.join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    const again = await run(['audit', 'keygen', 'audit.key']);
    expect(again.code).toBe(EXIT.io);
    expect(again.err).toMatch(/exists already/);

    vi.stubEnv('AUDIT_HMAC_KEY_FILE', path.join(dir, 'audit.key'));
    const keyed = await run(['audit', 'verify']);
    expect(keyed.code).toBe(EXIT.ok);
    expect(keyed.out).toMatch(/MACs checked with AUDIT_HMAC_KEY_FILE/);
    // Written before the key: the server keys the chain at its next start.
    expect(keyed.out).toMatch(/ok, 1 rows verified, head row 1, not keyed yet/);

    writeFileSync(path.join(dir, 'short.key'), 'too short');
    vi.stubEnv('AUDIT_HMAC_KEY_FILE', path.join(dir, 'short.key'));
    const short = await run(['audit', 'verify']);
    expect(short.code).toBe(EXIT.usage);
    expect(short.err).toMatch(/AUDIT_HMAC_KEY_FILE: .* holds 9 bytes; at least 32/);
    vi.stubEnv('AUDIT_HMAC_KEY_FILE', undefined);

    expect((await run(['audit', 'log'])).code).toBe(EXIT.usage);
    const d = new BetterSqlite3(path.join(dir, 'data', 'liftplan.sqlite'), { readonly: true });
    const org = (d.prepare('SELECT id FROM organisations').get() as { id: string }).id;
    d.close();
    const log = await run(['audit', 'log', '--clinic', org]);
    expect(log.code).toBe(EXIT.ok);
    expect(log.out).toMatch(/^1\t\S+\tsystem:cli\tcreate\tuser\t/);
    expect((await run(['audit', 'log', '--system'])).out).toBe('');
  });
});
