/**
 * HTTP load on loopback against the embedded SQLite database: requests/s and p99 for typical reads (every
 * read is audited, i.e. it also appends to the hash-chained log), and the server's peak memory while a
 * 20 MB photo streams in. Targets (product.md): >= 1,000 req/s, p99 <= 25 ms; the upload must not be held
 * whole in memory.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import { usersAdd } from '../src/cli/commands.js';
import { loadConfig } from '../src/config.js';
import sharp from 'sharp';

const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-bench-'));
const env = {
  ...process.env,
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  PORT: '0',
  LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
};
const r = loadConfig(env);
if (!r.ok) throw new Error(r.errors.join('; '));
const config = r.config;
const password = 'benchmark password';
await usersAdd(config, { email: 'admin@b.test', displayName: 'A', role: 'admin', password });
await usersAdd(config, { email: 'coord@b.test', displayName: 'C', role: 'coordinator', password });
// The server runs in its own process (as in production), so the load generator does not share its event loop.
// Each mode gets its own server on the same data: audit group commit off (the previous version: one
// transaction per audited read) and on (this version), measured in the same run.
async function startChild(groupCommit: boolean) {
  const child = spawn(
    process.execPath,
    [
      '--conditions',
      'source',
      '--import',
      'tsx',
      path.join(import.meta.dirname, '../src/testing/server-child.ts'),
    ],
    {
      env: {
        ...env,
        AUDIT_GROUP_COMMIT: groupCommit ? 'true' : 'false',
        SESSION_CACHE: groupCommit ? 'true' : 'false',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (!child.stdout || child.pid === undefined) throw new Error('server did not start');
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).once('line', (l) => {
      resolve((JSON.parse(l) as { url: string }).url);
    });
  });
  return { child, url, pid: child.pid };
}

async function signIn(url: string) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'coord@b.test', password }),
  });
  const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' } };
}

type Result = { rps: number; p99: number; errors: number };
const results: Record<string, Result> = {};
const previous: Record<string, Result> = {};
let patientId = '';
let server = await startChild(false);
for (const groupCommit of [false, true]) {
  if (groupCommit) {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    server = await startChild(true);
  }
  const { url } = server;
  const { cookie, headers } = await signIn(url);
  if (patientId === '') {
    for (let i = 0; i < 200; i++) {
      const p = await fetch(`${url}/api/patients`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          chartNumber: `B-${i}`,
          displayName: `Bench ${i}`,
          birthDate: '1980-01-01',
          sex: 'female',
        }),
      });
      patientId = ((await p.json()) as { id: string }).id;
    }
  }
  for (const [name, target, connections] of [
    ['GET /api/patients/:id', `${url}/api/patients/${patientId}`, 10],
    ['GET /api/patients/:id c=50', `${url}/api/patients/${patientId}`, 50],
    ['GET /api/patients?limit=20', `${url}/api/patients?limit=20`, 10],
    ['GET /api/health (no DB)', `${url}/api/health`, 10],
  ] as const) {
    await autocannon({ url: target, connections, duration: 1, headers: { cookie } }); // warm-up
    const res = await autocannon({ url: target, connections, duration: 5, headers: { cookie } });
    (groupCommit ? results : previous)[name] = {
      rps: Math.round(res.requests.average),
      p99: res.latency.p99,
      errors: res.errors + res.non2xx,
    };
  }
}
const { url, pid } = server;
const child = server.child;
const { cookie, csrf } = await signIn(url);
/** Peak resident memory of the server process so far (Linux VmHWM), in bytes. */
const peakRss = (): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
};
const currentRss = (): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
};

// A 20 MB upload, streamed by the client from disk, while the server's memory is sampled.
const big = path.join(dir, 'big.jpg');
{
  const out = createWriteStream(big);
  const chunk = Buffer.alloc(1024 * 1024, 7);
  // A real JPEG header (the upload checks it before answering 202), then 20 MB of filler.
  out.write(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888888' } })
      .jpeg()
      .toBuffer(),
  );
  for (let i = 0; i < 20; i++) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}
const rssBefore = currentRss();
const hwmBefore = peakRss();
const boundary = '----liftplanbench';
async function* body(): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="view"\r\n\r\nfront\r\n`);
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  for await (const c of createReadStream(big)) yield c as Buffer;
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}
const t0 = performance.now();
const up = await fetch(`${url}/api/patients/${patientId}/photos`, {
  method: 'POST',
  headers: { cookie, 'x-csrf-token': csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
  body: Readable.toWeb(Readable.from(body())) as ReadableStream,
  duplex: 'half',
});
const uploadMs = performance.now() - t0;
const hwmAfter = peakRss();
const mb = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;

console.log(
  'HTTP reads on loopback, SQLite, 5 s each (every patient read is audited); previous = one transaction per audited read and the session row read per request, now = group commit and cached sessions:',
);
for (const [name, v] of Object.entries(results)) {
  const before = previous[name];
  const target = name.includes('c=50') ? 5000 : 1000;
  const ok =
    v.rps >= target && v.p99 <= 25 ? 'meets target' : `BELOW TARGET (>= ${target} req/s, p99 <= 25 ms)`;
  const ratio = before
    ? ` (previous ${before.rps} req/s p99 ${before.p99} ms: ${(v.rps / Math.max(1, before.rps)).toFixed(2)}x)`
    : '';
  console.log(
    `  ${name.padEnd(30)} ${String(v.rps).padStart(6)} req/s  p99 ${String(v.p99).padStart(3)} ms  errors ${v.errors}  ${(v.rps / target).toFixed(2)}x target  ${ok}${ratio}`,
  );
}
const growth = Math.max(0, hwmAfter - Math.max(hwmBefore, rssBefore));
console.log(
  `20 MB upload: status ${up.status} in ${Math.round(uploadMs)} ms; server peak RSS ${mb(hwmAfter)} MB, ` +
    `${mb(growth)} MB above its level before the upload (${growth < 20 * 1024 * 1024 ? 'streamed, not held whole' : 'HELD WHOLE?'})`,
);
child.kill('SIGTERM');
await once(child, 'exit');
rmSync(dir, { recursive: true, force: true });
