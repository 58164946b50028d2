import type { Kysely } from 'kysely';
import type {
  AnalysisRow,
  AssessmentRow,
  ComplicationRow,
  ConsentRow,
  DB,
  FhirImportedResourceRow,
  FollowUpRow,
  LotRow,
  OrganisationRow,
  PatientRow,
  PhotoBlobRow,
  PhotoRow,
  PlanSignatureRow,
  PlanVersionRow,
  ProcedureRow,
  ProcedureThreadRow,
  ProductRow,
  UserRow,
  VisitRow,
} from '../db/types.js';
import { assertVersionIntact } from '../db/signed-records.js';

/** What part of a patient's record goes out: everything, one visit, or the visits of a date range. */
export interface RecordScope {
  readonly visitId?: string | undefined;
  /** Inclusive YYYY-MM-DD bounds on visit, procedure, follow-up and complication dates. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** One patient's rows, as read in one transaction: the input of the FHIR bundle builder (pure). */
export interface PatientRecord {
  readonly organisation: OrganisationRow;
  readonly patient: PatientRow;
  readonly visits: readonly VisitRow[];
  readonly photos: readonly (PhotoRow & { readonly blob: PhotoBlobRow | null })[];
  /** The newest analysis of each photo. */
  readonly analyses: readonly AnalysisRow[];
  readonly assessments: readonly AssessmentRow[];
  /** Signed (and later superseded) plan versions; drafts are not part of the record. */
  readonly planVersions: readonly (PlanVersionRow & { readonly visit_id: string | null })[];
  readonly signatures: readonly PlanSignatureRow[];
  readonly consents: readonly ConsentRow[];
  readonly procedures: readonly ProcedureRow[];
  readonly threads: readonly ProcedureThreadRow[];
  readonly products: readonly ProductRow[];
  readonly lots: readonly LotRow[];
  readonly followUps: readonly FollowUpRow[];
  readonly complications: readonly ComplicationRow[];
  readonly users: readonly UserRow[];
  /** Resources imported from another liftplan's export (whole-record exports only). */
  readonly imported: readonly FhirImportedResourceRow[];
}

const inRange = (date: string, scope: RecordScope): boolean =>
  (scope.from === undefined || date >= scope.from) && (scope.to === undefined || date <= scope.to);

const uniq = <T>(xs: readonly (T | null | undefined)[]): T[] => [
  ...new Set(xs.filter((x): x is T => x !== null && x !== undefined)),
];

/** Reads one patient's record (rows of `organisationId` only). Call inside the export's transaction. */
export async function loadPatientRecord(
  trx: Kysely<DB>,
  organisationId: string,
  patientId: string,
  scope: RecordScope,
): Promise<PatientRecord | null> {
  const patient = await trx
    .selectFrom('patients')
    .selectAll()
    .where('id', '=', patientId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!patient) return null;
  const organisation = await trx
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const whole = scope.visitId === undefined && scope.from === undefined && scope.to === undefined;

  const allVisits = await trx
    .selectFrom('visits')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('date')
    .orderBy('created_at')
    .execute();
  const visits = allVisits.filter((v) =>
    scope.visitId !== undefined ? v.id === scope.visitId : inRange(v.date, scope),
  );
  const visitIds = new Set(visits.map((v) => v.id));
  const ofVisit = (visitId: string | null): boolean => (visitId === null ? whole : visitIds.has(visitId));

  const photoRows = await trx
    .selectFrom('photos')
    .leftJoin('photo_blobs', 'photo_blobs.sha256', 'photos.sha256')
    .selectAll('photos')
    .select([
      'photo_blobs.size as blob_size',
      'photo_blobs.content_type as blob_content_type',
      'photo_blobs.created_at as blob_created_at',
      'photo_blobs.derivative_sha256 as blob_derivative_sha256',
      'photo_blobs.derivative_width as blob_derivative_width',
      'photo_blobs.derivative_height as blob_derivative_height',
    ])
    .where('photos.patient_id', '=', patientId)
    .orderBy('photos.created_at')
    .execute();
  const photos = photoRows
    .filter((p) => ofVisit(p.visit_id))
    .map((p) => {
      const {
        blob_size,
        blob_content_type,
        blob_created_at,
        blob_derivative_sha256,
        blob_derivative_width,
        blob_derivative_height,
        ...photo
      } = p;
      const blob: PhotoBlobRow | null =
        blob_size === null || blob_content_type === null || blob_created_at === null
          ? null
          : {
              sha256: photo.sha256,
              size: blob_size,
              content_type: blob_content_type,
              created_at: blob_created_at,
              derivative_sha256: blob_derivative_sha256,
              derivative_width: blob_derivative_width,
              derivative_height: blob_derivative_height,
            };
      return { ...photo, blob };
    });
  const photoIds = new Set(photos.map((p) => p.id));
  const analysisRows = await trx
    .selectFrom('analyses')
    .selectAll()
    .where('patient_id', '=', patientId)
    .orderBy('created_at')
    .execute();
  const newest = new Map<string, AnalysisRow>();
  for (const a of analysisRows) if (photoIds.has(a.photo_id)) newest.set(a.photo_id, a);

  const assessments = (
    await trx
      .selectFrom('assessments')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('created_at')
      .execute()
  ).filter((a) => ofVisit(a.visit_id));

  const planVersions = (
    await trx
      .selectFrom('plan_versions')
      .innerJoin('plans', 'plans.id', 'plan_versions.plan_id')
      .selectAll('plan_versions')
      .select('plans.visit_id')
      .where('plans.patient_id', '=', patientId)
      .where('plan_versions.signed_at', 'is not', null)
      .orderBy('plan_versions.signed_at')
      .execute()
  ).filter((v) => ofVisit(v.visit_id));
  // Exported as signed only if intact: an edited or moved signed version is refused (record_tampered).
  for (const v of planVersions) await assertVersionIntact(trx, v.id);
  const versionIds = planVersions.map((v) => v.id);
  const signatures =
    versionIds.length === 0
      ? []
      : await trx
          .selectFrom('plan_signatures')
          .selectAll()
          .where('plan_version_id', 'in', versionIds)
          .execute();
  const consents =
    versionIds.length === 0
      ? []
      : await trx
          .selectFrom('consents')
          .selectAll()
          .where('plan_version_id', 'in', versionIds)
          .orderBy('signed_at')
          .execute();

  const procedures = (
    await trx
      .selectFrom('procedures')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('performed_on')
      .execute()
  ).filter((p) =>
    scope.visitId !== undefined ? p.visit_id === scope.visitId : inRange(p.performed_on, scope),
  );
  const procedureIds = procedures.map((p) => p.id);
  const threads =
    procedureIds.length === 0
      ? []
      : await trx
          .selectFrom('procedure_threads')
          .selectAll()
          .where('procedure_id', 'in', procedureIds)
          .orderBy('procedure_id')
          .orderBy('id')
          .execute();
  const lotIds = uniq(threads.map((t) => t.lot_id));
  const lots =
    lotIds.length === 0 ? [] : await trx.selectFrom('lots').selectAll().where('id', 'in', lotIds).execute();
  const productIds = uniq(threads.map((t) => t.product_id));
  const products =
    productIds.length === 0
      ? []
      : await trx.selectFrom('products').selectAll().where('id', 'in', productIds).execute();

  const procedureSet = new Set(procedureIds);
  const followUps = (
    await trx
      .selectFrom('follow_ups')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('due_date')
      .execute()
  ).filter((f) =>
    scope.visitId !== undefined
      ? f.visit_id === scope.visitId || (f.procedure_id !== null && procedureSet.has(f.procedure_id))
      : inRange(f.due_date, scope),
  );
  const followUpIds = new Set(followUps.map((f) => f.id));
  const complications = (
    await trx
      .selectFrom('complications')
      .selectAll()
      .where('patient_id', '=', patientId)
      .orderBy('onset_date')
      .execute()
  ).filter((c) =>
    scope.visitId !== undefined
      ? c.follow_up_id !== null && followUpIds.has(c.follow_up_id)
      : inRange(c.onset_date, scope),
  );

  const userIds = uniq([
    ...planVersions.map((v) => v.signed_by),
    ...assessments.map((a) => a.assessed_by),
    ...procedures.map((p) => p.performed_by),
    ...followUps.map((f) => f.scored_by),
    ...consents.flatMap((c) => JSON.parse(c.performing_doctor_ids) as string[]),
  ]).filter((id) => !id.startsWith('system:'));
  const users =
    userIds.length === 0
      ? []
      : await trx
          .selectFrom('users')
          .selectAll()
          .where('id', 'in', userIds)
          .where('organisation_id', '=', organisationId)
          .execute();
  const imported = whole
    ? await trx
        .selectFrom('fhir_imported_resources')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('patient_id', '=', patientId)
        .orderBy('imported_at')
        .orderBy('resource_type')
        .orderBy('resource_id')
        .execute()
    : [];

  return {
    organisation,
    patient,
    visits,
    photos,
    analyses: [...newest.values()],
    assessments,
    planVersions,
    signatures,
    consents,
    procedures,
    threads,
    products,
    lots,
    followUps,
    complications,
    users,
    imported,
  };
}
