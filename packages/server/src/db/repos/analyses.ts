import type { LandmarkSet } from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { conflict, notFound, parseOrThrow } from '../../errors.js';
import { LandmarkCorrectionSchema, type LandmarkCorrection } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, toJson } from '../repo-kit.js';
import type { AnalysisRow, DB, LandmarkVersionRow } from '../types.js';
import type { FacesInfo } from '../../analysis/detector.js';
import { toJob, type Job } from './jobs.js';
import { analysisLinks, type PhotoAnalysisLink } from './photos.js';

export interface LandmarkVersion {
  readonly id: string;
  readonly number: number;
  readonly source: LandmarkVersionRow['source'];
  readonly landmarks: LandmarkSet;
  readonly note: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface Analysis {
  readonly id: string;
  readonly photoId: string;
  readonly patientId: string;
  readonly detector: { readonly id: string; readonly version: string };
  /** sha256 of the landmark model that produced version 1 (null for analyses before migration 0008). */
  readonly modelSha256: string | null;
  /** The faces the photo showed and the one measured (null for older analyses). */
  readonly faces: FacesInfo | null;
  readonly passed: boolean;
  readonly measurements: unknown;
  readonly createdAt: string;
  /** Oldest first: [0] is what the detector found, later ones are clinician corrections. */
  readonly landmarkVersions: readonly LandmarkVersion[];
}

const toVersion = (r: LandmarkVersionRow): LandmarkVersion => ({
  id: r.id,
  number: r.number,
  source: r.source,
  landmarks: JSON.parse(r.landmarks) as LandmarkSet,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

async function load(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<Analysis> {
  const a: AnalysisRow | undefined = await trx
    .selectFrom('analyses')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!a) throw notFound('analysis');
  const versions = await trx
    .selectFrom('landmark_versions')
    .selectAll()
    .where('analysis_id', '=', id)
    .orderBy('number')
    .execute();
  return {
    id: a.id,
    photoId: a.photo_id,
    patientId: a.patient_id,
    detector: { id: a.detector_id, version: a.detector_version },
    modelSha256: a.model_sha256,
    faces: a.faces === null ? null : (JSON.parse(a.faces) as FacesInfo),
    passed: a.passed === 1,
    measurements: a.measurements === null ? null : (JSON.parse(a.measurements) as unknown),
    createdAt: a.created_at,
    landmarkVersions: versions.map(toVersion),
  };
}

/** A photo's analysis as the web app needs it: the link, the newest job and the analysis (when there is one). */
export interface PhotoAnalysis extends PhotoAnalysisLink {
  readonly photoId: string;
  readonly job: Job | null;
  readonly analysis: Analysis | null;
}

export interface AnalysisRepository {
  get(ctx: RepoContext, id: string): Promise<Analysis>;
  /**
   * The analysis of a photo (its newest job and the analysis it produced, with every landmark version), so a
   * client needs nothing but the photo id. Doctors and coordinators; audited as a read of the photo's analysis.
   */
  forPhoto(ctx: RepoContext, photoId: string): Promise<PhotoAnalysis>;
  /**
   * Saves a clinician's correction as a new landmark version; the detector's and earlier versions stay.
   * `baseNumber` must be the latest version, else 409 (someone corrected in between).
   */
  correct(ctx: RepoContext, id: string, input: LandmarkCorrection): Promise<LandmarkVersion>;
}

export function analysisRepository(db: Kysely<DB>): AnalysisRepository {
  return {
    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'analysis', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        return load(trx, ctx, id);
      }),

    forPhoto: (ctx, photoId) =>
      audited(db, ctx, { action: 'read', entity: 'photo_analysis', entityId: photoId }, async (trx) => {
        requirePermission(ctx, 'analysis:read');
        const photo = await trx
          .selectFrom('photos')
          .select('id')
          .where('id', '=', photoId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!photo) throw notFound('photo');
        const link = (await analysisLinks(trx, [photoId])).get(photoId);
        const jobId = link?.jobId ?? null;
        const jobRow =
          jobId === null
            ? undefined
            : await trx.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
        return {
          photoId,
          analysisId: link?.analysisId ?? null,
          passedGate: link?.passedGate ?? null,
          jobId: link?.jobId ?? null,
          jobStatus: link?.jobStatus ?? null,
          landmarkVersion: link?.landmarkVersion ?? null,
          job: jobRow ? toJob(jobRow) : null,
          analysis: link?.analysisId ? await load(trx, ctx, link.analysisId) : null,
        };
      }),

    correct: (ctx, id, input) =>
      audited(db, ctx, { action: 'correct', entity: 'analysis', entityId: id }, async (trx) => {
        requirePermission(ctx, 'landmarks:correct');
        const c = parseOrThrow(LandmarkCorrectionSchema, input);
        const a = await load(trx, ctx, id);
        const latest = a.landmarkVersions.at(-1)?.number ?? 0;
        if (c.baseNumber !== latest) {
          throw conflict(`landmarks were corrected since version ${c.baseNumber}; reload and try again`, [
            { path: 'baseNumber', message: `the latest landmark version is ${latest}` },
          ]);
        }
        const row: LandmarkVersionRow = {
          id: newId(),
          organisation_id: ctx.actor.organisationId,
          analysis_id: id,
          number: latest + 1,
          source: 'clinician',
          landmarks: toJson({ ...c.landmarks, corrected: true }),
          note: c.note,
          created_by: ctx.actor.userId,
          created_at: nowIso(ctx),
        };
        await trx.insertInto('landmark_versions').values(row).execute();
        return toVersion(row);
      }),
  };
}
