import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRepositories, migrateToLatest, openSqlite } from '@liftplan/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../errors.js';
import { main } from '../main.js';
import { memoryIO } from '../test-io.js';

/** `liftplan export fhir` and `liftplan import fhir` through main(argv, io), on temp DATA_DIRs. */
describe('liftplan export fhir / import fhir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-cli-fhir-'));
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('LOG_LEVEL', 'silent');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (dataDir: string, argv: string[], stdin?: string) => {
    vi.stubEnv('DATA_DIR', path.join(dir, dataDir));
    const io = {
      ...memoryIO(dir),
      ...(stdin === undefined ? {} : { readStdin: () => Promise.resolve(stdin) }),
    };
    const code = await main(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  it('exports a patient with a reason, imports it into an empty database, and exports it again', async () => {
    expect((await run('a', ['export', 'fhir', '--out', 'x.json'])).code).toBe(EXIT.usage);
    expect((await run('a', ['export', 'fhir', '--reason', 'because', '--out', 'x.json'])).err).toMatch(
      /unknown reason "because".*transfer-of-care/,
    );
    const empty = await run('a', ['export', 'fhir', '--reason', 'clinic-backup', '--out', 'x.json']);
    expect(empty.code).not.toBe(EXIT.ok);
    expect(empty.err).toMatch(/liftplan users add/);

    await run(
      'a',
      ['users', 'add', '--email', 'a@x.test', '--name', 'Admin', '--role', 'admin', '--password-stdin'],
      'a long enough password\n',
    );
    await run(
      'a',
      ['users', 'add', '--email', 'd@x.test', '--name', 'Dr Kim', '--role', 'doctor', '--password-stdin'],
      'a long enough password\n',
    );
    const database = openSqlite(path.join(dir, 'a', 'liftplan.sqlite'));
    try {
      await migrateToLatest(database.db);
      const repos = createRepositories(database.db);
      const org = await repos.users.firstOrganisation();
      const doctor = await repos.users.findByEmail('d@x.test');
      const ctx = {
        actor: { userId: doctor?.id ?? '', role: 'doctor' as const, organisationId: org?.id ?? '' },
        requestId: 'test',
        clock: { now: () => new Date('2026-01-05T10:00:00Z') },
      };
      await repos.patients.create(ctx, {
        chartNumber: 'K-77',
        displayName: '이수진',
        birthDate: '1980-02-03',
        sex: 'female',
      });
    } finally {
      await database.close();
    }
    const out = await run('a', [
      'export',
      'fhir',
      '--patient',
      'K-77',
      '--reason',
      'transfer-of-care',
      '--out',
      'k77.json',
    ]);
    expect(out).toMatchObject({ code: EXIT.ok, err: '' });
    expect(out.out).toMatch(/wrote k77\.json: FHIR R4 Bundle .*, 1 patient\(s\)/);
    const missing = await run('a', [
      'export',
      'fhir',
      '--patient',
      'K-78',
      '--reason',
      'transfer-of-care',
      '--out',
      'k78.json',
    ]);
    expect(missing.err).toMatch(/chart number K-78 not found/);

    // The patient's copy (Art. 21): the PDF and the Bundle, audited with patient-request.
    expect(
      (await run('a', ['export', 'record-copy', '--patient', 'K-77', '--lang', 'fr', '--out', 'c'])).code,
    ).toBe(EXIT.usage);
    const copy = await run('a', [
      'export',
      'record-copy',
      '--patient',
      'K-77',
      '--lang',
      'ko',
      '--out',
      'copy',
    ]);
    expect(copy).toMatchObject({ code: EXIT.ok, err: '' });
    const [, pdfName, jsonName] = /wrote copy\/(\S+\.pdf) and copy\/(\S+\.fhir\.json)/.exec(copy.out) ?? [];
    expect(pdfName).toMatch(/^K-77-\d{4}-\d\d-\d\d-record-copy-ko\.pdf$/);
    expect(
      readFileSync(path.join(dir, 'copy', pdfName ?? ''))
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(readFileSync(path.join(dir, 'copy', jsonName ?? ''), 'utf8')).toContain(
      '"resourceType": "Bundle"',
    );
    const audit = openSqlite(path.join(dir, 'a', 'liftplan.sqlite'));
    try {
      const events = await audit.db
        .selectFrom('audit_events')
        .select(['action', 'entity', 'detail'])
        .where('detail', 'in', ['record-copy:patient-request', 'fhir:patient-request'])
        .where('entity', '=', 'patient')
        .execute();
      expect(events).toEqual([
        { action: 'print', entity: 'patient', detail: 'record-copy:patient-request' },
        { action: 'export', entity: 'patient', detail: 'fhir:patient-request' },
      ]);
    } finally {
      await audit.close();
    }

    const research = await run('a', ['export', 'research', '--reason', 'research', '--out', 'res']);
    expect(research).toMatchObject({ code: EXIT.ok, err: '' });
    expect(research.out).toContain('(0 rows, 0 subjects)');
    expect(readFileSync(path.join(dir, 'res', 'research-dictionary.csv'), 'utf8')).toMatch(
      /^column,type,unit,description\r\nsubject,/,
    );

    const imported = await run('b', ['import', 'fhir', 'k77.json']);
    expect(imported).toMatchObject({ code: EXIT.ok, err: '' });
    expect(imported.out).toContain('imported patient K-77');
    const again = await run('b', ['import', 'fhir', 'k77.json']);
    expect(again.err).toMatch(/chart number K-77 exists already/);
    expect((await run('b', ['import', 'fhir', 'nope.json'])).code).toBe(EXIT.io);

    await run('b', [
      'export',
      'fhir',
      '--patient',
      'K-77',
      '--reason',
      'clinic-backup',
      '--out',
      'k77b.json',
    ]);
    const patientOf = (f: string) =>
      (
        JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as {
          entry: { resource: Record<string, unknown> }[];
        }
      ).entry
        .map((e) => e.resource)
        .find((r) => r['resourceType'] === 'Patient');
    expect(patientOf('k77b.json')).toMatchObject({
      name: [{ text: '이수진' }],
      birthDate: '1980-02-03',
      gender: 'female',
      identifier: [{ value: 'K-77' }],
    });
  }, 60_000);
});

describe('liftplan demo / outcomes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-cli-outcomes-'));
    vi.stubEnv('DATA_DIR', path.join(dir, 'data'));
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('LOG_LEVEL', 'silent');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async (argv: string[]) => {
    const io = memoryIO(dir);
    const code = await main(argv, io);
    return { code, out: io.stdout(), err: io.stderr() };
  };

  it('seeds demo patients into an empty database and reports their outcomes as text, CSV and JSON', async () => {
    expect((await run(['demo', '--patients', '0'])).err).toMatch(/whole number from 1 to 5000/);
    const seeded = await run(['demo', '--patients', '3']);
    expect(seeded).toMatchObject({ code: EXIT.ok, err: '' });
    expect(seeded.out).toContain('added 3 synthetic demo patients (12 follow-ups');
    const text = await run(['outcomes']);
    expect(text.out).toContain('3 procedures, 12 scored follow-ups');
    expect(text.out).toMatch(/jowl left jowl-depth at 1 mo: -2\.\d+ mm/);
    const csv = await run(['outcomes', '--csv', '--region', 'jowl']);
    expect(csv.out.split('\n')[0]).toBe(
      'region,side,metric,unit,months,n,q1,median,q3,mdc,beyond_band,no_band',
    );
    expect(csv.out.split('\n').filter((l) => l.startsWith('jowl,'))).toHaveLength(8);
    const json = JSON.parse((await run(['outcomes', '--json'])).out) as { followUps: number };
    expect(json.followUps).toBe(12);
    expect((await run(['outcomes', '--json', '--csv'])).code).toBe(EXIT.usage);
    expect((await run(['outcomes', '--from', 'soon'])).code).not.toBe(EXIT.ok);
  }, 120_000);
});
