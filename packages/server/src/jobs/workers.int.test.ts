import { mkdtempSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import { startServer, type RunningServer } from '../server.js';
import { postgresAvailable, TEST_PG_URL } from '../testing/databases.js';
import { newPatient, seedClinic, type Clinic } from '../testing/fixtures.js';
import { startWorker, type RunningWorker } from '../worker.js';
import { queueAnalysis } from './analysis-jobs.js';
import { QueuedReportPrinter } from './document-jobs.js';
import { sleep } from './queue.js';

/** Polls while the worker processes work (bounded; not a timing check). */
const POLLS = 300;
const POLL_MS = 100;
/** A PNG signature and header: enough for the store; the fixture detector does not decode it. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2048)]);

const pgUp = await postgresAvailable();
if (!pgUp && process.env.CI) throw new Error('PostgreSQL is required in CI (127.0.0.1:5432, database test)');

/**
 * Several processes share PostgreSQL's queue: a server with `--workers 0` only queues; separate workers
 * (`liftplan worker`, here two of them with their own pg-boss and database pools) analyse and print.
 */
describe.skipIf(!pgUp)('serve --workers 0 beside two worker processes (PostgreSQL)', () => {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let dir: string;
  let config: Config;
  let server: RunningServer;
  const workers: RunningWorker[] = [];
  let clinic: Clinic;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-workers-'));
    const r = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    config = { ...r.config, database: { kind: 'postgres', url: TEST_PG_URL, schema } as Config['database'] };
    server = await startServer(config, { detector: fixtureDetector(), listen: false, workers: 0 });
    clinic = await seedClinic(server.repos, 'Queue clinic');
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    await server.close();
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues without working; a print with nobody to render it answers 503 unavailable after the bounded wait', async () => {
    const doctor = clinic.as('doctor');
    const patient = await server.repos.patients.create(doctor, newPatient());
    const visit = await server.repos.visits.create(doctor, patient.id, {
      kind: 'consultation',
      date: '2025-03-01',
    });
    const blob = await server.store.put(Readable.from(PNG), 1_000_000);
    const { job } = await server.repos.photos.recordUpload(doctor, {
      patientId: patient.id,
      visitId: visit.id,
      view: 'front',
      sha256: blob.sha256,
      size: blob.size,
      contentType: 'image/png',
      originalName: 'front.png',
    });
    await queueAnalysis(server.jobs, { jobId: job.id, organisationId: clinic.organisationId });
    expect(await server.repos.jobs.get(doctor, job.id)).toMatchObject({ status: 'queued' });

    const impatient = new QueuedReportPrinter(server.jobs, 1000);
    const refused = await impatient
      .render(doctor, visit.id, 'consultation', 'en', 'patient-care')
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'unavailable', status: 503 });

    // Two worker processes start: the analysis is done once, by one of them.
    for (let i = 0; i < 2; i++) {
      workers.push(await startWorker(config, { detector: fixtureDetector(), workers: 1 }));
    }
    let status = 'queued';
    for (let i = 0; i < POLLS && (status === 'queued' || status === 'running'); i++) {
      status = (await server.repos.jobs.get(doctor, job.id)).status;
      if (status === 'queued' || status === 'running') await sleep(POLL_MS);
    }
    expect(await server.repos.jobs.get(doctor, job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    const analyses = await server.database.db
      .selectFrom('analyses')
      .select('id')
      .where('photo_id', '=', job.photoId)
      .execute();
    expect(analyses).toHaveLength(1);

    // A document is printed by a worker as the doctor: its refusal (no plan yet) comes back as theirs.
    const printer = new QueuedReportPrinter(server.jobs, 30_000);
    const notSigned = await printer
      .render(doctor, visit.id, 'consultation', 'en', 'patient-care')
      .catch((e: unknown) => e);
    expect(notSigned).toBeInstanceOf(AppError);
    expect(notSigned).toMatchObject({
      code: 'not_found',
      message: 'plan for this visit not found',
      status: 404,
    });
    const prints = await server.database.db
      .selectFrom('audit_events')
      .select(['actor', 'outcome', 'detail'])
      .where('action', '=', 'print')
      .where('entity_id', '=', visit.id)
      .execute();
    expect(prints).toEqual([{ actor: doctor.actor.userId, outcome: 'failure', detail: 'not_found' }]);
  });
});
