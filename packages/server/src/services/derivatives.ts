import { Readable } from 'node:stream';
import { makeDerivative, VisionError } from '@liftplan/vision';
import type { RepoContext } from '../db/context.js';
import type { PhotoRepository } from '../db/repos/photos.js';
import type { PhotoStore } from '../storage/photo-store.js';

export type DerivativeOutcome = 'made' | 'exists' | 'undecodable';

/**
 * The metadata-free copy of every stored original: upright JPEG, at most 2048 px, with EXIF (GPS, device,
 * owner, dates), XMP, IPTC and ICC removed (@liftplan/vision `makeDerivative`). Made in the background by
 * the analysis worker, not in the upload request, so uploads keep streaming in constant memory. Crash order
 * as for uploads: the derivative file is durable before its row; a crash between leaves an orphan file for
 * the start-up sweep and a requeued job that makes it again.
 */
export class DerivativeService {
  constructor(
    private readonly photos: PhotoRepository,
    private readonly store: PhotoStore,
    private readonly maxBytes: number,
  ) {}

  async ensure(ctx: RepoContext, originalSha256: string): Promise<DerivativeOutcome> {
    if ((await this.photos.derivativeOf(originalSha256)) !== null) return 'exists';
    let d;
    try {
      d = await makeDerivative(await this.store.readAll(originalSha256));
    } catch (e) {
      if (e instanceof VisionError) return 'undecodable';
      throw e;
    }
    const blob = await this.store.put(Readable.from([d.jpeg]), this.maxBytes);
    await this.photos.recordDerivative(ctx, originalSha256, {
      sha256: blob.sha256,
      size: blob.size,
      width: d.width,
      height: d.height,
    });
    return 'made';
  }
}
