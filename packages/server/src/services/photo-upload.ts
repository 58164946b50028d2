import type { Readable } from 'node:stream';
import { unsupportedMediaType } from '../errors.js';
import type { RepoContext } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import type { Job } from '../db/repos/jobs.js';
import type { Photo, PhotoRepository } from '../db/repos/photos.js';
import { sniffImageType, type PhotoStore } from '../storage/photo-store.js';

export interface UploadMeta {
  readonly patientId: string;
  readonly visitId: string | null;
  readonly view: string;
  readonly originalName: string | null;
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
    private readonly onQueued: () => void,
  ) {}

  async upload(ctx: RepoContext, meta: UploadMeta, body: Readable): Promise<{ photo: Photo; job: Job }> {
    // Refuse before reading a byte when the role may not upload (the repository checks again, and audits).
    requirePermission(ctx, 'photo:write');
    const blob = await this.store.put(body, this.maxBytes);
    const type = sniffImageType(blob.head);
    if (!type) {
      if (!blob.existed) await this.store.remove(blob.sha256);
      throw unsupportedMediaType('the file is not a JPEG, PNG, WebP, HEIC or AVIF image');
    }
    const out = await this.photos.recordUpload(ctx, {
      patientId: meta.patientId,
      visitId: meta.visitId,
      view: meta.view,
      sha256: blob.sha256,
      size: blob.size,
      contentType: type,
      originalName: meta.originalName,
    });
    this.onQueued();
    return out;
  }
}
