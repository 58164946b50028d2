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
    detect: async ({ file, view, face }) => {
      const r = await pool.analyze(file, {
        ...(isView(view) ? { view } : {}),
        ...(face !== undefined ? { face } : {}),
      });
      if (!r.ok) {
        return {
          ok: false,
          code: r.error.code,
          message: r.error.reason,
          ...(r.error.faces ? { faces: r.error.faces } : {}),
        };
      }
      return {
        ok: true,
        detector: r.photo.landmarks.detector,
        modelSha256: r.provenance.modelSha256,
        faces: { candidates: r.detection.candidates, chosen: r.detection.chosen },
        landmarks: r.photo.landmarks,
        passed: r.passed,
        measurements: r.measurements,
        image: { width: r.photo.image.width, height: r.photo.image.height },
      };
    },
    close: () => pool.close(),
  };
}
