/**
 * The server's half of the plan record: it builds the case from its own rows (patient, the visit's assessment,
 * the referenced photo analyses and landmark versions), never from the client's copy, and checks that a
 * record's inputs are still the newest ones when it is signed.
 */
import {
  CASE_FORMAT_VERSION,
  CaseFileSchema,
  HISTORY_FLAGS,
  MAX_BURST_SHOTS,
  LandmarkSetSchema,
  PLAN_RECORD_FORMAT,
  PLAN_RECORD_VERSION,
  RULE_SET,
  VIEWS,
  type Assessment,
  type HistoryFlag,
  type PhotoSource,
  type PlanRecord,
  type RecordCaseProblem,
  type RecordJustification,
  type View,
} from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { badRequest, type Reason } from '../../errors.js';
import type { PlanEdits } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import type { DB, PatientRow, VisitRow } from '../types.js';

const isView = (v: string): v is View => (VIEWS as readonly string[]).includes(v);

/** Whole years from `birthDate` to `on` (both YYYY-MM-DD); may be negative for a birth date after `on`. */
export function ageOn(birthDate: string, on: string): number {
  const [by = 0, bm = 0, bd = 0] = birthDate.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The patient's stored history, each flag as recorded; unanswered flags are listed separately. */
export function historyOf(p: PatientRow): { flags: Record<HistoryFlag, boolean>; unanswered: HistoryFlag[] } {
  const h = JSON.parse(p.history) as Partial<Record<HistoryFlag, unknown>>;
  const flags = Object.fromEntries(HISTORY_FLAGS.map((f) => [f, h[f] === true])) as Record<
    HistoryFlag,
    boolean
  >;
  return { flags, unanswered: HISTORY_FLAGS.filter((f) => typeof h[f] !== 'boolean') };
}

/** The visit's newest assessment, if any. */
export async function latestAssessment(trx: Kysely<DB>, visitId: string) {
  return trx
    .selectFrom('assessments')
    .selectAll()
    .where('visit_id', '=', visitId)
    .orderBy('created_at', 'desc')
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

interface ResolvedPhoto {
  readonly source: PhotoSource;
  readonly sha256: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly landmarks: unknown;
  readonly burstId: string | null;
}

/** Each referenced landmark version, checked to exist and to belong to a photo of this visit; 400 otherwise. */
async function resolvePhotos(
  trx: Kysely<DB>,
  ctx: RepoContext,
  visit: VisitRow,
  refs: PlanEdits['photos'],
): Promise<ResolvedPhoto[]> {
  const out: ResolvedPhoto[] = [];
  const fields: { path: string; message: string }[] = [];
  /** Per view: the burst its shots share (null: a single photo) and how many were sent. */
  const views = new Map<string, { burstId: string | null; shots: number }>();
  for (const [i, ref] of refs.entries()) {
    const row = await trx
      .selectFrom('photos')
      .innerJoin('analyses', 'analyses.photo_id', 'photos.id')
      .innerJoin('landmark_versions', 'landmark_versions.analysis_id', 'analyses.id')
      .select([
        'photos.view',
        'photos.visit_id',
        'photos.sha256',
        'photos.burst_id',
        'analyses.passed',
        'analyses.image_width',
        'analyses.image_height',
        'landmark_versions.landmarks',
      ])
      .where('photos.id', '=', ref.photoId)
      .where('photos.organisation_id', '=', ctx.actor.organisationId)
      .where('analyses.id', '=', ref.analysisId)
      .where('landmark_versions.number', '=', ref.landmarkVersion)
      .executeTakeFirst();
    if (!row) {
      fields.push({
        path: `photos[${i}]`,
        message: `no landmark version ${ref.landmarkVersion} of analysis ${ref.analysisId} of photo ${ref.photoId}: reload the photos and plan again`,
      });
      continue;
    }
    if (row.visit_id !== visit.id) {
      fields.push({ path: `photos[${i}].photoId`, message: 'this photo belongs to another visit' });
      continue;
    }
    if (!isView(row.view)) {
      fields.push({
        path: `photos[${i}].photoId`,
        message: `the photo's view "${row.view}" is not planned on`,
      });
      continue;
    }
    const seen = views.get(row.view);
    if (seen && (seen.burstId === null || seen.burstId !== row.burst_id)) {
      fields.push({
        path: `photos[${i}].photoId`,
        message: `a second ${row.view} photo that is not a shot of the same burst: send one photo or one burst per view`,
      });
      continue;
    }
    if (seen && seen.shots >= MAX_BURST_SHOTS) {
      fields.push({
        path: `photos[${i}].photoId`,
        message: `more than ${MAX_BURST_SHOTS} shots of the ${row.view} view`,
      });
      continue;
    }
    views.set(row.view, { burstId: row.burst_id, shots: (seen?.shots ?? 0) + 1 });
    out.push({
      source: {
        view: row.view,
        photoId: ref.photoId,
        analysisId: ref.analysisId,
        landmarkVersion: ref.landmarkVersion,
        passedGate: row.passed === 1,
      },
      sha256: row.sha256,
      width: row.image_width,
      height: row.image_height,
      landmarks: JSON.parse(row.landmarks) as unknown,
      burstId: row.burst_id,
    });
  }
  if (fields.length > 0) throw badRequest('the plan refers to photos that are not this visit’s', fields);
  return out;
}

/**
 * One case photo per view. The shots of a burst become one photo: the plan is drawn on the first shot that
 * passed the gate (the first shot when none did), the others are its `burst`, whose metrics median the
 * domain takes over the passing shots.
 */
function casePhotos(photos: readonly ResolvedPhoto[]) {
  const image = (p: ResolvedPhoto) => ({ width: p.width ?? 1, height: p.height ?? 1, sha256: p.sha256 });
  const byView = new Map<string, ResolvedPhoto[]>();
  for (const p of photos) byView.set(p.source.view, [...(byView.get(p.source.view) ?? []), p]);
  return [...byView.values()].flatMap((shots) => {
    const primary = shots.find((s) => s.source.passedGate) ?? shots[0];
    if (!primary) return [];
    const others = shots.filter((s) => s !== primary);
    return [
      {
        view: primary.source.view,
        image: image(primary),
        landmarks: LandmarkSetSchema.parse(primary.landmarks),
        ...(others.length > 0
          ? {
              burst: others.map((s) => ({
                image: image(s),
                landmarks: LandmarkSetSchema.parse(s.landmarks),
              })),
            }
          : {}),
      },
    ];
  });
}

/** Keeps the author and time of a justification recorded before (same zone, place and reason). */
function stampJustifications(
  ctx: RepoContext,
  byName: string,
  requested: PlanEdits['justifications'],
  previous: readonly RecordJustification[],
): RecordJustification[] {
  const key = (j: {
    zoneId: string;
    region?: string | undefined;
    side?: string | undefined;
    reason: string;
  }) => JSON.stringify([j.zoneId, j.region ?? '', j.side ?? '', j.reason]);
  const before = new Map(previous.map((j) => [key(j), j]));
  const seen = new Set<string>();
  const out: RecordJustification[] = [];
  for (const j of requested) {
    const k = key(j);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(
      before.get(k) ?? {
        zoneId: j.zoneId,
        ...(j.region ? { region: j.region } : {}),
        ...(j.side ? { side: j.side } : {}),
        reason: j.reason,
        by: byName,
        byUserId: ctx.actor.userId,
        at: nowIso(ctx),
      },
    );
  }
  return out;
}

/** The record of a draft: the case built from the server's rows plus the clinician's edits. */
export async function buildRecord(
  trx: Kysely<DB>,
  ctx: RepoContext,
  patient: PatientRow,
  visit: VisitRow,
  edits: PlanEdits,
  previous: PlanRecord | null,
): Promise<PlanRecord> {
  const photos = await resolvePhotos(trx, ctx, visit, edits.photos);
  const assessment = await latestAssessment(trx, visit.id);
  const user = await trx
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirst();
  const problems: RecordCaseProblem[] = [];
  let caseFile: PlanRecord['caseFile'] = null;
  if (!assessment) {
    problems.push({
      code: 'assessment-missing',
      path: 'assessment',
      message: 'this visit has no assessment yet: record the assessment, then save the plan again',
    });
  } else {
    const sizeless = photos.find((p) => p.width === null || p.height === null);
    const candidate = {
      format: 'liftplan.case',
      version: CASE_FORMAT_VERSION,
      caseId: visit.id,
      visitDate: visit.date,
      patient: {
        id: patient.chart_number,
        age: ageOn(patient.birth_date, visit.date),
        sex: patient.sex,
        history: historyOf(patient).flags,
        previousProcedures: [],
        concerns: edits.intake.concerns,
        expectations: edits.intake.expectations,
        ...(edits.intake.pupillaryDistanceMm === undefined
          ? {}
          : { pupillaryDistanceMm: edits.intake.pupillaryDistanceMm }),
      },
      assessment: JSON.parse(assessment.payload) as Assessment,
      photos: casePhotos(photos),
    };
    if (sizeless) {
      problems.push({
        code: 'case-invalid',
        path: `photos.${sizeless.source.view}`,
        message: `the ${sizeless.source.view} photo was analysed before image sizes were recorded: analyse it again (upload it again)`,
      });
    } else {
      const parsed = CaseFileSchema.safeParse(candidate);
      if (parsed.success) caseFile = parsed.data;
      else {
        for (const issue of parsed.error.issues.slice(0, 5)) {
          problems.push({ code: 'case-invalid', path: issue.path.join('.'), message: issue.message });
        }
      }
    }
  }
  return {
    format: PLAN_RECORD_FORMAT,
    version: PLAN_RECORD_VERSION,
    caseFile,
    caseProblems: problems,
    ruleSetVersion: RULE_SET.version,
    sources: {
      patientId: patient.id,
      patientVersion: patient.version,
      visitId: visit.id,
      assessmentId: assessment?.id ?? null,
      photos: photos.map((p) => p.source),
    },
    intake: edits.intake,
    placements: edits.placements,
    edited: [...new Set(edits.edited)],
    justifications: stampJustifications(
      ctx,
      user?.display_name ?? ctx.actor.userId,
      edits.justifications,
      previous?.justifications ?? [],
    ),
  };
}

/**
 * Whether a record's inputs are still the newest: the patient record, the visit's assessment, each view's
 * newest photo, its newest analysis and newest landmark version. Each stale input is one reason.
 */
export async function staleInputs(trx: Kysely<DB>, record: PlanRecord): Promise<Reason[]> {
  const out: Reason[] = [];
  const patient = await trx
    .selectFrom('patients')
    .select('version')
    .where('id', '=', record.sources.patientId)
    .executeTakeFirst();
  if (patient && patient.version !== record.sources.patientVersion) {
    out.push({
      code: 'patient-changed',
      params: { recorded: record.sources.patientVersion, latest: patient.version },
      message: 'the patient record changed after this plan was saved: save the plan again to re-plan',
    });
  }
  const assessment = await latestAssessment(trx, record.sources.visitId);
  if ((assessment?.id ?? null) !== record.sources.assessmentId) {
    out.push({
      code: 'assessment-changed',
      params: {},
      message: 'a newer assessment was recorded after this plan was saved: save the plan again to re-plan',
    });
  }
  const replaced = new Set<string>();
  for (const src of record.sources.photos) {
    if (replaced.has(src.view)) continue;
    const newestPhoto = await trx
      .selectFrom('photos')
      .select('id')
      .where('visit_id', '=', record.sources.visitId)
      .where('view', '=', src.view)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    // A burst's shots are all recorded: the newest photo of the view must be one of them.
    const recorded = record.sources.photos.filter((p) => p.view === src.view).map((p) => p.photoId);
    if (newestPhoto && !recorded.includes(newestPhoto.id)) {
      replaced.add(src.view);
      out.push({
        code: 'photo-replaced',
        params: { view: src.view },
        message: `a newer ${src.view} photo was taken: plan on it and save again`,
      });
      continue;
    }
    const newest = await trx
      .selectFrom('analyses')
      .innerJoin('landmark_versions', 'landmark_versions.analysis_id', 'analyses.id')
      .select(['analyses.id', 'landmark_versions.number'])
      .where('analyses.photo_id', '=', src.photoId)
      .orderBy('analyses.created_at', 'desc')
      .orderBy('landmark_versions.number', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest && (newest.id !== src.analysisId || newest.number !== src.landmarkVersion)) {
      out.push({
        code: 'landmarks-stale',
        params: { view: src.view, recorded: src.landmarkVersion, latest: newest.number },
        message: `the ${src.view} landmarks were corrected after this plan was saved (version ${src.landmarkVersion}, now ${newest.number}): save the plan again`,
      });
    }
  }
  return out;
}
