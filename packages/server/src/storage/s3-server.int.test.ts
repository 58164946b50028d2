import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { multipartBody } from '../testing/multipart.js';
import { startLocalS3, type LocalS3 } from '../testing/s3.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');

/** The whole photo path on an S3-compatible bucket: upload, background analysis and derivative, download. */
describe('clinic server with its photos in S3 (local S3 server)', () => {
  let dir: string;
  let s3: LocalS3;
  let server: RunningServer;
  let headers: Record<string, string>;
  beforeAll(async () => {
    s3 = await startLocalS3();
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-s3-server-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...s3.env('clinic/') });
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.config.photoStore.kind).toBe('s3');
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false });
    const org = await server.repos.users.createOrganisation('S3 clinic', { now: () => new Date() });
    await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
      email: 'c@s3.test',
      displayName: 'C',
      role: 'coordinator',
      password: 's3 test password',
    });
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'c@s3.test', password: 's3 test password' },
    });
    headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0] ?? '',
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
  });
  afterAll(async () => {
    await server.close();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'uploads into the bucket, analyses and derives from it, and serves the original back',
    { timeout: 120_000 },
    async () => {
      const patient = await server.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers,
        payload: { chartNumber: 'S3-1', displayName: 'Bucket Test', birthDate: '1980-01-01', sex: 'female' },
      });
      const bytes = readFileSync(ASTRONAUT);
      const form = multipartBody(
        { view: 'front' },
        { name: 'file', filename: 'a.png', contentType: 'image/png', data: bytes },
      );
      const up = await server.app.inject({
        method: 'POST',
        url: `/api/patients/${patient.json<{ id: string }>().id}/photos`,
        headers: { ...headers, 'content-type': form.contentType },
        payload: form.body,
      });
      expect(up.statusCode).toBe(202);
      const photo = up.json<{ photo: { id: string; sha256: string } }>().photo;
      expect(server.store.describe()).toMatch(/^s3:\/\/liftplan-photos\/clinic\//);
      expect(await server.store.has(photo.sha256)).toBe(true);
      await server.worker.idle();
      const job = await server.app.inject({
        method: 'GET',
        url: `/api/photos/${photo.id}/analysis`,
        headers,
      });
      expect(job.json<{ job: { status: string } }>().job.status).toBe('succeeded');
      const original = await server.app.inject({
        method: 'GET',
        url: `/api/photos/${photo.id}/original`,
        headers,
      });
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload).toEqual(bytes);
      const derivative = await server.app.inject({
        method: 'GET',
        url: `/api/photos/${photo.id}/derivative`,
        headers,
      });
      expect(derivative.statusCode).toBe(200);
      expect(derivative.headers['content-type']).toBe('image/jpeg');
    },
  );

  it('refuses to start with S3 chosen but its settings missing, naming each', () => {
    const r = loadConfig({ DATA_DIR: dir, PHOTO_STORE: 's3' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        'S3_BUCKET: required with PHOTO_STORE=s3',
        'S3_ACCESS_KEY_ID: required with PHOTO_STORE=s3',
        'S3_SECRET_ACCESS_KEY: required with PHOTO_STORE=s3',
      ]);
    }
  });
});
