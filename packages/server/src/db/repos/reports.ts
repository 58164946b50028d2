import type { DownloadReason } from '@liftplan/api';
import type { Kysely } from 'kysely';
import { recordDownload } from '../../compliance/downloads.js';
import { conflict, notFound } from '../../errors.js';
import type { PlanPayload } from '../../schemas.js';
import type { RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited } from '../repo-kit.js';
import { formatInZone } from '../../time-zone.js';
import { assertSignedIntact } from '../signed-records.js';
import type { DB, PatientRow, VisitRow } from '../types.js';

export type PrintKind = 'consultation' | 'aftercare';

/** Everything a patient document of one visit is printed from, read in one audited transaction. */
export interface PrintSource {
  readonly clinicName: string;
  /** The clinic's address and phone as recorded by an admin (null when not set). */
  readonly clinicAddress: string | null;
  readonly clinicPhone: string | null;
  readonly patient: Pick<PatientRow, 'id' | 'chart_number' | 'sex' | 'birth_date'>;
  readonly visit: Pick<VisitRow, 'id' | 'kind' | 'date'>;
  /** The signed plan version: its payload is what gets printed. */
  readonly signed: {
    readonly planId: string;
    readonly number: number;
    readonly payload: PlanPayload;
    readonly ruleSetVersion: string | null;
    readonly signedByName: string;
    /** The signer's licence number, printed after the doctor's name (null when not recorded). */
    readonly signedByLicence: string | null;
    /** When it was signed, in the clinic's time zone, as printed (`2025-03-01 18:00 (Asia/Seoul)`). */
    readonly signedAt: string;
  };
  /** The procedure day recorded for this visit, if any (aftercare dates count from it). */
  readonly procedureDate: string | null;
  /** The visit's photos, oldest first (the latest per view wins). */
  readonly photos: readonly {
    readonly view: string;
    readonly sha256: string;
    readonly contentType: string;
  }[];
}

export interface ReportRepository {
  /**
   * The print source of a visit whose plan has a signed version; 409 while the plan is draft only, 404 when
   * the visit has no plan. Audited as `print` of the visit (`detail` names the document kind and the reason)
   * and of its patient (compliance/downloads.ts).
   */
  printSource(
    ctx: RepoContext,
    visitId: string,
    kind: PrintKind,
    reason: DownloadReason,
  ): Promise<PrintSource>;
}

export function reportRepository(db: Kysely<DB>): ReportRepository {
  return {
    printSource: (ctx, visitId, kind, reason) =>
      audited(
        db,
        ctx,
        { action: 'print', entity: 'visit', entityId: visitId, detail: `${kind}:${reason}` },
        async (trx) => {
          requirePermission(ctx, 'report:print');
          const visit = await trx
            .selectFrom('visits')
            .innerJoin('patients', 'patients.id', 'visits.patient_id')
            .innerJoin('organisations', 'organisations.id', 'visits.organisation_id')
            .select([
              'visits.id',
              'visits.kind',
              'visits.date',
              'patients.id as patient_id',
              'patients.chart_number',
              'patients.sex',
              'patients.birth_date',
              'organisations.name as clinic_name',
              'organisations.address as clinic_address',
              'organisations.phone as clinic_phone',
              'organisations.time_zone',
            ])
            .where('visits.id', '=', visitId)
            .where('visits.organisation_id', '=', ctx.actor.organisationId)
            .executeTakeFirst();
          if (!visit) throw notFound('visit');
          const plans = await trx
            .selectFrom('plans')
            .select('id')
            .where('visit_id', '=', visitId)
            .orderBy('created_at', 'desc')
            .execute();
          if (plans.length === 0) throw notFound('plan for this visit');
          const signed = await trx
            .selectFrom('plan_versions')
            .leftJoin('users', 'users.id', 'plan_versions.signed_by')
            .select([
              'plan_versions.plan_id',
              'plan_versions.number',
              'plan_versions.payload',
              'plan_versions.rule_set_version',
              'plan_versions.signed_at',
              'plan_versions.signed_by',
              'users.display_name',
              'users.licence_number',
            ])
            .where(
              'plan_versions.plan_id',
              'in',
              plans.map((p) => p.id),
            )
            .where('plan_versions.status', '=', 'signed')
            .orderBy('plan_versions.signed_at', 'desc')
            .executeTakeFirst();
          if (!signed?.signed_at) {
            throw conflict(
              kind === 'consultation'
                ? 'the plan for this visit is not signed yet: sign it before printing the consultation report'
                : 'the plan for this visit is not signed yet: sign it before printing the aftercare sheet',
            );
          }
          // The record printed must be the one signed: refused (record_tampered) if it was edited or moved.
          const planRow = await trx
            .selectFrom('plans')
            .select(['id', 'patient_id', 'visit_id'])
            .where('id', '=', signed.plan_id)
            .executeTakeFirstOrThrow();
          const versions = await trx
            .selectFrom('plan_versions')
            .selectAll()
            .where('plan_id', '=', signed.plan_id)
            .execute();
          await assertSignedIntact(trx, planRow, versions);
          const procedure = await trx
            .selectFrom('procedures')
            .select('performed_on')
            .where('visit_id', '=', visitId)
            .orderBy('performed_on', 'desc')
            .executeTakeFirst();
          const photos = await trx
            .selectFrom('photos')
            .innerJoin('photo_blobs', 'photo_blobs.sha256', 'photos.sha256')
            .select(['photos.view', 'photos.sha256', 'photo_blobs.content_type'])
            .where('photos.visit_id', '=', visitId)
            .orderBy('photos.created_at')
            .execute();
          await recordDownload(trx, ctx, { patientId: visit.patient_id, document: kind, reason });
          return {
            clinicName: visit.clinic_name,
            clinicAddress: visit.clinic_address,
            clinicPhone: visit.clinic_phone,
            patient: {
              id: visit.patient_id,
              chart_number: visit.chart_number,
              sex: visit.sex,
              birth_date: visit.birth_date,
            },
            visit: { id: visit.id, kind: visit.kind, date: visit.date },
            signed: {
              planId: signed.plan_id,
              number: signed.number,
              payload: JSON.parse(signed.payload) as PlanPayload,
              ruleSetVersion: signed.rule_set_version,
              signedByName: signed.display_name ?? signed.signed_by ?? '—',
              signedByLicence: signed.licence_number ?? null,
              signedAt: formatInZone(signed.signed_at, visit.time_zone),
            },
            procedureDate: procedure?.performed_on ?? null,
            photos: photos.map((p) => ({ view: p.view, sha256: p.sha256, contentType: p.content_type })),
          };
        },
      ),
  };
}
