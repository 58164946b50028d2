import type { Resource } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../db/audit.js';
import { nowIso, type RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited, newId } from '../db/repo-kit.js';
import type { DB, PatientRow, PatientVersionRow } from '../db/types.js';
import { badRequest, conflict } from '../errors.js';
import { SYSTEM, urn } from './codes.js';
import { fhirSchemaValidator } from './validate.js';

const BundleShape = z.object({
  resourceType: z.literal('Bundle', {
    error: 'the file is not a FHIR Bundle (resourceType is not "Bundle")',
  }),
  id: z.string().min(1),
  meta: z
    .object({
      tag: z.array(z.object({ system: z.string().optional(), code: z.string().optional() }).loose()),
    })
    .loose(),
  entry: z.array(
    z
      .object({
        fullUrl: z.string().min(1),
        resource: z.object({ resourceType: z.string(), id: z.string().min(1) }).loose(),
      })
      .loose(),
  ),
});

const PatientShape = z
  .object({
    resourceType: z.literal('Patient'),
    id: z.string(),
    identifier: z.array(z.object({ system: z.string().optional(), value: z.string().optional() }).loose()),
    name: z.array(z.object({ text: z.string().min(1) }).loose()).min(1),
    gender: z.enum(['female', 'male', 'other', 'unknown']),
    birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    telecom: z.array(z.object({ system: z.string(), value: z.string() }).loose()).optional(),
    address: z.array(z.object({ text: z.string() }).loose()).optional(),
    extension: z.array(z.object({ url: z.string(), valueString: z.string().optional() }).loose()).optional(),
  })
  .loose();

export interface ImportResult {
  readonly bundleId: string;
  readonly patients: readonly {
    readonly chartNumber: string;
    readonly patientId: string;
    readonly resources: number;
  }[];
}

const problem = (path: string, message: string) => ({ path, message });

/** Resources a bundle's patients share: kept with each patient that refers to them. */
const SHARED = new Set(['Organization', 'Practitioner', 'Device', 'Binary']);

/**
 * Reads liftplan's own FHIR export into the actor's clinic (an empty database or a new organisation): each
 * Patient becomes a patient (refused when the chart number is taken), every other resource of that patient is
 * kept verbatim with its patient reference rewritten (fhir_imported_resources), and is exported again with the
 * patient. All or nothing, in one transaction; every resource is checked against the R4 JSON schema first.
 */
export async function importFhir(db: Kysely<DB>, ctx: RepoContext, input: unknown): Promise<ImportResult> {
  const shape = BundleShape.safeParse(input);
  if (!shape.success) {
    throw badRequest(
      'the file is not a FHIR Bundle liftplan can read',
      shape.error.issues.slice(0, 10).map((i) => problem(i.path.join('.'), i.message)),
    );
  }
  const bundle = shape.data;
  if (!bundle.meta.tag.some((t) => t.system === SYSTEM.exportTag && t.code === 'liftplan-export')) {
    throw badRequest(
      'only liftplan’s own FHIR export can be imported (the Bundle has no liftplan-export tag)',
      [problem('meta.tag', `export the records with liftplan (tag ${SYSTEM.exportTag}|liftplan-export)`)],
    );
  }
  const validator = fhirSchemaValidator();
  const invalid = bundle.entry.flatMap((e, i) =>
    validator
      .validate(e.resource)
      .slice(0, 3)
      .map((p) =>
        problem(
          `entry[${i}].resource${p.path.replace(/\//g, '.')}`,
          `${e.resource.resourceType}: ${p.message}`,
        ),
      ),
  );
  if (invalid.length > 0) throw badRequest('the Bundle is not valid FHIR R4', invalid.slice(0, 20));

  const resources = bundle.entry.map((e) => e.resource as Resource & { id: string });
  const json = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, JSON.stringify(r)]));
  const patients = resources.filter((r) => r.resourceType === 'Patient');
  if (patients.length === 0) {
    throw badRequest('the Bundle holds no Patient', [problem('entry', 'export at least one patient')]);
  }
  const patientUrns = new Set(patients.map((p) => urn(p.id)));
  const refsOf = (s: string): string[] =>
    [...s.matchAll(/"reference":"(urn:uuid:[^"]+)"/g)].map((m) => m[1] ?? '');
  const byUrn = new Map(resources.map((r) => [urn(r.id), r]));

  return audited(db, ctx, { action: 'import', entity: 'fhir-bundle', entityId: bundle.id }, async (trx) => {
    requirePermission(ctx, 'organisation:admin');
    const org = ctx.actor.organisationId;
    const now = nowIso(ctx);
    const out: { chartNumber: string; patientId: string; resources: number }[] = [];
    for (const [i, raw] of patients.entries()) {
      const parsed = PatientShape.safeParse(raw);
      if (!parsed.success) {
        throw badRequest(
          'a Patient of the Bundle lacks what liftplan needs',
          parsed.error.issues
            .slice(0, 10)
            .map((x) => problem(`Patient[${i}].${x.path.join('.')}`, x.message)),
        );
      }
      const p = parsed.data;
      const chart = p.identifier.find((x) => x.system === SYSTEM.chartNumber)?.value;
      if (!chart) {
        throw badRequest('a Patient has no liftplan chart number', [
          problem(`Patient[${i}].identifier`, `add an identifier of system ${SYSTEM.chartNumber}`),
        ]);
      }
      const taken = await trx
        .selectFrom('patients')
        .select('id')
        .where('organisation_id', '=', org)
        .where('chart_number', '=', chart)
        .executeTakeFirst();
      if (taken) {
        throw conflict(
          `chart number ${chart} exists already in this clinic: import into an empty database or a new organisation`,
        );
      }
      const row: PatientRow = {
        id: newId(),
        organisation_id: org,
        chart_number: chart,
        display_name: p.name[0]?.text ?? '',
        birth_date: p.birthDate,
        sex: p.gender === 'female' || p.gender === 'male' ? p.gender : 'other',
        history: p.extension?.find((x) => x.url === SYSTEM.historyExtension)?.valueString ?? '{}',
        notes: null,
        phone: p.telecom?.find((x) => x.system === 'phone')?.value ?? null,
        email: p.telecom?.find((x) => x.system === 'email')?.value ?? null,
        address: p.address?.[0]?.text ?? null,
        created_at: now,
        updated_at: now,
        version: 1,
        archived_at: null,
        archived_by: null,
      };
      await trx.insertInto('patients').values(row).execute();
      const version: PatientVersionRow = {
        id: newId(),
        organisation_id: org,
        patient_id: row.id,
        number: 1,
        display_name: row.display_name,
        birth_date: row.birth_date,
        sex: row.sex,
        phone: row.phone,
        email: row.email,
        address: row.address,
        changed_fields: 'created',
        reason: `imported from FHIR bundle ${bundle.id}`,
        changed_by: ctx.actor.userId,
        changed_at: now,
      };
      await trx.insertInto('patient_versions').values(version).execute();

      // The patient's resources: those that reference the patient or (a signature, say) one of the patient's
      // resources, to a fixpoint; then the shared ones they reference (organisation, practitioners, devices,
      // binaries), each once.
      const mine = new Map<string, Resource & { id: string }>();
      const own = urn(p.id);
      const refsById = new Map(
        resources.map((r) => [urn(r.id), refsOf(json.get(`${r.resourceType}/${r.id}`) ?? '')] as const),
      );
      const otherPatient = (refs: readonly string[]) => refs.some((x) => patientUrns.has(x) && x !== own);
      for (let grew = true; grew;) {
        grew = false;
        for (const r of resources) {
          const u = urn(r.id);
          if (r.resourceType === 'Patient' || SHARED.has(r.resourceType) || mine.has(u)) continue;
          const refs = refsById.get(u) ?? [];
          if (otherPatient(refs)) continue;
          if (
            refs.includes(own) ||
            refs.some((x) => mine.has(x) && !SHARED.has(byUrn.get(x)?.resourceType ?? ''))
          ) {
            mine.set(u, r);
            grew = true;
          }
        }
      }
      for (const r of [...mine.values()]) {
        const s = json.get(`${r.resourceType}/${r.id}`) ?? '';
        const more = [...refsOf(s), ...[...s.matchAll(/"url":"(urn:uuid:[^"]+)"/g)].map((m) => m[1] ?? '')];
        for (const u of more) {
          const target = byUrn.get(u);
          if (target && SHARED.has(target.resourceType)) mine.set(u, target);
        }
      }
      for (const r of mine.values()) {
        const text = (json.get(`${r.resourceType}/${r.id}`) ?? '').split(`"${own}"`).join(`"${urn(row.id)}"`);
        await trx
          .insertInto('fhir_imported_resources')
          .values({
            id: newId(),
            organisation_id: org,
            patient_id: row.id,
            resource_type: r.resourceType,
            resource_id: r.id,
            resource: text,
            bundle_id: bundle.id,
            imported_by: ctx.actor.userId,
            imported_at: now,
          })
          .execute();
      }
      await appendAudit(trx, ctx, {
        action: 'import',
        entity: 'patient',
        entityId: row.id,
        outcome: 'success',
        detail: `fhir:${bundle.id}`,
      });
      out.push({ chartNumber: chart, patientId: row.id, resources: mine.size });
    }
    return { bundleId: bundle.id, patients: out };
  });
}
