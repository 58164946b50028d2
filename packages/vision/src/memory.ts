import sharp from 'sharp';

/**
 * Image decoding memory, bounded (issue 14 §5). libvips keeps recently used operations and their pixel
 * buffers in a cache (by default up to 50 MB and 100 operations) and runs each operation on as many threads as
 * there are cores, each with its own scratch buffers and, under glibc, often its own malloc arena that is not
 * given back. A clinic server decodes every photo once (shrink-on-load for detection, one derivative), so the
 * cache never hits; it only holds memory. Off, and one libvips thread per operation: the analysis pool already
 * runs one photo per core. Process-wide (libvips is one per process, worker threads included).
 */
export const IMAGE_THREADS_PER_OPERATION = 1;

export function boundImageMemory(): void {
  sharp.cache(false);
  sharp.concurrency(IMAGE_THREADS_PER_OPERATION);
}
