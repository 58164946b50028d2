import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../errors.js';
import { main } from '../main.js';
import { memoryIO } from '../test-io.js';

const PASSWORD = 'a long enough password\n';

/** clinics add|list|disable|enable, superadmin add and users add --clinic-id through main(argv, io). */
describe('clinic administration commands', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-cli-clinics-'));
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
  const addClinic = (name: string, email: string, extra: string[] = ['--password-stdin']) =>
    run(
      [
        'clinics',
        'add',
        '--name',
        name,
        '--time-zone',
        'Asia/Seoul',
        '--admin-email',
        email,
        '--admin-name',
        'Boss',
        ...extra,
      ],
      PASSWORD,
    );

  it('adds clinics with their first admin, lists them, disables and enables one', async () => {
    const noPw = await addClinic('Alpha', 'a@alpha.test', []);
    expect(noPw.code).toBe(EXIT.usage);
    expect(noPw.err).toMatch(/liftplan clinics add … --password-stdin/);

    const a = await addClinic('Alpha', 'a@alpha.test');
    expect(a.code).toBe(EXIT.ok);
    const id = /clinic Alpha, id ([0-9a-f-]{36}); admin a@alpha\.test/.exec(a.out)?.[1];
    expect(id).toBeDefined();
    expect((await addClinic('Beta', 'b@beta.test')).code).toBe(EXIT.ok);
    const taken = await addClinic('Gamma', 'a@alpha.test');
    expect(taken.code).toBe(EXIT.problems);
    expect(taken.err).toMatch(/exists already/);
    const badTz = await run(
      [
        'clinics',
        'add',
        '--name',
        'X',
        '--time-zone',
        'Mars/Base',
        '--admin-email',
        'x@x.test',
        '--admin-name',
        'X',
        '--password-stdin',
      ],
      PASSWORD,
    );
    expect(badTz.code).toBe(EXIT.problems);
    expect(badTz.err).toMatch(/IANA time zone/);

    const list = await run(['clinics', 'list', '--json']);
    expect(list.code).toBe(EXIT.ok);
    expect(
      (JSON.parse(list.out) as { name: string; disabled: boolean }[]).map((c) => [c.name, c.disabled]),
    ).toEqual([
      ['Alpha', false],
      ['Beta', false],
    ]);
    const table = await run(['clinics', 'list']);
    expect(table.out).toMatch(/Alpha\s+Asia\/Seoul\s+active/);

    const off = await run(['clinics', 'disable', '--id', id ?? '']);
    expect(off).toMatchObject({ code: EXIT.ok, out: `disabled clinic Alpha (${id})\n` });
    expect((await run(['clinics', 'list'])).out).toMatch(/Alpha\s+Asia\/Seoul\s+disabled/);
    expect((await run(['clinics', 'enable', '--id', id ?? ''])).code).toBe(EXIT.ok);
    const unknown = await run(['clinics', 'disable', '--id', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(EXIT.problems);
    expect(unknown.err).toMatch(/clinic not found/);
  });

  it('users add names the clinic when there are several; superadmin add makes an operator', async () => {
    await addClinic('Alpha', 'a@alpha.test');
    const b = await addClinic('Beta', 'b@beta.test');
    const betaId = /id ([0-9a-f-]{36});/.exec(b.out)?.[1] ?? '';
    const user = [
      'users',
      'add',
      '--email',
      'd@beta.test',
      '--name',
      'Dr B',
      '--role',
      'doctor',
      '--password-stdin',
    ];
    const ambiguous = await run(user, PASSWORD);
    expect(ambiguous.code).toBe(EXIT.problems);
    expect(ambiguous.err).toMatch(/several clinics: name the one with --clinic-id/);
    expect((await run([...user, '--clinic-id', betaId], PASSWORD)).code).toBe(EXIT.ok);

    const op = await run(
      ['superadmin', 'add', '--email', 'root@x.test', '--name', 'Root', '--password-stdin'],
      PASSWORD,
    );
    expect(op.code).toBe(EXIT.ok);
    expect(op.out).toMatch(/^added super-admin root@x\.test \(Root\), id [0-9a-f-]{36}\n$/);
    const again = await run(
      ['superadmin', 'add', '--email', 'root@x.test', '--name', 'Root', '--password-stdin'],
      PASSWORD,
    );
    expect(again.code).toBe(EXIT.problems);
  });
});
