/**
 * Follow-up comparison and the one-face check over HTTP (SQLite): the server aligns the follow-up to the
 * baseline on the stable landmarks, returns the change per metric with its MDC, and refuses a photo of a
 * different face (as a follow-up, or as another view of the visit) with `face_mismatch` (422).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  JOWL_POINTS,
  MESH,
  PAIRED,
  SYNTHETIC_IMAGE,
  syntheticFace,
  type LandmarkSet,
} from '@liftplan/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LandmarkDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { TestClock } from '../testing/fixtures.js';
import { multipartBody } from '../testing/multipart.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');
/** Synthetic faces as if from the detector whose repeatability was measured (so the changes carry MDCs). */
const HUMAN = { id: 'human-facemesh', version: 'human 3.3.6' };
const face = (o: Parameters<typeof syntheticFace>[0] = {}): LandmarkSet => ({
  ...syntheticFace({ iris: true, ...o }),
  detector: HUMAN,
});
const otherPerson = new Map<number, [number, number, number]>([
  [PAIRED.innerCanthus.left, [6, 0, 0]],
  [PAIRED.innerCanthus.right, [-6, 0, 0]],
  [PAIRED.outerCanthus.left, [4, 5, 0]],
  [PAIRED.outerCanthus.right, [-4, 5, 0]],
  [MESH.noseTip, [0, -12, 8]],
  [MESH.subnasale, [0, -12, 3]],
  [5, [0, -9, 5]],
]);

/** Answers each upload with the next landmark set of the queue (uploads are analysed in order). */
function queueDetector(queue: LandmarkSet[]): LandmarkDetector {
  return {
    detect: () => {
      const landmarks = queue.shift();
      if (!landmarks) return Promise.resolve({ ok: false, code: 'no-face', message: 'queue empty' });
      return Promise.resolve({
        ok: true,
        detector: landmarks.detector,
        landmarks,
        modelSha256: null,
        faces: null,
        passed: true,
        measurements: null,
        image: { ...SYNTHETIC_IMAGE },
      });
    },
    close: () => Promise.resolve(),
  };
}

describe('follow-up comparison over HTTP (SQLite)', () => {
  let dir: string;
  let server: RunningServer;
  let session = { cookie: '', csrf: '' };
  const photo: Record<string, string> = {};
  let patientId = '';
  let visitId = '';

  const call = async (
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await server.app.inject({
      method,
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
      ...(body === undefined ? {} : Buffer.isBuffer(body) ? { payload: body } : { payload: body as object }),
    });
    return { status: res.statusCode, body: JSON.parse(res.body || '{}') as Record<string, unknown> };
  };
  const upload = async (name: string, view: string, visit?: string) => {
    const form = multipartBody(
      { view, ...(visit ? { visitId: visit } : {}) },
      { name: 'file', filename: `${name}.png`, contentType: 'image/png', data: readFileSync(ASTRONAUT) },
    );
    const up = await call('POST', `/api/patients/${patientId}/photos`, form.body, {
      'content-type': form.contentType,
    });
    expect(up.status).toBe(202);
    await server.worker.idle();
    photo[name] = (up.body['photo'] as { id: string }).id;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-followup-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    const jowl = new Map(
      [...JOWL_POINTS.left, ...JOWL_POINTS.right].map((i) => [i, [0, 6, 0] as [number, number, number]]),
    );
    server = await startServer(r.config, {
      detector: queueDetector([
        face(),
        face({ displace: jowl, pxPerMm: 6, rollDeg: 4, centre: [900, 1100] }),
        face({ displace: otherPerson }),
        face({ yawDeg: 35 }),
        face({ yawDeg: 35, displace: otherPerson }),
      ]),
      listen: false,
      clock: new TestClock(Date.parse('2025-03-01T09:00:00Z')),
    });
    const org = await server.repos.users.createOrganisation('Follow-up clinic', new TestClock());
    await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
      email: 'doctor@clinic.test',
      displayName: 'doctor',
      role: 'doctor',
      password: 'a long enough password',
    });
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'doctor@clinic.test', password: 'a long enough password' },
    });
    session = {
      cookie: String(login.headers['set-cookie']).split(';')[0] ?? '',
      csrf: (JSON.parse(login.body) as { csrfToken: string }).csrfToken,
    };
    const p = await call('POST', '/api/patients', {
      chartNumber: 'F-001',
      displayName: 'Follow Up',
      birthDate: '1975-01-01',
      sex: 'female',
      history: {},
    });
    expect(p.status).toBe(201);
    patientId = String(p.body['id']);
    const v = await call('POST', `/api/patients/${patientId}/visits`, {
      kind: 'consultation',
      date: '2025-03-01',
    });
    expect(v.status).toBe(201);
    visitId = String(v.body['id']);
    await upload('baseline', 'front', visitId);
    await upload('followUp', 'front');
    await upload('otherPerson', 'front');
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('measures the follow-up in the baseline frame: change per metric with its MDC and verdict', async () => {
    const r = await call(
      'GET',
      `/api/patients/${patientId}/compare?baseline=${photo['baseline']}&followUp=${photo['followUp']}`,
    );
    expect(r.status).toBe(200);
    const changes = r.body['changes'] as {
      id: string;
      side: string;
      change: number;
      mdc: number | null;
      verdict: string;
    }[];
    const jowl = changes.find((c) => c.id === 'jowl-depth' && c.side === 'left');
    expect(jowl?.mdc).toBeGreaterThan(0);
    expect(jowl?.change).toBeLessThan(0); // jowl points raised 6 mm: a shallower jowl
    expect(['change', 'within-error']).toContain(jowl?.verdict);
    const brow = changes.find((c) => c.id === 'lateral-brow-height' && c.side === 'left');
    expect(Math.abs(brow?.change ?? NaN)).toBeLessThan(1e-6); // untouched, despite another scale and roll
    expect(brow?.verdict).toBe('within-error');
  });

  it('refuses a different face as the follow-up with face_mismatch (422) and a clear message', async () => {
    const r = await call(
      'GET',
      `/api/patients/${patientId}/compare?baseline=${photo['baseline']}&followUp=${photo['otherPerson']}`,
    );
    expect(r.status).toBe(422);
    const error = r.body['error'] as { code: string; message: string };
    expect(error.code).toBe('face_mismatch');
    expect(error.message).toMatch(/do not show the same face/);
  });

  it('checks the views of one visit against its front photo, refusing another person', async () => {
    await upload('oblique', 'oblique-left', visitId);
    const ok = await call('GET', `/api/patients/${patientId}/visits/${visitId}/view-consistency`);
    expect(ok.status).toBe(200);
    expect((ok.body['views'] as { view: string }[]).map((v) => v.view)).toEqual(['oblique-left']);
    await upload('obliqueOther', 'oblique-left', visitId);
    const bad = await call('GET', `/api/patients/${patientId}/visits/${visitId}/view-consistency`);
    expect(bad.status).toBe(422);
    expect((bad.body['error'] as { code: string; message: string }).message).toMatch(/oblique-left photo/);
  });
});
