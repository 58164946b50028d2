import { VIEWS, type View } from '@liftplan/domain';
import { AnalyzePool, type PoolKind } from '@liftplan/vision';
import type { LandmarkDetector } from './detector.js';

const isView = (v: string): v is View => (VIEWS as readonly string[]).includes(v);

/**
 * The production detector: @liftplan/vision's `analyzePhoto` in a pool of worker threads (or processes), so
 * decoding and the face mesh never run on the server's event loop. Models load once per worker.
 */
export async function visionDetector(size = 1, kind: PoolKind = 'thread'): Promise<LandmarkDetector> {
  const pool = await AnalyzePool.create(size, kind);
  return {
    detect: async ({ file, view }) => {
      const r = await pool.analyze(file, isView(view) ? { view } : {});
      if (!r.ok) return { ok: false, code: r.error.code, message: r.error.reason };
      return {
        ok: true,
        detector: r.photo.landmarks.detector,
        landmarks: r.photo.landmarks,
        passed: r.passed,
        measurements: r.measurements,
        image: { width: r.photo.image.width, height: r.photo.image.height },
      };
    },
    close: () => pool.close(),
  };
}
