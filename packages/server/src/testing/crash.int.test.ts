import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersAdd } from '../cli/commands.js';
import { loadConfig, type Config } from '../config.js';
import { verifyAuditChain } from '../db/audit.js';
import { openSqlite } from '../db/connect.js';
import { LocalPhotoStore, type PhotoStore } from '../storage/photo-store.js';
import { S3PhotoStore } from '../storage/s3-store.js';
import { startLocalS3, type LocalS3 } from './s3.js';
import { multipartBody } from './multipart.js';

const CHILD = path.join(import.meta.dirname, 'server-child.ts');
/** How long the restarted server gets to analyse every photo (polls of the jobs table, not a timing check). */
const JOB_DRAIN_POLLS = 600;
const JOB_DRAIN_POLL_MS = 100;
const PASSWORD = 'crash test password';

async function spawnServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions', 'source', '--import', 'tsx', CHILD], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (!child.stdout) throw new Error('no stdout');
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`server exited with ${String(code)}`));
    });
    lines.once('line', (l) => {
      resolve((JSON.parse(l) as { url: string }).url);
    });
  });
  return { child, url };
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

interface Login {
  cookie: string;
  csrf: string;
}

async function login(url: string, email: string): Promise<Login> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  const body = (await r.json()) as { csrfToken: string };
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken };
}

const send = (url: string, s: Login, method: string, body: unknown): Promise<Response> =>
  fetch(url, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A distinct PNG-looking payload of `size` bytes. */
const fakePng = (i: number, size: number): Buffer => {
  const b = Buffer.alloc(size, i % 251);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  // A real IHDR header: uploads check it before answering 202.
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(640 + i, 16);
  b.writeUInt32BE(480, 20);
  return b;
};

/**
 * A server process is killed with SIGKILL in the middle of uploads and plan saves, then restarted on the
 * same data: every acknowledged write is there, no photo without its file or job, no file without its row,
 * no temp files, the audit chain verifies.
 */
describe.each(['local', 's3'] as const)(
  'crash safety (SIGKILL during uploads and plan saves, SQLite, %s photo store)',
  (kind) => {
    let dir: string;
    let config: Config;
    let env: NodeJS.ProcessEnv;
    let child: ChildProcess | undefined;
    let s3: LocalS3 | undefined;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'liftplan-crash-'));
      if (kind === 's3') s3 = await startLocalS3();
      env = {
        ...process.env,
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        PORT: '0',
        NODE_ENV: 'test',
        ...(s3 ? s3.env('crash/') : {}),
      };
      const r = loadConfig(env);
      if (!r.ok) throw new Error(r.errors.join('; '));
      config = r.config;
      await usersAdd(config, { email: 'admin@c.test', displayName: 'A', role: 'admin', password: PASSWORD });
      await usersAdd(config, {
        email: 'coord@c.test',
        displayName: 'C',
        role: 'coordinator',
        password: PASSWORD,
      });
      await usersAdd(config, { email: 'doc@c.test', displayName: 'D', role: 'doctor', password: PASSWORD });
    });
    afterAll(async () => {
      if (child) await kill9(child);
      await s3?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it(
      'loses no acknowledged write and leaves no half records or orphan files',
      { timeout: 180_000 },
      async () => {
        const first = await spawnServer(env);
        child = first.child;
        const { url } = first;
        const coord = await login(url, 'coord@c.test');
        const doc = await login(url, 'doc@c.test');
        const patient = (await (
          await send(`${url}/api/patients`, coord, 'POST', {
            chartNumber: 'K-1',
            displayName: 'Crash Test',
            birthDate: '1975-01-01',
            sex: 'female',
          })
        ).json()) as { id: string };
        const visit = (await (
          await send(`${url}/api/patients/${patient.id}/visits`, coord, 'POST', {
            kind: 'consultation',
            date: '2025-03-01',
          })
        ).json()) as { id: string };
        // A draft with no photos or assessment yet (drafts may be incomplete); each save records another reason.
        const edits = (n: number) => ({
          visitId: visit.id,
          photos: [],
          intake: { concerns: [], expectations: 'realistic' },
          placements: [],
          justifications: [{ zoneId: 'infraorbital-foramen:left', reason: `considered, draft ${n}` }],
        });
        const plan = (await (
          await send(`${url}/api/patients/${patient.id}/plans`, doc, 'POST', edits(1))
        ).json()) as { id: string; version: number };

        const ackedPhotos: string[] = [];
        let ackedPlanVersion = plan.version;
        const uploads = Array.from({ length: 24 }, async (_, i) => {
          const form = multipartBody(
            { view: 'front' },
            { name: 'file', filename: `p${i}.png`, contentType: 'image/png', data: fakePng(i, 1_500_000) },
          );
          const r = await fetch(`${url}/api/patients/${patient.id}/photos`, {
            method: 'POST',
            headers: { cookie: coord.cookie, 'x-csrf-token': coord.csrf, 'content-type': form.contentType },
            body: form.body,
          });
          if (r.status === 202) ackedPhotos.push(((await r.json()) as { photo: { id: string } }).photo.id);
        });
        const saves = (async () => {
          for (let n = 2; n < 500; n++) {
            const r = await send(`${url}/api/plans/${plan.id}/draft`, doc, 'PUT', {
              version: ackedPlanVersion,
              ...edits(n),
            });
            if (r.status !== 200) return;
            ackedPlanVersion = ((await r.json()) as { version: number }).version;
          }
        })();
        // Handled from the start: requests cut off by the kill reject while the test is still awaiting it.
        const settled = Promise.allSettled([...uploads, saves]);
        // Kill once some uploads are acknowledged and others are still streaming.
        while (ackedPhotos.length < 3) await new Promise((r) => setTimeout(r, 5));
        await kill9(first.child);
        await settled;
        expect(ackedPhotos.length).toBeLessThan(24);
        expect(ackedPlanVersion).toBeGreaterThan(1);

        // Restart on the same data: the start-up sweep runs, then everything must be consistent. No job workers
        // in this one: an analysis in flight when it is killed would leave a spool file of its own.
        const second = await spawnServer({ ...env, JOB_WORKERS: '0' });
        child = second.child;
        await kill9(second.child);
        child = undefined;

        if (config.database.kind !== 'sqlite') throw new Error('sqlite expected');
        const database = openSqlite(config.database.file);
        try {
          const db = database.db;
          const photos = await db.selectFrom('photos').select(['id', 'sha256']).execute();
          for (const id of ackedPhotos) expect(photos.map((p) => p.id)).toContain(id);
          const store: PhotoStore =
            config.photoStore.kind === 's3'
              ? new S3PhotoStore(config.photoStore)
              : new LocalPhotoStore(config.photoStore.dir);
          for (const p of photos) expect(await store.has(p.sha256)).toBe(true);
          const blobs = new Set(
            (await db.selectFrom('photo_blobs').select('sha256').execute()).map((b) => b.sha256),
          );
          // The restarted server swept already: a second sweep finds no orphan blob and no temp file.
          expect(await store.sweep(blobs)).toEqual({ tempFilesRemoved: 0, orphansRemoved: 0 });
          if (config.photoStore.kind === 'local') {
            const files = readdirSync(config.photoDir, { recursive: true, withFileTypes: true })
              .filter((e) => e.isFile())
              .map((e) => e.name);
            expect(files.filter((f) => !blobs.has(f))).toEqual([]);
          }
          const jobs = await db.selectFrom('jobs').select('photo_id').execute();
          expect(new Set(jobs.map((j) => j.photo_id))).toEqual(new Set(photos.map((p) => p.id)));
          const planRow = await db
            .selectFrom('plans')
            .selectAll()
            .where('id', '=', plan.id)
            .executeTakeFirstOrThrow();
          expect(planRow.version).toBeGreaterThanOrEqual(ackedPlanVersion);
          const current = await db
            .selectFrom('plan_versions')
            .select('payload')
            .where('plan_id', '=', plan.id)
            .where('number', '=', planRow.current_number)
            .executeTakeFirst();
          expect(current).toBeDefined();
          expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
          expect(database.sqlite?.pragma('integrity_check', { simple: true })).toBe('ok');
        } finally {
          await database.close();
        }

        // A server with job workers analyses every acknowledged photo, those queued or running at the kill too.
        const third = await spawnServer(env);
        child = third.child;
        const check = openSqlite(config.database.file);
        try {
          let open = Number.POSITIVE_INFINITY;
          for (let i = 0; i < JOB_DRAIN_POLLS && open > 0; i++) {
            open = (
              await check.db
                .selectFrom('jobs')
                .select('id')
                .where('status', 'in', ['queued', 'running'])
                .execute()
            ).length;
            if (open > 0) await new Promise((r) => setTimeout(r, JOB_DRAIN_POLL_MS));
          }
          const jobs = await check.db.selectFrom('jobs').select(['photo_id', 'status']).execute();
          for (const id of ackedPhotos) {
            expect(jobs.filter((j) => j.photo_id === id).map((j) => j.status)).toEqual(['succeeded']);
          }
          // One analysis per photo, however often its job was delivered.
          const analyses = await check.db.selectFrom('analyses').select('photo_id').execute();
          expect(analyses.length).toBe(new Set(analyses.map((a) => a.photo_id)).size);
        } finally {
          await check.close();
        }
        await kill9(third.child);
        child = undefined;
      },
    );
  },
);
