import { createHash } from 'node:crypto';
import type { DownloadReason } from '@liftplan/api';
import type { Kysely } from 'kysely';
import { recordDownload } from '../../compliance/downloads.js';
import { z } from 'zod';
import {
  ageInYears,
  applyPlanEdits,
  buildAftercareSchedule,
  CaseFileSchema,
  JustificationSchema,
  PlanEditError,
  planningAgeRefusal,
  ThreadPlacementSchema,
} from '@liftplan/domain';
import {
  buildConsentDocument,
  CONSENT_TEMPLATE,
  missingConsentElements,
  type ConsentDocument,
  type PhotoScope,
} from '@liftplan/report';
import { badRequest, conflict, notFound, parseOrThrow, type FieldError } from '../../errors.js';
import { loadPatientRow } from './patients.js';
import { NewConsentSchema, type NewConsent } from '../../schemas.js';
import { canonicalJson } from '../canonical-json.js';
import { nowIso, todayIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson, inClinic } from '../repo-kit.js';
import { assertVersionIntact } from '../signed-records.js';
import type { ConsentRow, DB } from '../types.js';

export type Locale = 'ko' | 'en';

/** Whether the patient has signed the consent of a plan version (what the sign checklist and procedures read). */
export type ConsentStatus =
  | { readonly planVersionId: string; readonly status: 'missing' }
  | {
      readonly planVersionId: string;
      readonly status: 'signed';
      readonly consentId: string;
      readonly signedAt: string;
      readonly signerName: string;
      readonly templateId: string;
      readonly templateVersion: number;
      readonly photoScopes: Readonly<Record<PhotoScope, boolean>>;
    };

export interface Consent {
  readonly id: string;
  readonly patientId: string;
  readonly planVersionId: string;
  readonly templateId: string;
  readonly templateVersion: number;
  readonly locale: Locale;
  readonly document: ConsentDocument;
  readonly documentSha256: string;
  readonly photoScopes: Readonly<Record<PhotoScope, boolean>>;
  readonly signerName: string;
  readonly signerRelation: string | null;
  readonly signaturePath: string;
  readonly performingDoctorIds: readonly string[];
  readonly signedAt: string;
  readonly recordedBy: string;
}

/** The form to show the patient before signing, and its hash (sent back with the signature). */
export interface ConsentPreview {
  readonly planVersionId: string;
  readonly document: ConsentDocument;
  readonly documentSha256: string;
}

const scopesOf = (r: ConsentRow): Record<PhotoScope, boolean> => ({
  record: r.photo_record === 1,
  marketing: r.photo_marketing === 1,
  research: r.photo_research === 1,
});

const toConsent = (r: ConsentRow): Consent => ({
  id: r.id,
  patientId: r.patient_id,
  planVersionId: r.plan_version_id,
  templateId: r.template_id,
  templateVersion: r.template_version,
  locale: r.locale,
  document: JSON.parse(r.document) as ConsentDocument,
  documentSha256: r.document_sha256,
  photoScopes: scopesOf(r),
  signerName: r.signer_name,
  signerRelation: r.signer_relation,
  signaturePath: r.signature_path,
  performingDoctorIds: JSON.parse(r.performing_doctor_ids) as string[],
  signedAt: r.signed_at,
  recordedBy: r.recorded_by,
});

export const documentHash = (doc: ConsentDocument): string =>
  createHash('sha256').update(canonicalJson(doc)).digest('hex');

/**
 * The consent status of a plan version inside the caller's transaction (the newest signed consent counts).
 * The plan version must belong to the caller's organisation (else not found).
 */
export async function consentStatusIn(
  trx: Kysely<DB>,
  ctx: RepoContext,
  planVersionId: string,
): Promise<ConsentStatus> {
  const r = await trx
    .selectFrom('consents')
    .selectAll()
    .where('plan_version_id', '=', planVersionId)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .orderBy('signed_at', 'desc')
    .executeTakeFirst();
  if (!r) return { planVersionId, status: 'missing' };
  return {
    planVersionId,
    status: 'signed',
    consentId: r.id,
    signedAt: r.signed_at,
    signerName: r.signer_name,
    templateId: r.template_id,
    templateVersion: r.template_version,
    photoScopes: scopesOf(r),
  };
}

const EditsSchema = z.object({
  placements: z.array(ThreadPlacementSchema),
  justifications: z.array(JustificationSchema).default([]),
});

interface Source {
  readonly patientId: string;
  readonly document: ConsentDocument;
}

/** Reads the signed plan version and fills the consent form from it (the server's own copy of the text). */
async function fillForm(
  trx: Kysely<DB>,
  ctx: RepoContext,
  planVersionId: string,
  locale: Locale,
  performers: readonly string[],
): Promise<Source> {
  const pv = await trx
    .selectFrom('plan_versions')
    .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
    .innerJoin('patients', 'patients.id', 'plans.patient_id')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .leftJoin('users', 'users.id', 'plan_versions.signed_by')
    .select([
      'plan_versions.id',
      'plan_versions.number',
      'plan_versions.status',
      'plan_versions.payload',
      'patients.id as patient_id',
      'patients.chart_number',
      'patients.birth_date',
      'patients.sex',
      'organisations.name as clinic_name',
      'organisations.address as clinic_address',
      'organisations.phone as clinic_phone',
      'users.display_name as signer_name',
      'users.licence_number as signer_licence',
    ])
    .where('plan_versions.id', '=', planVersionId)
    .where('plans.organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!pv) throw notFound('plan version');
  // The form is filled from the signed record: refused (record_tampered) if it was edited or moved.
  await assertVersionIntact(trx, planVersionId);
  if (pv.status !== 'signed') {
    throw conflict(
      `plan version ${pv.number} is ${pv.status}: the consent form is filled from the signed plan version the procedure follows`,
      [{ path: 'planVersionId', message: `this plan version is ${pv.status}` }],
    );
  }
  // A minor is refused in the domain's own words before anything else is read (no clamped ages).
  const age = ageInYears(pv.birth_date, todayIso(ctx));
  const refusal = age === null ? null : planningAgeRefusal(age);
  if (refusal) {
    throw conflict(`no consent form: ${refusal.en}`, [{ path: 'patient.birthDate', message: refusal.en }]);
  }
  const payload = JSON.parse(pv.payload) as Record<string, unknown>;
  const caseFile = CaseFileSchema.safeParse(payload['caseFile']);
  const edits = EditsSchema.safeParse(payload);
  if (!caseFile.success || !edits.success) {
    throw conflict(
      `signed plan version ${pv.number} does not hold its case and placements, so the consent form (diagnosis, method) cannot be filled from it: re-plan and sign again`,
    );
  }
  let plan;
  try {
    plan = applyPlanEdits(caseFile.data, edits.data);
  } catch (e) {
    if (!(e instanceof PlanEditError)) throw e;
    throw conflict(`the placements of signed plan version ${pv.number} do not match its case (${e.message})`);
  }
  const doctors: { name: string; licence?: string; role: 'planning' | 'performing' }[] = [
    {
      name: pv.signer_name ?? '—',
      ...(pv.signer_licence ? { licence: pv.signer_licence } : {}),
      role: 'planning',
    },
  ];
  if (performers.length > 0) {
    const rows = await trx
      .selectFrom('users')
      .select(['id', 'display_name', 'licence_number', 'role', 'disabled'])
      .where('id', 'in', [...performers])
      .where('organisation_id', '=', ctx.actor.organisationId)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const problems: FieldError[] = [];
    performers.forEach((id, i) => {
      const u = byId.get(id);
      if (!u || u.role !== 'doctor' || u.disabled === 1) {
        problems.push({ path: `performingDoctorIds[${i}]`, message: 'not an active doctor of this clinic' });
      } else {
        doctors.push({
          name: u.display_name,
          ...(u.licence_number ? { licence: u.licence_number } : {}),
          role: 'performing',
        });
      }
    });
    if (problems.length > 0) {
      throw badRequest('the performing doctors must be doctors of this clinic', problems);
    }
  }
  const today = todayIso(ctx);
  const document = buildConsentDocument(
    {
      clinic: {
        name: pv.clinic_name,
        ...(pv.clinic_address ? { address: pv.clinic_address } : {}),
        ...(pv.clinic_phone ? { phone: pv.clinic_phone } : {}),
      },
      patient: {
        id: pv.chart_number,
        age: ageInYears(pv.birth_date, today) ?? caseFile.data.patient.age,
        sex: pv.sex,
      },
      caseFile: caseFile.data,
      plan,
      aftercare: buildAftercareSchedule({ placements: plan.placements, procedureDate: today, sex: pv.sex }),
      doctors,
      planVersion: { id: pv.id, number: pv.number },
    },
    locale,
  );
  const missing = missingConsentElements(document);
  if (missing.length > 0) {
    throw conflict(
      `the consent form of plan version ${pv.number} would have no ${missing.join(', ')}: the law requires all five elements (diagnosis, method, doctors, side effects, care)`,
    );
  }
  return { patientId: pv.patient_id, document };
}

export interface ConsentRepository {
  /** The form filled from a signed plan version (doctors and coordinators; audited as a read). */
  preview(
    ctx: RepoContext,
    planVersionId: string,
    locale: Locale,
    performers: readonly string[],
  ): Promise<ConsentPreview>;
  /**
   * Records the patient's signature over the form as shown: refuses a stale template, a form whose text has
   * changed since the preview, or unanswered photo scopes. Append-only.
   */
  sign(ctx: RepoContext, planVersionId: string, input: NewConsent): Promise<Consent>;
  status(ctx: RepoContext, planVersionId: string): Promise<ConsentStatus>;
  get(ctx: RepoContext, id: string): Promise<Consent>;
  /** The consent read for its printed copy: audited as `print` of the consent and of its patient, with the reason. */
  printCopy(ctx: RepoContext, id: string, reason: DownloadReason): Promise<Consent>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Consent[]>;
  /** The clinic's active doctors (id, name, licence): who may be named as performing. */
  doctors(ctx: RepoContext): Promise<{ id: string; displayName: string; licenceNumber: string | null }[]>;
}

export function consentRepository(db: Kysely<DB>): ConsentRepository {
  return {
    preview: (ctx, planVersionId, locale, performers) =>
      audited(db, ctx, { action: 'read', entity: 'consent_form', entityId: planVersionId }, async (trx) => {
        requirePermission(ctx, 'consent:write');
        const { document } = await fillForm(trx, ctx, planVersionId, locale, performers);
        return { planVersionId, document, documentSha256: documentHash(document) };
      }),

    sign: (ctx, planVersionId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'consent', entityId: id }, async (trx) => {
        requirePermission(ctx, 'consent:write');
        const c = parseOrThrow(NewConsentSchema, input);
        if (c.templateVersion !== CONSENT_TEMPLATE.version) {
          throw conflict(
            `the form shown was template version ${c.templateVersion}; the current one is ${CONSENT_TEMPLATE.version}: show the current form and sign again`,
            [{ path: 'templateVersion', message: `current is ${CONSENT_TEMPLATE.version}` }],
          );
        }
        const { patientId, document } = await fillForm(
          trx,
          ctx,
          planVersionId,
          c.locale,
          c.performingDoctorIds,
        );
        const sha = documentHash(document);
        if (sha !== c.documentSha256) {
          throw conflict(
            'the consent form has changed since it was shown (plan, doctors or clinic details): show it again and have it signed',
            [{ path: 'documentSha256', message: 'does not match the form as it reads now' }],
          );
        }
        const row: ConsentRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          patient_id: patientId,
          plan_version_id: planVersionId,
          template_id: document.templateId,
          template_version: document.templateVersion,
          locale: c.locale,
          document: toJson(document),
          document_sha256: sha,
          photo_record: c.photoScopes.record ? 1 : 0,
          photo_marketing: c.photoScopes.marketing ? 1 : 0,
          photo_research: c.photoScopes.research ? 1 : 0,
          signer_name: c.signerName,
          signer_relation: c.signerRelation === '' ? null : c.signerRelation,
          signature_path: c.signaturePath,
          performing_doctor_ids: toJson(c.performingDoctorIds),
          signed_at: nowIso(ctx),
          recorded_by: ctx.actor.userId,
        };
        await trx.insertInto('consents').values(row).execute();
        return toConsent(row);
      });
    },

    status: (ctx, planVersionId) =>
      audited(db, ctx, { action: 'read', entity: 'consent_status', entityId: planVersionId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const pv = await trx
          .selectFrom('plan_versions')
          .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
          .select('plan_versions.id')
          .where('plan_versions.id', '=', planVersionId)
          .where('plans.organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!pv) throw notFound('plan version');
        return consentStatusIn(trx, ctx, planVersionId);
      }),

    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'consent', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const r = await trx
          .selectFrom('consents')
          .selectAll()
          .where('id', '=', id)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!r) throw notFound('consent');
        return toConsent(r);
      }),

    printCopy: (ctx, id, reason) =>
      audited(db, ctx, { action: 'print', entity: 'consent', entityId: id, detail: reason }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const r = await trx
          .selectFrom('consents')
          .selectAll()
          .where('id', '=', id)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!r) throw notFound('consent');
        await recordDownload(trx, ctx, { patientId: r.patient_id, document: 'consent', reason });
        return toConsent(r);
      }),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'consent', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('consents')
          .selectAll()
          .where('patient_id', '=', patientId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .orderBy('signed_at')
          .execute();
        return rows.map(toConsent);
      }),

    doctors: (ctx) =>
      inClinic(ctx, async () => {
        requirePermission(ctx, 'patient:read');
        const rows = await db
          .selectFrom('users')
          .select(['id', 'display_name', 'licence_number'])
          .where('organisation_id', '=', ctx.actor.organisationId)
          .where('role', '=', 'doctor')
          .where('disabled', '=', 0)
          .orderBy('display_name')
          .execute();
        return rows.map((r) => ({ id: r.id, displayName: r.display_name, licenceNumber: r.licence_number }));
      }),
  };
}
