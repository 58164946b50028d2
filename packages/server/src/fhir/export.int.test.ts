import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../db/repositories.js';
import { LocalPhotoStore } from '../storage/photo-store.js';
import { sqliteTestDatabase, type TestDatabase } from '../testing/databases.js';
import { seedClinic, type Clinic } from '../testing/fixtures.js';
import { SYSTEM } from './codes.js';
import { exportFhir } from './export.js';
import { seedThreeVisitPatient, type SeededRecord } from './fixtures.js';
import { fhirSchemaValidator } from './validate.js';

const resources = (b: Bundle): Resource[] => (b.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
const ofType = <T extends Resource['resourceType']>(b: Bundle, t: T) =>
  resources(b).filter((r): r is Extract<Resource, { resourceType: T }> => r.resourceType === t);

describe('FHIR R4 export', () => {
  let t: TestDatabase;
  let repos: Repositories;
  let store: LocalPhotoStore;
  let dir: string;
  let clinic: Clinic;
  let seeded: SeededRecord;
  let bundle: Bundle;

  beforeAll(async () => {
    t = await sqliteTestDatabase();
    repos = createRepositories(t.database.db);
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-fhir-'));
    store = new LocalPhotoStore(dir);
    clinic = await seedClinic(repos);
    seeded = await seedThreeVisitPatient(repos, store, clinic);
    bundle = await exportFhir(t.database.db, store, clinic.as('doctor'), {
      patientId: seeded.patientId,
      reason: 'transfer-of-care',
    });
  }, 60_000);
  afterAll(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates, bundle and every resource, against the official R4 JSON schema', () => {
    const v = fhirSchemaValidator();
    expect(v.validate(bundle)).toEqual([]);
    for (const r of resources(bundle)) {
      expect({ type: r.resourceType, problems: v.validate(r) }).toEqual({
        type: r.resourceType,
        problems: [],
      });
    }
    // The validator is not a rubber stamp.
    expect(v.validate({ ...ofType(bundle, 'Observation')[0], status: 'measured' }).length).toBeGreaterThan(0);
  });

  it('carries the resources of the record', () => {
    const counts = new Map<string, number>();
    for (const r of resources(bundle)) counts.set(r.resourceType, (counts.get(r.resourceType) ?? 0) + 1);
    for (const type of [
      'Organization',
      'Patient',
      'Practitioner',
      'Encounter',
      'Media',
      'Binary',
      'Observation',
      'ClinicalImpression',
      'CarePlan',
      'Provenance',
      'DocumentReference',
      'Consent',
      'Procedure',
      'Device',
      'QuestionnaireResponse',
      'Condition',
    ]) {
      expect({ type, present: (counts.get(type) ?? 0) > 0 }).toEqual({ type, present: true });
    }
    expect(counts.get('Encounter')).toBe(3);
    expect(counts.get('Media')).toBe(2);
    expect(counts.get('Binary')).toBe(2);
    // Signed plan + aftercare; consent per scope (treatment, record, marketing, research).
    expect(counts.get('CarePlan')).toBe(2);
    expect(counts.get('Consent')).toBe(4);
    const fullUrls = (bundle.entry ?? []).map((e) => e.fullUrl);
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
  });

  it('every reference inside the bundle resolves to an entry (or an API path of a PDF)', () => {
    const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
    const refs = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const r of refs) expect(fullUrls.has(r.slice('"reference":"'.length, -1))).toBe(true);
  });

  it('measurements carry laterality, UCUM mm, the photo, the detector, and their error band', () => {
    const obs: Observation[] = ofType(bundle, 'Observation');
    const jowl = obs.find(
      (o) => o.code.coding?.[0]?.code === 'jowl-depth' && o.bodySite?.coding?.[0]?.code === '7771000',
    );
    expect(jowl).toBeDefined();
    expect(jowl?.valueQuantity).toMatchObject({ system: SYSTEM.ucum, code: 'mm' });
    const sem = jowl?.valueQuantity?.extension?.find((e) => e.url === SYSTEM.uncertainty)?.valueDecimal;
    expect(sem).toBeGreaterThan(0);
    const mdc = jowl?.extension?.find((e) => e.url === SYSTEM.mdcExtension)?.valueQuantity?.value;
    // The MDC is the repeatability one (a change shares the baseline's scale); the value's own SEM also folds
    // in the scale's uncertainty, so either may be the larger.
    expect(mdc).toBeGreaterThan(0);
    expect(jowl?.derivedFrom?.[0]?.reference).toMatch(/^urn:uuid:/);
    expect(jowl?.method?.text).toContain('synthetic');
    const media = ofType(bundle, 'Media');
    expect(media.map((m) => `urn:uuid:${m.id ?? ''}`)).toContain(jowl?.derivedFrom?.[0]?.reference);
    expect(media[0]?.identifier?.[0]?.value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('procedures name their devices (product, lot, expiry); a visit export holds that visit only', async () => {
    const proc = ofType(bundle, 'Procedure')[0];
    const device = ofType(bundle, 'Device')[0];
    expect(proc?.focalDevice?.[0]?.manipulated.reference).toBe(`urn:uuid:${device?.id ?? ''}`);
    expect(device).toMatchObject({ lotNumber: `L-${seeded.chartNumber}`, expirationDate: '2027-12-31' });
    const visit = await exportFhir(t.database.db, store, clinic.as('admin'), {
      patientId: seeded.patientId,
      visitId: seeded.visitIds[1],
      reason: 'patient-request',
    });
    expect(ofType(visit, 'Encounter').map((e) => e.id)).toEqual([seeded.visitIds[1]]);
    expect(ofType(visit, 'Procedure')).toHaveLength(1);
    expect(ofType(visit, 'Media')).toHaveLength(0);
  });

  it('needs a reason and the export permission; every export is in the audit log with its reason', async () => {
    await expect(
      exportFhir(t.database.db, store, clinic.as('coordinator'), {
        patientId: seeded.patientId,
        reason: 'clinic-backup',
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      exportFhir(t.database.db, store, clinic.as('doctor'), { patientId: seeded.patientId } as never),
    ).rejects.toMatchObject({ code: 'bad_request' });
    const events = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'export')
      .where('entity', '=', 'patient')
      .where('entity_id', '=', seeded.patientId)
      .execute();
    expect(events.map((e) => [e.outcome, e.detail])).toEqual([
      ['success', 'fhir:transfer-of-care'],
      ['success', 'fhir:patient-request'],
    ]);
  });
});
