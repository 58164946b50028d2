import type { MultipartFields } from '@fastify/multipart';
import type { QueuedAnalysis } from '../../jobs/kinds.js';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, badRequest } from '../../errors.js';
import type { Clock } from '../../db/context.js';
import type { Repositories } from '../../db/repositories.js';
import {
  ChooseFaceSchema,
  IdSchema,
  JobResultSchema,
  PhotoAnalysisSchema,
  PhotoSchema,
  UploadFieldsSchema,
  UploadResultSchema,
} from '../../schemas.js';
import { fileReply, replies } from '../replies.js';
import type { PhotoUploadService } from '../../services/photo-upload.js';
import type { PhotoStore } from '../../storage/photo-store.js';
import { parseOrThrow } from '../../errors.js';
import { ctxOf } from '../request-context.js';
import type { App } from '../types.js';

const ById = z.object({ id: IdSchema });

const ONE_FILE_ONLY = () =>
  badRequest('send one photo per request; this request carried more than one file', [
    { path: 'file', message: 'exactly one file per upload' },
  ]);

function field(fields: MultipartFields, name: string): string | undefined {
  const f = fields[name];
  const one = Array.isArray(f) ? f[0] : f;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}

const ChooseFace = ChooseFaceSchema;

const UploadFields = UploadFieldsSchema;

export function photoRoutes(
  app: App,
  repos: Repositories,
  uploads: PhotoUploadService,
  store: PhotoStore,
  clock: Clock,
  onJobQueued?: (job: QueuedAnalysis) => void | Promise<void>,
): void {
  app.post(
    '/api/photos/:id/face',
    {
      schema: {
        response: replies({ 202: JobResultSchema }),
        params: ById,
        body: ChooseFace,
        tags: ['photos'],
        summary:
          'Picks the patient in a photo that shows several faces (1 = the largest, as the refused job listed them) and re-analyses the photo on that face. Doctors and coordinators; audited',
      },
    },
    async (req, reply) => {
      const body = parseOrThrow(ChooseFace, req.body);
      const ctx = ctxOf(req, clock);
      const job = await repos.jobs.chooseFace(ctx, req.params.id, body.face);
      await onJobQueued?.({ jobId: job.id, organisationId: ctx.actor.organisationId });
      return reply.code(202).header('location', `/api/jobs/${job.id}`).send({ job });
    },
  );

  app.post(
    '/api/patients/:id/photos',
    {
      schema: {
        response: replies({ 202: UploadResultSchema }),
        params: ById,
        tags: ['photos'],
        summary:
          'Upload a photo (multipart: fields `view`, optional `visitId` and `burstId` (one id per 3-shot burst of a view), then the file). Streams; analysis runs in the background.',
        consumes: ['multipart/form-data'],
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, clock);
      if (!req.isMultipart()) throw badRequest('send the photo as multipart/form-data');
      const files = req.files();
      const first = await files.next();
      if (first.done === true) {
        throw badRequest('no file in the upload', [{ path: 'file', message: 'required' }]);
      }
      const file = first.value;
      let meta;
      try {
        meta = parseOrThrow(UploadFields, {
          view: field(file.fields, 'view'),
          visitId: field(file.fields, 'visitId'),
          burstId: field(file.fields, 'burstId'),
        });
      } catch (e) {
        file.file.resume();
        throw e;
      }
      const out = await uploads.upload(
        ctx,
        {
          patientId: req.params.id,
          visitId: meta.visitId ?? null,
          view: meta.view,
          burstId: meta.burstId ?? null,
          originalName: file.filename || null,
        },
        file.file,
        // After the file is stored and before anything is recorded: a second file makes the request ambiguous.
        async () => {
          let more;
          try {
            more = await files.next();
          } catch (e) {
            if (e instanceof Error && 'code' in e && e.code === 'FST_FILES_LIMIT') more = { done: false };
            else throw e;
          }
          if (more.done !== true) throw ONE_FILE_ONLY();
        },
      );
      return reply.code(202).header('location', `/api/jobs/${out.job.id}`).send(out);
    },
  );

  app.get(
    '/api/photos/:id',
    { schema: { response: replies({ 200: PhotoSchema }), params: ById, tags: ['photos'] } },
    (req) => repos.photos.get(ctxOf(req, clock), req.params.id),
  );

  app.get(
    '/api/photos/:id/analysis',
    {
      schema: {
        response: replies({ 200: PhotoAnalysisSchema }),
        params: ById,
        tags: ['photos'],
        summary:
          "The photo's analysis: newest job (status), the analysis with every landmark version (null until the job succeeded). Doctors and coordinators; audited",
      },
    },
    (req) => repos.analyses.forPhoto(ctxOf(req, clock), req.params.id),
  );

  app.get(
    '/api/photos/:id/original',
    {
      schema: {
        response: fileReply('image/*', 'the original file as uploaded'),
        params: ById,
        tags: ['photos'],
        summary: 'The original file as uploaded',
      },
    },
    async (req, reply) => {
      const photo = await repos.photos.get(ctxOf(req, clock), req.params.id);
      await requireStoredFile(store, photo.sha256, req);
      return reply
        .header('content-type', photo.contentType)
        .header('content-length', String(photo.size))
        .header('cache-control', 'private, no-store')
        .send(await store.open(photo.sha256));
    },
  );

  app.get(
    '/api/photos/:id/derivative',
    {
      schema: {
        response: fileReply('image/jpeg', 'the metadata-free JPEG copy'),
        params: ById,
        tags: ['photos'],
        summary:
          'The metadata-free copy (upright JPEG, ≤ 2048 px, no EXIF/GPS/XMP/IPTC/ICC), made in the background after upload',
        produces: ['image/jpeg'],
      },
    },
    async (req, reply) => {
      const photo = await repos.photos.getFile(ctxOf(req, clock), req.params.id);
      if (photo.derivativeSha256 === null) {
        throw new AppError(
          'not_found',
          'the metadata-free copy of this photo is not ready (it is made in the background after the upload) or the file could not be decoded',
        );
      }
      await requireStoredFile(store, photo.derivativeSha256, req);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'private, no-store')
        .send(await store.open(photo.derivativeSha256));
    },
  );
}

/**
 * A row whose file is gone from the store (a disk restored without its photos, a hand-deleted file) is answered
 * in the API's error format, never as a stream that fails after the headers went out; the log says which blob.
 */
async function requireStoredFile(store: PhotoStore, sha256: string, req: FastifyRequest): Promise<void> {
  if (await store.has(sha256)) return;
  req.log.error({ sha256 }, 'photo file missing from the photo store');
  throw new AppError(
    'not_found',
    "this photo's file is missing from the photo store; an administrator must restore the photo store from the latest backup",
  );
}
