import type { Kysely } from 'kysely';
import { notFound, parseOrThrow } from '../../errors.js';
import { PhotoViewSchema } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId } from '../repo-kit.js';
import type { DB, JobRow, PhotoRow } from '../types.js';
import { loadPatientRow } from './patients.js';
import { requireVisit } from './visits.js';
import { toJob, type Job } from './jobs.js';

export interface Photo {
  readonly id: string;
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: string;
  readonly sha256: string;
  readonly originalName: string | null;
  readonly contentType: string;
  readonly size: number;
  readonly createdAt: string;
}

const toPhoto = (r: PhotoRow & { content_type: string; size: number }): Photo => ({
  id: r.id,
  patientId: r.patient_id,
  visitId: r.visit_id,
  view: r.view,
  sha256: r.sha256,
  originalName: r.original_name,
  contentType: r.content_type,
  size: r.size,
  createdAt: r.created_at,
});

export interface StoredUpload {
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: string;
  /** Of a blob already durable in the photo store. */
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly originalName: string | null;
}

export interface PhotoRepository {
  /** Records a stored blob (once per content), the photo and its queued analysis job, in one transaction. */
  recordUpload(ctx: RepoContext, u: StoredUpload): Promise<{ photo: Photo; job: Job }>;
  get(ctx: RepoContext, id: string): Promise<Photo>;
  listForPatient(ctx: RepoContext, patientId: string): Promise<Photo[]>;
  /** Every blob hash the database knows (the photo store's orphan sweep). No patient data. */
  knownBlobs(): Promise<Set<string>>;
}

export function photoRepository(db: Kysely<DB>): PhotoRepository {
  return {
    recordUpload: (ctx, u) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'photo', entityId: id }, async (trx) => {
        requirePermission(ctx, 'photo:write');
        const view = parseOrThrow(PhotoViewSchema, u.view, ['view']);
        await loadPatientRow(trx, ctx, u.patientId);
        if (u.visitId !== null) await requireVisit(trx, ctx, u.patientId, u.visitId);
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
          created_by: ctx.actor.userId,
          created_at: now,
          updated_at: now,
        };
        await trx.insertInto('jobs').values(job).execute();
        return { photo: toPhoto({ ...row, content_type: u.contentType, size: u.size }), job: toJob(job) };
      });
    },

    get: (ctx, id) =>
      audited(db, ctx, { action: 'read', entity: 'photo', entityId: id }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        const row = await trx
          .selectFrom('photos')
          .innerJoin('photo_blobs', 'photo_blobs.sha256', 'photos.sha256')
          .selectAll('photos')
          .select(['photo_blobs.content_type', 'photo_blobs.size'])
          .where('photos.id', '=', id)
          .where('photos.organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!row) throw notFound('photo');
        return toPhoto(row);
      }),

    listForPatient: (ctx, patientId) =>
      audited(db, ctx, { action: 'list', entity: 'photo', entityId: patientId }, async (trx) => {
        requirePermission(ctx, 'patient:read');
        await loadPatientRow(trx, ctx, patientId);
        const rows = await trx
          .selectFrom('photos')
          .innerJoin('photo_blobs', 'photo_blobs.sha256', 'photos.sha256')
          .selectAll('photos')
          .select(['photo_blobs.content_type', 'photo_blobs.size'])
          .where('photos.patient_id', '=', patientId)
          .orderBy('photos.created_at')
          .execute();
        return rows.map(toPhoto);
      }),

    knownBlobs: async () => {
      const rows = await db.selectFrom('photo_blobs').select('sha256').execute();
      return new Set(rows.map((r) => r.sha256));
    },
  };
}
