import type { LandmarkSet } from '@liftplan/domain';
import type { Kysely } from 'kysely';
import { conflict, notFound } from '../../errors.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { ownerOf } from '../tenancy.js';
import { audited, inClinic, newId, toJson, touched } from '../repo-kit.js';
import type { CandidateFace, FacesInfo } from '../../analysis/detector.js';
import type { DB, JobRow } from '../types.js';

export interface Job {
  readonly id: string;
  readonly kind: JobRow['kind'];
  readonly status: JobRow['status'];
  readonly photoId: string;
  readonly patientId: string;
  readonly attempts: number;
  /** The analysis id once the job succeeded. */
  readonly resultId: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The face the user picked for this job (1 = the largest), or null. */
  readonly face: number | null;
  /** For a photo refused as ambiguous: its faces, to pick the patient from. */
  readonly faces: readonly CandidateFace[] | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  photoId: r.photo_id,
  patientId: r.patient_id,
  attempts: r.attempts,
  resultId: r.result_id,
  error: r.error_code !== null ? { code: r.error_code, message: r.error_message ?? '' } : null,
  face: r.face,
  faces: r.faces === null ? null : (JSON.parse(r.faces) as CandidateFace[]),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface AnalysisOutput {
  readonly detector: { readonly id: string; readonly version: string };
  readonly modelSha256?: string | null;
  readonly faces?: FacesInfo | null;
  readonly landmarks: LandmarkSet;
  readonly passed: boolean;
  /** The domain's measurements for the view (JSON). */
  readonly measurements: unknown;
  /** The analysed image's size (migration 0005). */
  readonly image: { readonly width: number; readonly height: number };
}

/** The work a job needs, without patient identity. */
export interface ClaimedJob {
  readonly id: string;
  readonly organisationId: string;
  readonly photoId: string;
  readonly sha256: string;
  readonly view: string;
  /** The face the user picked (re-analysis of an ambiguous photo), else null. */
  readonly face: number | null;
}

export interface JobRepository {
  get(ctx: RepoContext, id: string): Promise<Job>;
  /** Takes the oldest queued job (any organisation: the worker is the system). */
  claimNext(ctx: RepoContext): Promise<ClaimedJob | undefined>;
  /**
   * Starts an attempt at one job of the context's clinic (the queue delivered it): marks it running and returns
   * its work, or undefined when it is finished already (a second delivery of the same job does nothing).
   */
  begin(ctx: RepoContext, jobId: string): Promise<ClaimedJob | undefined>;
  /** Jobs not finished yet (queued or running), of every clinic: what the queue must hold. */
  unfinished(): Promise<{ readonly id: string; readonly organisationId: string }[]>;
  /** Stores the analysis with landmark version 1 and marks the job succeeded, atomically. */
  succeed(ctx: RepoContext, jobId: string, out: AnalysisOutput): Promise<string>;
  fail(
    ctx: RepoContext,
    jobId: string,
    code: string,
    message: string,
    faces?: readonly CandidateFace[],
  ): Promise<void>;
  /**
   * Queues a re-analysis of a photo with the face the user picked as the patient (1 = the largest, as the
   * refused job listed them). Doctors and coordinators; audited.
   */
  chooseFace(ctx: RepoContext, photoId: string, face: number): Promise<Job>;
}

export function jobRepository(db: Kysely<DB>): JobRepository {
  return {
    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'job', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const row = await trx
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', id)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!row) throw notFound('job');
        return toJob(row);
      }),

    // The queue is shared by every clinic: claiming takes the oldest job of any clinic, so it is an owner-side
    // path (db/tenancy.ts); the job's own work then runs in its clinic's scope (`succeed`, `fail`).
    claimNext: async (ctx) =>
      ownerOf(db)
        .transaction()
        .execute(async (trx) => {
          const next = await trx
            .selectFrom('jobs')
            .innerJoin('photos', 'photos.id', 'jobs.photo_id')
            .select([
              'jobs.id',
              'jobs.organisation_id',
              'jobs.photo_id',
              'jobs.face',
              'photos.sha256',
              'photos.view',
            ])
            .where('jobs.status', '=', 'queued')
            .orderBy('jobs.created_at')
            .limit(1)
            .executeTakeFirst();
          if (!next) return undefined;
          const r = await trx
            .updateTable('jobs')
            .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: nowIso(ctx) }))
            .where('id', '=', next.id)
            .where('status', '=', 'queued')
            .executeTakeFirst();
          if (touched(r) !== 1) return undefined;
          return {
            id: next.id,
            organisationId: next.organisation_id,
            photoId: next.photo_id,
            sha256: next.sha256,
            view: next.view,
            face: next.face,
          };
        }),

    begin: (ctx, jobId) =>
      inClinic(ctx, () =>
        db.transaction().execute(async (trx) => {
          const job = await trx
            .selectFrom('jobs')
            .innerJoin('photos', 'photos.id', 'jobs.photo_id')
            .select([
              'jobs.id',
              'jobs.status',
              'jobs.organisation_id',
              'jobs.photo_id',
              'jobs.face',
              'photos.sha256',
              'photos.view',
            ])
            .where('jobs.id', '=', jobId)
            .where('jobs.organisation_id', '=', ctx.actor.organisationId)
            .executeTakeFirst();
          if (!job || (job.status !== 'queued' && job.status !== 'running')) return undefined;
          await trx
            .updateTable('jobs')
            .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), updated_at: nowIso(ctx) }))
            .where('id', '=', jobId)
            .execute();
          return {
            id: job.id,
            organisationId: job.organisation_id,
            photoId: job.photo_id,
            sha256: job.sha256,
            view: job.view,
            face: job.face,
          };
        }),
      ),

    // The sweep covers every clinic: an owner-side path (db/tenancy.ts).
    unfinished: async () =>
      (
        await ownerOf(db)
          .selectFrom('jobs')
          .select(['id', 'organisation_id'])
          .where('status', 'in', ['queued', 'running'])
          .orderBy('created_at')
          .execute()
      ).map((r) => ({ id: r.id, organisationId: r.organisation_id })),

    succeed: (ctx, jobId, out) => {
      const analysisId = newId();
      return audited(db, ctx, { action: 'create', entity: 'analysis', entityId: analysisId }, async (trx) => {
        // Only a job of the actor's clinic (the worker acts in the job's clinic).
        const job = await trx
          .selectFrom('jobs')
          .selectAll()
          .where('id', '=', jobId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!job) throw notFound('job');
        // Two deliveries of one job (an attempt that outlived its timeout): the first result stands.
        if (job.status === 'succeeded' || job.status === 'failed') {
          throw conflict(`analysis job ${jobId} is finished already`);
        }
        const now = nowIso(ctx);
        await trx
          .insertInto('analyses')
          .values({
            id: analysisId,
            organisation_id: job.organisation_id,
            patient_id: job.patient_id,
            photo_id: job.photo_id,
            detector_id: out.detector.id,
            detector_version: out.detector.version,
            model_sha256: out.modelSha256 ?? null,
            faces: out.faces ? toJson(out.faces) : null,
            passed: out.passed ? 1 : 0,
            measurements: out.measurements === undefined ? null : toJson(out.measurements),
            image_width: out.image.width,
            image_height: out.image.height,
            created_at: now,
          })
          .execute();
        await trx
          .insertInto('landmark_versions')
          .values({
            id: newId(),
            organisation_id: job.organisation_id,
            analysis_id: analysisId,
            number: 1,
            source: 'detector',
            landmarks: toJson(out.landmarks),
            note: null,
            created_by: ctx.actor.userId,
            created_at: now,
          })
          .execute();
        await trx
          .updateTable('jobs')
          .set({
            status: 'succeeded',
            result_id: analysisId,
            updated_at: now,
            error_code: null,
            error_message: null,
          })
          .where('id', '=', jobId)
          .execute();
        return analysisId;
      });
    },

    fail: (ctx, jobId, code, message, faces) =>
      audited(db, ctx, { action: 'fail', entity: 'job', entityId: jobId }, async (trx) => {
        const r = await trx
          .updateTable('jobs')
          .set({
            status: 'failed',
            error_code: code,
            error_message: message,
            faces: faces ? toJson(faces) : null,
            updated_at: nowIso(ctx),
          })
          .where('id', '=', jobId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .where('status', 'in', ['queued', 'running'])
          .executeTakeFirst();
        if (touched(r) !== 1) {
          // A finished job stays as it is (a second delivery); another clinic's job does not exist here.
          const mine = await trx
            .selectFrom('jobs')
            .select('id')
            .where('id', '=', jobId)
            .where('organisation_id', '=', ctx.actor.organisationId)
            .executeTakeFirst();
          if (!mine) throw notFound('job');
        }
      }),

    chooseFace: (ctx, photoId, face) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'job', entityId: id }, async (trx) => {
        requirePermission(ctx, 'analysis:read');
        const photo = await trx
          .selectFrom('photos')
          .select(['id', 'patient_id'])
          .where('id', '=', photoId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!photo) throw notFound('photo');
        const now = nowIso(ctx);
        const row: JobRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          kind: 'analyze-photo',
          status: 'queued',
          photo_id: photoId,
          patient_id: photo.patient_id,
          attempts: 0,
          result_id: null,
          error_code: null,
          error_message: null,
          face,
          faces: null,
          created_by: ctx.actor.userId,
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto('jobs').values(row).execute();
        return toJob(row);
      });
    },
  };
}
