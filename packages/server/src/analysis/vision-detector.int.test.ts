import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { multipartBody } from '../testing/multipart.js';
import { visionDetector } from './vision-detector.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');
const EINSTEIN = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/einstein.jpg');

/** The real face mesh behind the port: a portrait uploaded over HTTP comes back as a stored 468-point analysis. */
describe('story with the real detector (@liftplan/vision)', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-vision-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: await visionDetector(1, 'thread'), listen: false });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a coordinator uploads a front photo; the doctor reads its landmarks and detector version', async () => {
    const org = await server.repos.users.createOrganisation('Vision clinic', { now: () => new Date() });
    const boot = systemContext(org.id, 'test', 'boot');
    for (const role of ['coordinator', 'doctor'] as const) {
      await server.repos.users.create(boot, {
        email: `${role}@v.test`,
        displayName: role,
        role,
        password: 'vision story password',
      });
    }
    const login = async (email: string): Promise<{ cookie: string; 'x-csrf-token': string }> => {
      const res = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password: 'vision story password' },
      });
      const body = JSON.parse(res.body) as { csrfToken: string };
      return {
        cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
        'x-csrf-token': body.csrfToken,
      };
    };
    const coord = await login('coordinator@v.test');
    const doctor = await login('doctor@v.test');
    const patient = JSON.parse(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/patients',
          headers: coord,
          payload: {
            chartNumber: 'V-1',
            displayName: 'Vision Story',
            birthDate: '1971-02-03',
            sex: 'female',
          },
        })
      ).body,
    ) as { id: string };
    const form = multipartBody(
      { view: 'front' },
      { name: 'file', filename: 'front.png', contentType: 'image/png', data: readFileSync(ASTRONAUT) },
    );
    const up = await server.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.id}/photos`,
      headers: { ...coord, 'content-type': form.contentType },
      payload: form.body,
    });
    expect(up.statusCode).toBe(202);
    const jobId = (JSON.parse(up.body) as { job: { id: string } }).job.id;
    await server.worker.idle();
    const job = JSON.parse(
      (await server.app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: coord })).body,
    ) as {
      status: string;
      resultId: string;
      error: unknown;
    };
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const analysis = JSON.parse(
      (await server.app.inject({ method: 'GET', url: `/api/analyses/${job.resultId}`, headers: doctor }))
        .body,
    ) as {
      detector: { id: string; version: string };
      modelSha256: string;
      faces: { chosen: { n: number; byUser: boolean } } | null;
      landmarkVersions: { landmarks: { mesh: unknown[] } }[];
    };
    expect(analysis.detector.id).toBe('mediapipe-face-mesh-v2');
    expect(analysis.detector.version).toMatch(/face_landmarker\.task sha256:64184e229b26/);
    expect(analysis.modelSha256).toBe('64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff');
    expect(analysis.faces?.chosen).toMatchObject({ n: 1, byUser: false });
    expect(analysis.landmarkVersions[0]?.landmarks.mesh).toHaveLength(468);

    // Two faces: refused with the faces listed; the user picks one and the photo is analysed on it.
    const form2 = multipartBody(
      { view: 'front' },
      { name: 'file', filename: 'two.jpg', contentType: 'image/jpeg', data: readFileSync(EINSTEIN) },
    );
    const up2 = JSON.parse(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/patients/${patient.id}/photos`,
          headers: { ...coord, 'content-type': form2.contentType },
          payload: form2.body,
        })
      ).body,
    ) as { photo: { id: string }; job: { id: string } };
    await server.worker.idle();
    const refused = JSON.parse(
      (await server.app.inject({ method: 'GET', url: `/api/jobs/${up2.job.id}`, headers: coord })).body,
    ) as { status: string; error: { code: string }; faces: { n: number; box: { x: number } }[] };
    expect(refused.status).toBe('failed');
    expect(refused.error.code).toBe('ambiguous-subject');
    expect(refused.faces.map((f) => f.n)).toEqual([1, 2]);
    const bad = await server.app.inject({
      method: 'POST',
      url: `/api/photos/${up2.photo.id}/face`,
      headers: doctor,
      payload: { face: 0 },
    });
    expect(bad.statusCode).toBe(400);
    const chose = await server.app.inject({
      method: 'POST',
      url: `/api/photos/${up2.photo.id}/face`,
      headers: doctor,
      payload: { face: 1 },
    });
    expect(chose.statusCode).toBe(202);
    await server.worker.idle();
    const view = JSON.parse(
      (
        await server.app.inject({
          method: 'GET',
          url: `/api/photos/${up2.photo.id}/analysis`,
          headers: doctor,
        })
      ).body,
    ) as {
      job: { status: string; face: number };
      analysis: { faces: { chosen: { n: number; byUser: boolean } } };
    };
    expect(view.job).toMatchObject({ status: 'succeeded', face: 1 });
    expect(view.analysis.faces.chosen).toEqual(expect.objectContaining({ n: 1, byUser: true }));
  }, 120_000);
});
