import type { View } from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { MAX_BURST_SHOTS } from '@liftplan/domain';
import { badRequest, notFound, parseOrThrow } from '../../errors.js';
import { PhotoViewSchema } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, inClinic } from '../repo-kit.js';
import type { DB, JobRow, JobStatus, PhotoRow } from '../types.js';
import { loadPatientRow } from './patients.js';
import { requireVisit } from './visits.js';
import { toJob, type Job } from './jobs.js';

export interface Photo {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: View;
  readonly sha256: string;
  readonly originalName: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly createdAt: string;
  /** Shared by the shots of one burst of this view; null for a single photo. */
  readonly burstId: string | null;
  /** The metadata-free JPEG copy (`GET /api/photos/:id/derivative`); null until the worker made it. */
  readonly derivative: { readonly width: number; readonly height: number } | null;
  /** The photo's latest analysis (`GET /api/analyses/:id`); null until its job succeeded. */
  readonly analysisId: string | null;
  /** The photo's latest analysis job and its status; null for a photo that never had one. */
  readonly jobId: string | null;
  readonly jobStatus: JobStatus | null;
  /** The number of the analysis' newest landmark version (1 = the detector's, later = corrections). */
  readonly landmarkVersion: number | null;
  /** Whether the analysis passed the quality gate; null without one (a burst's plan is drawn on a passing shot). */
  readonly passedGate: boolean | null;
}

/** How a photo links to its analysis (part of every photo the repository returns). */
export type PhotoAnalysisLink = Pick<
  Photo,
  'analysisId' | 'jobId' | 'jobStatus' | 'landmarkVersion' | 'passedGate'
>;

const NO_ANALYSIS: PhotoAnalysisLink = {
  analysisId: null,
  jobId: null,
  jobStatus: null,
  landmarkVersion: null,
  passedGate: null,
};

/**
 * Per photo: the newest analysis job, the analysis it produced (else the photo's newest analysis) and that
 * analysis' newest landmark version. Three queries for any number of photos.
 */
export async function analysisLinks(
  trx: Kysely<DB>,
  photoIds: readonly string[],
): Promise<Map<string, PhotoAnalysisLink>> {
  const out = new Map<string, PhotoAnalysisLink>();
  if (photoIds.length === 0) return out;
  const ids = [...photoIds];
  const jobs = await trx
    .selectFrom('jobs')
    .select(['id', 'photo_id', 'status', 'result_id', 'created_at'])
    .where('photo_id', 'in', ids)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const analyses = await trx
    .selectFrom('analyses')
    .leftJoin('landmark_versions', 'landmark_versions.analysis_id', 'analyses.id')
    .select(['analyses.id', 'analyses.photo_id', 'analyses.created_at', 'analyses.passed'])
    .select((eb) => eb.fn.max<number | null>('landmark_versions.number').as('latest'))
    .where('analyses.photo_id', 'in', ids)
    .groupBy(['analyses.id', 'analyses.photo_id', 'analyses.created_at', 'analyses.passed'])
    .orderBy('analyses.created_at')
    .orderBy('analyses.id')
    .execute();
  const lastJob = new Map(jobs.map((j) => [j.photo_id, j]));
  const byId = new Map(analyses.map((a) => [a.id, a]));
  const lastAnalysis = new Map(analyses.map((a) => [a.photo_id, a]));
  for (const id of ids) {
    const job = lastJob.get(id);
    const analysis = (job?.result_id ? byId.get(job.result_id) : undefined) ?? lastAnalysis.get(id);
    out.set(id, {
      analysisId: analysis?.id ?? null,
      jobId: job?.id ?? null,
      jobStatus: job?.status ?? null,
      landmarkVersion: analysis?.latest ?? null,
      passedGate: analysis ? analysis.passed === 1 : null,
    });
  }
  return out;
}

type PhotoWithBlob = PhotoRow & {
  content_type: string;
  size: number;
  derivative_sha256?: string | null;
  derivative_width?: number | null;
  derivative_height?: number | null;
};

const toPhoto = (r: PhotoWithBlob, link: PhotoAnalysisLink = NO_ANALYSIS): Photo => ({
  id: r.id,
  patientId: r.patient_id,
  visitId: r.visit_id,
  view: r.view as View,
  sha256: r.sha256,
  originalName: r.original_name,
  contentType: r.content_type,
  size: r.size,
  createdAt: r.created_at,
  burstId: r.burst_id,
  derivative:
    r.derivative_sha256 && r.derivative_width && r.derivative_height
      ? { width: r.derivative_width, height: r.derivative_height }
      : null,
  ...link,
});

const toPublic = (f: PhotoFile): Photo => ({
  id: f.id,
  patientId: f.patientId,
  visitId: f.visitId,
  view: f.view,
  sha256: f.sha256,
  originalName: f.originalName,
  contentType: f.contentType,
  size: f.size,
  createdAt: f.createdAt,
  burstId: f.burstId,
  derivative: f.derivative,
  analysisId: f.analysisId,
  jobId: f.jobId,
  jobStatus: f.jobStatus,
  landmarkVersion: f.landmarkVersion,
  passedGate: f.passedGate,
});

/** A photo with where its derivative lives (for serving it; the hash stays inside the server). */
export interface PhotoFile extends Photo {
  readonly derivativeSha256: string | null;
}

export interface StoredUpload {
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: string;
  /** Of a blob already durable in the photo store. */
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly originalName: string | null;
  /** The burst this shot belongs to (all shots of one burst: one visit, one view). */
  readonly burstId?: string | null;
}

export interface PhotoRepository {
  /**
   * Before an upload's bytes are read: the role may upload, and the patient (and visit) exist in this clinic.
   * Not audited (it returns nothing); `recordUpload` checks again in its transaction and audits.
   */
  checkUploadTarget(ctx: RepoContext, patientId: string, visitId: string | null): Promise<void>;
  /** Whether any stored blob row is this content (a refused upload only removes files nobody uses). */
  blobReferenced(sha256: string): Promise<boolean>;
  /** Records a stored blob (once per content), the photo and its queued analysis job, in one transaction. */
  recordUpload(ctx: RepoContext, u: StoredUpload): Promise<{ photo: Photo; job: Job }>;
  get(ctx: RepoContext, id: string): Promise<Photo>;
  /** `get` plus the derivative's blob hash. */
  getFile(ctx: RepoContext, id: string): Promise<PhotoFile>;
  /** The derivative already recorded for an original blob (worker; no patient data). */
  derivativeOf(sha256: string): Promise<string | null>;
  /** Records a durable derivative blob for an original, audited as the system. */
  recordDerivative(
    ctx: RepoContext,
    originalSha256: string,
    d: { sha256: string; size: number; width: number; height: number },
  ): Promise<void>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Photo[]>;
  /** Every blob hash the database knows (the photo store's orphan sweep). No patient data. */
  knownBlobs(): Promise<Set<string>>;
}

/** A photo row with the stored file's type, size and derivative: one query shape for every photo read. */
const photosWithBlob = (trx: Kysely<DB>) =>
  trx
    .selectFrom('photos')
    .innerJoin('photo_blobs', 'photo_blobs.sha256', 'photos.sha256')
    .selectAll('photos')
    .select([
      'photo_blobs.content_type',
      'photo_blobs.size',
      'photo_blobs.derivative_sha256',
      'photo_blobs.derivative_width',
      'photo_blobs.derivative_height',
    ]);

/** A shot joins a burst only of its own visit and view, and a burst holds at most MAX_BURST_SHOTS; 400 otherwise. */
async function checkBurst(
  trx: Kysely<DB>,
  ctx: RepoContext,
  u: { visitId: string | null; view: string; burstId: string },
): Promise<void> {
  if (u.visitId === null) {
    throw badRequest('a burst belongs to a visit', [
      { path: 'visitId', message: 'send the visit the burst is taken in' },
    ]);
  }
  const shots = await trx
    .selectFrom('photos')
    .select(['visit_id', 'view'])
    .where('organisation_id', '=', ctx.actor.organisationId)
    .where('burst_id', '=', u.burstId)
    .execute();
  if (shots.some((s) => s.visit_id !== u.visitId || s.view !== u.view)) {
    throw badRequest('this burst was taken of another view or visit', [
      { path: 'burstId', message: 'start a new burst (a new burst id) for this view' },
    ]);
  }
  if (shots.length >= MAX_BURST_SHOTS) {
    throw badRequest(`a burst holds at most ${MAX_BURST_SHOTS} shots of one view`, [
      {
        path: 'burstId',
        message: `this burst already has ${shots.length} shots: start a new burst to retake`,
      },
    ]);
  }
}

export function photoRepository(db: Kysely<DB>): PhotoRepository {
  const getFile = (ctx: RepoContext, id: string): Promise<PhotoFile> =>
    audited(db, ctx, { action: 'read', entity: 'photo', entityId: id }, async (trx) => {
      requirePermission(ctx, 'patient:read');
      const row = await photosWithBlob(trx)
        .where('photos.id', '=', id)
        .where('photos.organisation_id', '=', ctx.actor.organisationId)
        .executeTakeFirst();
      if (!row) throw notFound('photo');
      const links = await analysisLinks(trx, [row.id]);
      return { ...toPhoto(row, links.get(row.id)), derivativeSha256: row.derivative_sha256 };
    });
  return {
    recordUpload: (ctx, u) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'photo', entityId: id }, async (trx) => {
        requirePermission(ctx, 'photo:write');
        const view = parseOrThrow(PhotoViewSchema, u.view, ['view']);
        await loadPatientRow(trx, ctx, u.patientId);
        if (u.visitId !== null) await requireVisit(trx, ctx, u.patientId, u.visitId);
        const burstId = u.burstId ?? null;
        if (burstId !== null) await checkBurst(trx, ctx, { ...u, view, burstId });
        const now = nowIso(ctx);
        await trx
          .insertInto('photo_blobs')
          .values({ sha256: u.sha256, size: u.size, content_type: u.contentType, created_at: now })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const row: PhotoRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          patient_id: u.patientId,
          visit_id: u.visitId,
          view,
          sha256: u.sha256,
          original_name: u.originalName,
          burst_id: burstId,
          created_by: ctx.actor.userId,
          created_at: now,
        };
        await trx.insertInto('photos').values(row).execute();
        const job: JobRow = {
          id: newId(),
          organisation_id: ctx.actor.organisationId,
          kind: 'analyze-photo',
          status: 'queued',
          photo_id: id,
          patient_id: u.patientId,
          attempts: 0,
          result_id: null,
          error_code: null,
          error_message: null,
          face: null,
          faces: null,
          created_by: ctx.actor.userId,
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto('jobs').values(job).execute();
        return {
          photo: toPhoto(
            { ...row, content_type: u.contentType, size: u.size },
            {
              analysisId: null,
              jobId: job.id,
              jobStatus: job.status,
              landmarkVersion: null,
              passedGate: null,
            },
          ),
          job: toJob(job),
        };
      });
    },

    get: async (ctx, id) => {
      const f = await getFile(ctx, id);
      return toPublic(f);
    },
    getFile: (ctx, id) => getFile(ctx, id),

    derivativeOf: async (sha256) => {
      const r = await db
        .selectFrom('photo_blobs')
        .select('derivative_sha256')
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      return r?.derivative_sha256 ?? null;
    },

    recordDerivative: (ctx, originalSha256, d) =>
      audited(
        db,
        ctx,
        { action: 'create', entity: 'photo_derivative', entityId: originalSha256.slice(0, 16) },
        async (trx) => {
          await trx
            .insertInto('photo_blobs')
            .values({ sha256: d.sha256, size: d.size, content_type: 'image/jpeg', created_at: nowIso(ctx) })
            .onConflict((oc) => oc.column('sha256').doNothing())
            .execute();
          await trx
            .updateTable('photo_blobs')
            .set({ derivative_sha256: d.sha256, derivative_width: d.width, derivative_height: d.height })
            .where('sha256', '=', originalSha256)
            .execute();
        },
      ),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'photo', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await photosWithBlob(trx)
          .where('photos.patient_id', '=', patientId)
          .where('photos.organisation_id', '=', ctx.actor.organisationId)
          .orderBy('photos.created_at')
          .execute();
        const links = await analysisLinks(
          trx,
          rows.map((r) => r.id),
        );
        return rows.map((r) => toPhoto(r, links.get(r.id)));
      }),

    checkUploadTarget: (ctx, patientId, visitId) =>
      inClinic(ctx, async () => {
        requirePermission(ctx, 'photo:write');
        await loadPatientRow(db, ctx, patientId);
        if (visitId !== null) await requireVisit(db, ctx, patientId, visitId);
      }),
    blobReferenced: async (sha256) => {
      const row = await db
        .selectFrom('photo_blobs')
        .select('sha256')
        .where((eb) => eb.or([eb('sha256', '=', sha256), eb('derivative_sha256', '=', sha256)]))
        .executeTakeFirst();
      return row !== undefined;
    },
    knownBlobs: async () => {
      const rows = await db.selectFrom('photo_blobs').select('sha256').execute();
      return new Set(rows.map((r) => r.sha256));
    },
  };
}
