import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig, type Config } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { postgresAvailable, TEST_PG_URL } from '../testing/databases.js';
import { multipartBody } from '../testing/multipart.js';
import { INPUT_LIMITS } from './input-guard.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');
const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI (${TEST_PG_URL})`);

interface ErrorAnswer {
  error: { code: string; message: string; fields?: { path: string; message: string }[]; requestId: string };
}

/** Every file under the photo store (blobs and temp files), relative to it. */
function storedFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

const backends = [
  { name: 'SQLite', postgres: false },
  { name: 'PostgreSQL', postgres: true },
] as const;

describe.each(backends)('bad input is a 400 in the API error format, never a 500 ($name)', ({ postgres }) => {
  const run = postgres ? pgUp : true;
  let dir: string;
  let server: RunningServer;
  let config: Config;
  let headers: Record<string, string>;
  let adminHeaders: Record<string, string>;
  let patientId = '';
  const schema = `t_${randomBytes(6).toString('hex')}`;

  const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, extra = {}) => {
    const res = await server.app.inject({
      method,
      url,
      headers: { ...headers, ...extra },
      ...(payload === undefined
        ? {}
        : typeof payload === 'string' || Buffer.isBuffer(payload)
          ? { payload }
          : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as ErrorAnswer) : undefined };
  };
  const expectBadRequest = (
    r: { status: number; body: ErrorAnswer | undefined },
    fieldPath: string,
    message: RegExp,
  ): void => {
    expect(r.status).toBe(400);
    expect(r.body?.error.code).toBe('bad_request');
    expect(r.body?.error.requestId).toEqual(expect.any(String));
    expect(r.body?.error.fields).toContainEqual({ path: fieldPath, message: expect.stringMatching(message) });
  };

  beforeAll(async () => {
    if (!run) return;
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-bad-input-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    config = r.config;
    if (postgres) {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      config = { ...config, database: { kind: 'postgres', url: TEST_PG_URL, schema } as Config['database'] };
    }
    server = await startServer(config, { detector: fixtureDetector(), listen: false });
    const org = await server.repos.users.createOrganisation('Bad input clinic', { now: () => new Date() });
    const signIn = async (role: 'admin' | 'coordinator'): Promise<Record<string, string>> => {
      await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
        email: `${role}@bad.test`,
        displayName: role,
        role,
        password: 'bad input password',
      });
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: `${role}@bad.test`, password: 'bad input password' },
      });
      return {
        cookie: String(login.headers['set-cookie']).split(';')[0] ?? '',
        'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
      };
    };
    adminHeaders = await signIn('admin');
    headers = await signIn('coordinator');
    const p = await inject('POST', '/api/patients', {
      chartNumber: 'B-1',
      displayName: 'Bad Input',
      birthDate: '1975-05-05',
      sex: 'female',
    });
    expect(p.status).toBe(201);
    patientId = (p.body as unknown as { id: string }).id;
  });
  afterAll(async () => {
    if (!run) return;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    if (postgres) {
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it.runIf(run)(
    'a NUL byte anywhere, also in the unauthenticated login, is refused with its field',
    async () => {
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'admin@bad.test\u0000', password: 'x' },
      });
      expectBadRequest({ status: login.statusCode, body: login.json<ErrorAnswer>() }, 'email', /NUL/);
      const patient = await inject('POST', '/api/patients', {
        chartNumber: 'B-\u00002',
        displayName: 'Nul',
        birthDate: '1975-05-05',
        sex: 'female',
      });
      expectBadRequest(patient, 'chartNumber', /NUL/);
      const search = await inject('GET', '/api/patients?q=a%00b');
      expectBadRequest(search, 'querystring.q', /NUL/);
    },
  );

  it.runIf(run)('lone surrogates are refused (not valid UTF-8 for the database)', async () => {
    const r = await inject(
      'POST',
      '/api/patients',
      // JSON's \ud800 escape survives parsing as a lone surrogate.
      '{"chartNumber":"B-3","displayName":"Lone \\ud800 surrogate","birthDate":"1975-05-05","sex":"female"}',
      { 'content-type': 'application/json' },
    );
    expectBadRequest(r, 'displayName', /surrogate/);
  });

  it.runIf(run)(
    'integers beyond the 32-bit column range are refused, in bodies and query strings',
    async () => {
      const org = await inject('PATCH', '/api/organisation', { version: 2 ** 31, name: 'X' }, adminHeaders);
      expectBadRequest(org, 'version', /2147483647/);
      const audit = await inject('GET', '/api/audit?before=99999999999', undefined, adminHeaders);
      expect(audit.status).toBe(400);
      expect(audit.body?.error.fields?.[0]?.path).toBe('querystring.before');
      const offset = await inject('GET', '/api/patients?offset=3000000000');
      expect(offset.status).toBe(400);
    },
  );

  it.runIf(run)('deep nesting and huge lists are refused before any schema walks them', async () => {
    // Written as text: building it as an object would overflow the test's own JSON.stringify.
    const nested = `{"chartNumber":"B-4","extra":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const deep = await inject('POST', '/api/patients', nested, { 'content-type': 'application/json' });
    expect(deep.status).toBe(400);
    expect(deep.body?.error.fields?.[0]?.message).toMatch(/nested more than/);
    const big = await inject('POST', '/api/patients', {
      chartNumber: 'B-5',
      list: Array.from({ length: INPUT_LIMITS.maxArrayLength + 1 }, () => 0),
    });
    expectBadRequest(big, 'list', /items in one list/);
  });

  it.runIf(run)("the framework's own refusals come in the API format", async () => {
    const badJson = await inject('POST', '/api/patients', '{"chartNumber":', {
      'content-type': 'application/json',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body?.error.code).toBe('bad_request');
    const type = await inject('POST', '/api/patients', '<chart/>', { 'content-type': 'application/xml' });
    expect(type.status).toBe(415);
    expect(type.body?.error.code).toBe('unsupported_media_type');
  });

  const upload = (data: Buffer, target = patientId, extraFile?: Buffer) => {
    const form = multipartBody(
      { view: 'front' },
      { name: 'file', filename: 'a.jpg', contentType: 'image/jpeg', data },
    );
    let body = form.body;
    if (extraFile) {
      // A second file part before the closing boundary.
      const boundary = form.contentType.split('boundary=')[1] ?? '';
      const closing = Buffer.from(`--${boundary}--\r\n`);
      const second = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file2"; filename="b.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        extraFile,
        Buffer.from('\r\n'),
      ]);
      body = Buffer.concat([body.subarray(0, body.length - closing.length), second, closing]);
    }
    return server.app.inject({
      method: 'POST',
      url: `/api/patients/${target}/photos`,
      headers: { ...headers, 'content-type': form.contentType },
      payload: body,
    });
  };

  it.runIf(run)('a refused upload leaves nothing in the photo store', async () => {
    const before = storedFiles(config.photoDir);
    const threeBytes = await upload(Buffer.from([0xff, 0xd8, 0xff]));
    expect(threeBytes.statusCode).toBe(415);
    expect(threeBytes.json<ErrorAnswer>().error.message).toMatch(/header is damaged or cut short/);
    const astronaut = readFileSync(ASTRONAUT);
    const unknown = await upload(astronaut, '00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<ErrorAnswer>().error.code).toBe('not_found');
    const two = await upload(astronaut, patientId, astronaut);
    expect(two.statusCode).toBe(400);
    expect(two.json<ErrorAnswer>().error.message).toMatch(/one photo per request/);
    expect(storedFiles(config.photoDir)).toEqual(before);
  });

  it.runIf(run)('a photo whose file is missing from the store answers in the API format', async () => {
    const up = await upload(readFileSync(ASTRONAUT));
    expect(up.statusCode).toBe(202);
    const photo = up.json<{ photo: { id: string; sha256: string } }>().photo;
    await server.worker.idle();
    await server.store.remove(photo.sha256);
    const res = await inject('GET', `/api/photos/${photo.id}/original`);
    expect(res.status).toBe(404);
    expect(res.body?.error.message).toMatch(/missing from the photo store/);
  });
});
