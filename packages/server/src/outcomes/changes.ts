import {
  compareFollowUp,
  LandmarkSetSchema,
  PlanRecordSchema,
  REGION_METRICS,
  REGIONS,
  type MetricId,
  type Region,
  type Side,
} from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { assertVersionIntact } from '../db/signed-records.js';
import type { DB } from '../db/types.js';

/** One metric of one region and side at one follow-up: change from the procedure's baseline photo. */
export interface RegionSideChange {
  readonly followUpId: string;
  readonly patientId: string;
  readonly procedureId: string;
  /** The follow-up visit. */
  readonly visitId: string;
  readonly performedBy: string;
  readonly performedOn: string;
  /** The follow-up visit's date. */
  readonly followUpDate: string;
  readonly daysAfter: number;
  readonly region: Region;
  readonly side: Side;
  readonly metric: MetricId;
  readonly unit: string;
  readonly baseline: number;
  readonly followUp: number;
  /** follow-up − baseline in the baseline's frame and scale. */
  readonly change: number;
  /** Minimal detectable change of the difference; null when no band was measured. */
  readonly mdc: number | null;
  readonly verdict: 'change' | 'within-error' | 'no-band';
  readonly productId: string | null;
  readonly lotId: string | null;
  readonly gaisClinician: number | null;
  readonly gaisPatient: number | null;
  readonly satisfaction: number | null;
}

export interface SkippedFollowUp {
  readonly followUpId: string;
  readonly reason: 'no-baseline-photo' | 'no-follow-up-photo' | 'face-mismatch';
}

const REGION_OF = new Map<MetricId, Region>(
  REGIONS.flatMap((r) => REGION_METRICS[r].map((m) => [m, r] as const)),
);

const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

async function landmarksOf(trx: Kysely<DB>, analysisId: string, number?: number) {
  let q = trx
    .selectFrom('landmark_versions')
    .select(['landmarks', 'number'])
    .where('analysis_id', '=', analysisId);
  q = number === undefined ? q.orderBy('number', 'desc') : q.where('number', '=', number);
  const row = await q.limit(1).executeTakeFirst();
  if (!row) return null;
  const parsed = LandmarkSetSchema.safeParse(JSON.parse(row.landmarks));
  return parsed.success ? parsed.data : null;
}

/**
 * The measured change of every region and side at every scored follow-up of a procedure (the clinic's, or of
 * the given patients): the baseline is the front photo the signed plan was built on (its landmark version),
 * the follow-up the newest front analysis of the follow-up visit, compared in the baseline's frame
 * (`compareFollowUp`). Follow-ups without both photos, or whose faces do not match, are listed as skipped.
 */
export async function followUpChanges(
  trx: Kysely<DB>,
  organisationId: string,
  filter: { readonly patientIds?: readonly string[]; readonly followUpIds?: readonly string[] } = {},
): Promise<{ rows: RegionSideChange[]; skipped: SkippedFollowUp[] }> {
  const { patientIds, followUpIds } = filter;
  if (patientIds?.length === 0 || followUpIds?.length === 0) return { rows: [], skipped: [] };
  let q = trx
    .selectFrom('follow_ups')
    .innerJoin('procedures', 'procedures.id', 'follow_ups.procedure_id')
    .innerJoin('visits', 'visits.id', 'follow_ups.visit_id')
    .select([
      'follow_ups.id as followUpId',
      'follow_ups.patient_id as patientId',
      'follow_ups.visit_id as visitId',
      'follow_ups.gais_clinician',
      'follow_ups.gais_patient',
      'follow_ups.satisfaction',
      'procedures.id as procedureId',
      'procedures.performed_by',
      'procedures.performed_on',
      'procedures.plan_version_id',
      'visits.date as visitDate',
    ])
    .where('follow_ups.organisation_id', '=', organisationId)
    .where('follow_ups.status', '=', 'done');
  if (patientIds) q = q.where('follow_ups.patient_id', 'in', [...patientIds]);
  if (followUpIds) q = q.where('follow_ups.id', 'in', [...followUpIds]);
  const fus = await q.orderBy('follow_ups.patient_id').orderBy('visits.date').execute();
  const rows: RegionSideChange[] = [];
  const skipped: SkippedFollowUp[] = [];
  for (const f of fus) {
    // The baseline comes from the signed plan: refused (record_tampered) if it was edited or moved.
    if (f.plan_version_id) await assertVersionIntact(trx, f.plan_version_id);
    const version = f.plan_version_id
      ? await trx
          .selectFrom('plan_versions')
          .select('payload')
          .where('id', '=', f.plan_version_id)
          .executeTakeFirst()
      : undefined;
    const record = version ? PlanRecordSchema.safeParse(JSON.parse(version.payload)) : null;
    const source = record?.success ? record.data.sources.photos.find((p) => p.view === 'front') : undefined;
    const baseline = source ? await landmarksOf(trx, source.analysisId, source.landmarkVersion) : null;
    if (!baseline) {
      skipped.push({ followUpId: f.followUpId, reason: 'no-baseline-photo' });
      continue;
    }
    const analysis = await trx
      .selectFrom('analyses')
      .innerJoin('photos', 'photos.id', 'analyses.photo_id')
      .select('analyses.id')
      .where('photos.visit_id', '=', f.visitId)
      .where('photos.view', '=', 'front')
      .orderBy('analyses.created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const current = analysis ? await landmarksOf(trx, analysis.id) : null;
    if (!current) {
      skipped.push({ followUpId: f.followUpId, reason: 'no-follow-up-photo' });
      continue;
    }
    const cmp = compareFollowUp(baseline, current);
    if (!cmp.ok) {
      skipped.push({ followUpId: f.followUpId, reason: 'face-mismatch' });
      continue;
    }
    const threads = await trx
      .selectFrom('procedure_threads')
      .select(['region', 'side', 'product_id', 'lot_id'])
      .where('procedure_id', '=', f.procedureId)
      .orderBy('id')
      .execute();
    for (const c of cmp.changes) {
      const region = REGION_OF.get(c.id);
      if (!region || c.side === 'bilateral') continue;
      const thread = threads.find((t) => t.region === region && t.side === c.side);
      rows.push({
        followUpId: f.followUpId,
        patientId: f.patientId,
        procedureId: f.procedureId,
        visitId: f.visitId ?? '',
        performedBy: f.performed_by,
        performedOn: f.performed_on,
        followUpDate: f.visitDate,
        daysAfter: daysBetween(f.performed_on, f.visitDate),
        region,
        side: c.side,
        metric: c.id,
        unit: c.unit,
        baseline: c.baseline,
        followUp: c.followUp,
        change: c.change,
        mdc: c.mdc,
        verdict: c.verdict,
        productId: thread?.product_id ?? null,
        lotId: thread?.lot_id ?? null,
        gaisClinician: f.gais_clinician,
        gaisPatient: f.gais_patient,
        satisfaction: f.satisfaction,
      });
    }
  }
  return { rows, skipped };
}
