import type { Bundle } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { systemClock, systemContext, type RepoContext } from '../db/context.js';
import { assertTenancy, withClinic } from '../db/tenancy.js';
import { createRepositories, type Repositories } from '../db/repositories.js';
import type { DB } from '../db/types.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { DEMO_PASSWORD } from '../demo.js';
import { seedDemoOutcomes, type DemoOutcomeResult } from '../outcomes/demo-outcomes.js';
import type { OutcomeFilter, Outcomes } from '../outcomes/query.js';
import { clinicOutcomes } from '../outcomes/service.js';
import { patientRecordCopy } from '../compliance/record-copy.js';
import { exportFhir, type FhirExportRequest } from '../fhir/export.js';
import { importFhir, type ImportResult } from '../fhir/import.js';
import { LocalPhotoStore, type PhotoStore } from '../storage/photo-store.js';
import { exportResearch, type ResearchExport, type ResearchExportRequest } from '../research/export.js';
import { S3PhotoStore } from '../storage/s3-store.js';

/*
 * The interoperability commands of the CLI (issue 13): FHIR export and import. Each opens the database and
 * the photo store of the configuration and acts as the system user of the clinic (audited as `system:cli`).
 */

export interface ClinicWork {
  readonly db: Kysely<DB>;
  readonly repos: Repositories;
  readonly store: PhotoStore;
}

export function photoStoreOf(config: Config): PhotoStore {
  return config.photoStore.kind === 's3'
    ? new S3PhotoStore(config.photoStore)
    : new LocalPhotoStore(config.photoStore.dir);
}

/** Runs `work` on the configured database and photo store, closing the database after. */
export async function withDatabase<T>(config: Config, work: (w: ClinicWork) => Promise<T>): Promise<T> {
  const database = openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    await assertTenancy(database.db);
    return await work({
      db: database.app,
      repos: createRepositories(database.app),
      store: photoStoreOf(config),
    });
  } finally {
    await database.close();
  }
}

/** The clinic's system context (its first organisation), or a 404 saying the database has no clinic yet. */
export async function clinicContext(repos: Repositories, name: string): Promise<RepoContext> {
  const org = await repos.users.firstOrganisation();
  if (!org) throw notFound('clinic (the database is empty: add the first admin with `liftplan users add`)');
  return systemContext(org.id, 'cli', `cli:${name}`);
}

/** `liftplan export fhir`: the Bundle of one patient (by chart number), a visit, a date range or every patient. */
export async function exportFhirBundle(config: Config, request: FhirExportRequest): Promise<Bundle> {
  return withDatabase(config, async ({ db, repos, store }) =>
    exportFhir(db, store, await clinicContext(repos, 'export-fhir'), request),
  );
}

/**
 * `liftplan export record-copy`: the patient's copy of their record (Art. 21), the PDF and the FHIR Bundle, both
 * audited with the reason `patient-request`.
 */
export async function exportRecordCopy(
  config: Config,
  request: { readonly chartNumber: string; readonly lang: 'ko' | 'en' },
): Promise<{ pdf: Buffer; filename: string; bundle: Bundle }> {
  return withDatabase(config, async ({ db, repos, store }) => {
    const ctx = await clinicContext(repos, 'record-copy');
    const patient = await db
      .selectFrom('patients')
      .select('id')
      .where('organisation_id', '=', ctx.actor.organisationId)
      .where('chart_number', '=', request.chartNumber)
      .executeTakeFirst();
    if (!patient) throw notFound(`patient with chart number ${request.chartNumber}`);
    const copy = await patientRecordCopy(db, ctx, patient.id, request.lang);
    const bundle = await exportFhir(db, store, ctx, { patientId: patient.id, reason: 'patient-request' });
    return { ...copy, bundle };
  });
}

/**
 * `liftplan import fhir FILE`: into the clinic of the database (created when the database is empty), or into a
 * new organisation named `newOrganisation`.
 */
export async function importFhirBundle(
  config: Config,
  bundle: unknown,
  newOrganisation?: string,
): Promise<ImportResult & { readonly organisationId: string }> {
  return withDatabase(config, async ({ db, repos }) => {
    const org =
      newOrganisation !== undefined
        ? await repos.users.createOrganisation(newOrganisation, systemClock)
        : ((await repos.users.firstOrganisation()) ??
          (await repos.users.createOrganisation('Clinic', systemClock)));
    const result = await importFhir(db, systemContext(org.id, 'cli', 'cli:import-fhir'), bundle);
    return { ...result, organisationId: org.id };
  });
}

/** `liftplan export research`: the de-identified CSV and its data dictionary (research-consented only). */
export async function exportResearchCsv(
  config: Config,
  request: ResearchExportRequest,
): Promise<ResearchExport> {
  return withDatabase(config, async ({ db, repos }) =>
    exportResearch(db, await clinicContext(repos, 'export-research'), request),
  );
}

/** `liftplan outcomes`: the clinic's outcome figures (the summary is brought up to date first). */
export async function outcomesReport(config: Config, filter: Partial<OutcomeFilter>): Promise<Outcomes> {
  return withDatabase(config, async ({ db, repos }) =>
    clinicOutcomes(db, await clinicContext(repos, 'outcomes'), filter),
  );
}

const DEMO_ROLES = ['admin', 'doctor', 'coordinator'] as const;

/**
 * `liftplan demo --patients N`: synthetic patients with known effects in the demo clinic (created on an empty
 * database, with the demo sign-ins). Refused in production and on a database whose clinic is not the demo one.
 */
export async function demoPatients(config: Config, patients: number): Promise<DemoOutcomeResult> {
  if (config.env === 'production') throw badRequest('demo data is refused with NODE_ENV=production');
  if (!Number.isInteger(patients) || patients < 1 || patients > 5000) {
    throw badRequest('--patients is a whole number from 1 to 5000', [
      { path: 'patients', message: 'e.g. --patients 300' },
    ]);
  }
  return withDatabase(config, async ({ db, repos, store }) => {
    let org = await repos.users.firstOrganisation();
    if (!org) {
      org = await repos.users.createOrganisation('Demo clinic', systemClock);
      const boot = systemContext(org.id, 'demo', 'demo-seed');
      for (const role of DEMO_ROLES) {
        await repos.users.create(boot, {
          email: `${role}@demo.liftplan`,
          displayName: `Demo ${role}`,
          role,
          password: DEMO_PASSWORD,
        });
      }
    }
    const ids = new Map<string, string>();
    for (const role of DEMO_ROLES) {
      const u = await repos.users.findByEmail(`${role}@demo.liftplan`);
      if (!u || u.organisation_id !== org.id) {
        throw conflict(
          'demo patients go only into the demo clinic (this database belongs to a clinic): use an empty DATA_DIR',
        );
      }
      ids.set(role, u.id);
    }
    const as = (role: (typeof DEMO_ROLES)[number]): RepoContext => ({
      actor: { userId: ids.get(role) ?? '', role, organisationId: org.id },
      requestId: 'cli:demo',
      clock: systemClock,
    });
    const clinic = org.id;
    const existing = await withClinic(clinic, () =>
      db
        .selectFrom('patients')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('organisation_id', '=', clinic)
        .where('chart_number', 'like', 'DEMO-O%')
        .executeTakeFirst(),
    );
    const before = Number(existing?.n ?? 0);
    return seedDemoOutcomes(
      repos,
      store,
      {
        doctor: as('doctor'),
        coordinator: as('coordinator'),
        admin: as('admin'),
        doctorPassword: DEMO_PASSWORD,
      },
      { patients, seed: 13 + before, firstChart: before + 1 },
    );
  });
}
