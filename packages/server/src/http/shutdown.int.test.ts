import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { systemContext } from '../db/context.js';
import { startServer } from '../server.js';

const ASTRONAUT = path.resolve(import.meta.dirname, '../../../vision/test-fixtures/astronaut.png');

/** A stop never waits forever on a client that stalls mid-upload; what it cut off leaves nothing behind. */
describe('bounded graceful shutdown (SQLite)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-shutdown-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('closes a stalled upload after the grace period and leaves no temp file', async () => {
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', PORT: '0', SHUTDOWN_GRACE_SECONDS: '0.3' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    const server = await startServer(r.config, { detector: fixtureDetector() });
    const org = await server.repos.users.createOrganisation('Shutdown clinic', { now: () => new Date() });
    await server.repos.users.create(systemContext(org.id, 'test', 'boot'), {
      email: 'c@s.test',
      displayName: 'C',
      role: 'coordinator',
      password: 'shutdown password',
    });
    const url = new URL(server.url ?? '');
    const login = await fetch(`${url.origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'c@s.test', password: 'shutdown password' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const patient = (await (
      await fetch(`${url.origin}/api/patients`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify({
          chartNumber: 'S-1',
          displayName: 'Stall',
          birthDate: '1970-01-01',
          sex: 'male',
        }),
      })
    ).json()) as { id: string };

    // Half an upload, then silence: the body promises far more bytes than it sends.
    const boundary = 'stall';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="view"\r\n\r\nfront\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
    );
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const closed = new Promise<void>((resolve) =>
      socket.once('close', () => {
        resolve();
      }),
    );
    socket.on('error', () => undefined);
    socket.write(
      `POST /api/patients/${patient.id}/photos HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${cookie}\r\nx-csrf-token: ${csrf}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 50000000\r\n\r\n`,
    );
    socket.write(Buffer.concat([head, readFileSync(ASTRONAUT).subarray(0, 100_000)]));
    // Wait until the server is streaming the file into its temp folder.
    const tmp = path.join(r.config.photoDir, 'tmp');
    for (let i = 0; i < 200 && readdirSync(tmp, { withFileTypes: true }).length === 0; i++) {
      await new Promise((res) => setTimeout(res, 25));
    }
    expect(readdirSync(tmp)).toHaveLength(1);

    await server.close(); // would wait for the stalled client forever without the grace period
    await closed;
    expect(readdirSync(tmp)).toEqual([]);
  });
});
