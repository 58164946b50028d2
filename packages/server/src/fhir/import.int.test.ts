import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../db/audit.js';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { LocalPhotoStore } from '../storage/photo-store.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { seedClinic, type Clinic } from '../testing/fixtures.js';
import { exportFhir } from './export.js';
import { seedThreeVisitPatient, type SeededRecord } from './fixtures.js';
import { importFhir } from './import.js';
import { fhirSchemaValidator } from './validate.js';

const resources = (b: Bundle): Resource[] => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

/** The bundle's resources, the patient's id replaced by a placeholder; the patient and clinics aside. */
function comparable(b: Bundle, patientId: string): string[] {
  return resources(b)
    .filter((r) => r.resourceType !== 'Patient')
    .map((r) => JSON.stringify(r).split(patientId).join('<patient>'))
    .sort();
}

describe('FHIR import round-trips liftplan’s own export', () => {
  let t: TestDatabase;
  let repos: Repositories;
  let dir: string;
  let store: LocalPhotoStore;
  let source: Clinic;
  let target: Clinic;
  let seeded: SeededRecord;
  let original: Bundle;

  beforeAll(async () => {
    t = await sqliteTestDatabase();
    repos = createRepositories(t.database.db);
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-fhir-import-'));
    store = new LocalPhotoStore(dir);
    source = await seedClinic(repos, 'Source clinic');
    target = await seedClinic(repos, 'Target clinic');
    seeded = await seedThreeVisitPatient(repos, store, source);
    original = await exportFhir(t.database.db, store, source.as('doctor'), {
      patientId: seeded.patientId,
      reason: 'transfer-of-care',
    });
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports into another organisation and exports the same record again', async () => {
    const result = await importFhir(t.database.db, target.as('admin'), JSON.parse(JSON.stringify(original)));
    expect(result.patients).toHaveLength(1);
    const imported = result.patients[0];
    expect(imported?.chartNumber).toBe(seeded.chartNumber);
    const patient = await repos.patients.get(target.as('doctor'), imported?.patientId ?? '');
    expect(patient).toMatchObject({
      displayName: seeded.displayName,
      birthDate: seeded.birthDate,
      chartNumber: seeded.chartNumber,
    });

    const again = await exportFhir(t.database.db, store, target.as('doctor'), {
      patientId: imported?.patientId ?? '',
      reason: 'transfer-of-care',
    });
    const v = fhirSchemaValidator();
    expect(v.validate(again)).toEqual([]);
    // Everything but the patient and the importing clinic comes back as it went out.
    const targetOrg = target.organisationId;
    const back = comparable(again, imported?.patientId ?? '').filter(
      (s) => !s.includes(`"id":"${targetOrg}"`),
    );
    const sent = comparable(original, seeded.patientId).map((s) => s);
    expect(back).toEqual(sent);
    const p1 = resources(original).find((r) => r.resourceType === 'Patient');
    const p2 = resources(again).find((r) => r.resourceType === 'Patient');
    const strip = (r: Resource | undefined): Record<string, unknown> => {
      const rest: Record<string, unknown> = { ...r };
      delete rest['id'];
      delete rest['managingOrganization'];
      return rest;
    };
    expect(strip(p2)).toEqual(strip(p1));
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('refuses a chart number the clinic has, other bundles, and invalid resources — naming where', async () => {
    await expect(importFhir(t.database.db, target.as('admin'), original)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      importFhir(t.database.db, target.as('admin'), { ...original, meta: { tag: [] } }),
    ).rejects.toMatchObject({ code: 'bad_request', fields: [{ path: 'meta.tag' }] });
    const broken = JSON.parse(JSON.stringify(original)) as Bundle;
    const obs = broken.entry?.find((e) => e.resource?.resourceType === 'Observation')?.resource as
      (Resource & { status: string }) | undefined;
    if (obs) obs.status = 'measured';
    await expect(importFhir(t.database.db, target.as('admin'), broken)).rejects.toMatchObject({
      code: 'bad_request',
      message: 'the Bundle is not valid FHIR R4',
    });
    await expect(importFhir(t.database.db, target.as('doctor'), original)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(
      importFhir(t.database.db, target.as('admin'), { resourceType: 'Patient' }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
