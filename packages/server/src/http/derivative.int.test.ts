import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { metadataBlocks } from '@liftplan/vision';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer, type RunningServer } from '../server.js';
import { multipartBody } from '../testing/multipart.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');

describe('metadata-stripped derivative of every upload', () => {
  let dir: string;
  let server: RunningServer;
  let headers: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-derivative-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false });
    const org = await server.repos.users.createOrganisation('Derivative clinic', { now: () => new Date() });
    await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
      email: 'c@d.test',
      displayName: 'C',
      role: 'coordinator',
      password: 'derivative password',
    });
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'c@d.test', password: 'derivative password' },
    });
    headers = {
      cookie: String(login.headers['set-cookie']).split(';')[0] ?? '',
      'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
    };
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps GPS EXIF in the original and removes it (and all other metadata) from the derivative', async () => {
    const tagged = await sharp(readFileSync(ASTRONAUT))
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'Apple', Model: 'iPhone 15' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '37/1 33/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '126/1 58/1 0/1',
          GPSMapDatum: 'WGS-84',
        },
      })
      .toBuffer();
    const patient = await server.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers,
      payload: { chartNumber: 'G-1', displayName: 'Gps Test', birthDate: '1980-01-01', sex: 'female' },
    });
    const form = multipartBody(
      { view: 'front' },
      { name: 'file', filename: 'phone.jpg', contentType: 'image/jpeg', data: tagged },
    );
    const up = await server.app.inject({
      method: 'POST',
      url: `/api/patients/${patient.json<{ id: string }>().id}/photos`,
      headers: { ...headers, 'content-type': form.contentType },
      payload: form.body,
    });
    expect(up.statusCode).toBe(202);
    const photoId = up.json<{ photo: { id: string } }>().photo.id;
    await server.worker.idle();

    const photo = await server.app.inject({ method: 'GET', url: `/api/photos/${photoId}`, headers });
    // Orientation 6 is baked in: the 512×512 portrait stays square, upright.
    expect(photo.json()).toMatchObject({ derivative: { width: 512, height: 512 } });

    const original = await server.app.inject({
      method: 'GET',
      url: `/api/photos/${photoId}/original`,
      headers,
    });
    expect(original.rawPayload.equals(tagged)).toBe(true);
    expect(await metadataBlocks(original.rawPayload)).toContain('exif');
    expect(original.rawPayload.includes(Buffer.from('WGS-84'))).toBe(true);
    const exif = (await sharp(original.rawPayload).metadata()).exif;
    expect(exif?.includes(Buffer.from('iPhone 15'))).toBe(true);

    const derivative = await server.app.inject({
      method: 'GET',
      url: `/api/photos/${photoId}/derivative`,
      headers,
    });
    expect(derivative.statusCode).toBe(200);
    expect(derivative.headers['content-type']).toBe('image/jpeg');
    expect(await metadataBlocks(derivative.rawPayload)).toEqual([]);
    expect(derivative.rawPayload.includes(Buffer.from('WGS-84'))).toBe(false);
    expect(derivative.rawPayload.includes(Buffer.from('iPhone'))).toBe(false);
    expect((await sharp(derivative.rawPayload).metadata()).exif).toBeUndefined();

    // The derivative is a known blob: a restart's orphan sweep keeps it.
    expect(await server.repos.photos.knownBlobs()).toHaveProperty('size', 2);
  });
});
