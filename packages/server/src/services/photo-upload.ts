import type { Readable } from 'node:stream';
import { imageSize } from 'image-size';
import { unsupportedMediaType } from '../errors.js';
import type { RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import type { Job } from '../db/repos/jobs.js';
import type { QueuedAnalysis } from '../jobs/kinds.js';
import type { Photo, PhotoRepository } from '../db/repos/photos.js';
import { sniffImageType, type PhotoStore } from '../storage/photo-store.js';

export interface UploadMeta {
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: string;
  readonly originalName: string | null;
  /** One id shared by the shots of a burst of this view. */
  readonly burstId?: string | null;
}

/**
 * Upload use case: stream into the content-addressed store (hashing, size limit, fsync), check the type
 * from the bytes, then record blob + photo + queued analysis job in one transaction and wake the worker.
 * Order matters for crash safety: file durable first, rows second; the start-up sweep removes a blob whose
 * rows never committed.
 */
export class PhotoUploadService {
  constructor(
    private readonly store: PhotoStore,
    private readonly photos: PhotoRepository,
    private readonly maxBytes: number,
    /** The job row is committed when this runs: it queues the analysis. */
    private readonly onQueued: (job: QueuedAnalysis) => void | Promise<void>,
  ) {}

  async upload(
    ctx: RepoContext,
    meta: UploadMeta,
    body: Readable,
    /** Runs after the bytes are stored and checked, before any row is written (e.g. "no second file"). */
    beforeRecord: () => Promise<void> = () => Promise.resolve(),
  ): Promise<{ photo: Photo; job: Job }> {
    // Refuse before reading a byte when the role may not upload or the patient/visit is not this clinic's
    // (the repository checks again inside its transaction, and audits).
    requirePermission(ctx, 'photo:write');
    try {
      await this.photos.checkUploadTarget(ctx, meta.patientId, meta.visitId);
    } catch (e) {
      body.resume();
      throw e;
    }
    const blob = await this.store.put(body, this.maxBytes);
    // Nothing stays behind on refusal: a blob this request created is removed unless a row already uses it.
    const discard = async (): Promise<void> => {
      if (!blob.existed && !(await this.photos.blobReferenced(blob.sha256))) {
        await this.store.remove(blob.sha256);
      }
    };
    let out: { photo: Photo; job: Job };
    try {
      const type = sniffImageType(blob.head);
      if (!type) throw unsupportedMediaType('the file is not a JPEG, PNG, WebP, HEIC or AVIF image');
      checkImageHeader(await this.store.readHead(blob.sha256, HEADER_BYTES));
      await beforeRecord();
      out = await this.photos.recordUpload(ctx, {
        patientId: meta.patientId,
        visitId: meta.visitId,
        view: meta.view,
        sha256: blob.sha256,
        size: blob.size,
        contentType: type,
        originalName: meta.originalName,
        burstId: meta.burstId ?? null,
      });
    } catch (e) {
      await discard();
      throw e;
    }
    await this.onQueued({ jobId: out.job.id, organisationId: ctx.actor.organisationId });
    return out;
  }
}

/** Enough of the file for any header (JPEG EXIF blocks come before the frame header; each is ≤ 64 KB). */
const HEADER_BYTES = 512 * 1024;

/**
 * The first bytes can look like an image while the file is not one (a 3-byte "JPEG", a cut-off upload): the
 * header must also give a picture size, read without decoding the pixels.
 */
function checkImageHeader(head: Buffer): void {
  let size: { width?: number; height?: number } | undefined;
  try {
    size = imageSize(head);
  } catch {
    size = undefined;
  }
  if (!size?.width || !size.height) {
    throw unsupportedMediaType(
      'the file starts like an image but its header is damaged or cut short; export the photo again from the camera or phone and re-upload it',
    );
  }
}
