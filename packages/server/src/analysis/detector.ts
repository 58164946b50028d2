import { SYNTHETIC_IMAGE, syntheticFace, type LandmarkSet } from '@liftplan/domain';

/** What the server asks of a landmark detector: one stored photo in, landmarks and quality out. */
export interface DetectionRequest {
  /** Path of the original in the photo store. */
  readonly file: string;
  readonly view: string;
}

export type DetectionOutcome =
  | {
      readonly ok: true;
      readonly detector: { readonly id: string; readonly version: string };
      readonly landmarks: LandmarkSet;
      /** False when a quality check failed (the photo should be retaken). */
      readonly passed: boolean;
      readonly measurements: unknown;
      /** The analysed image's size in pixels (upright), the frame the landmarks are in. */
      readonly image: { readonly width: number; readonly height: number };
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * The port to face-landmark detection. The production adapter wraps `analyzePhoto` of @liftplan/vision and
 * runs it in a worker thread, off the event loop; tests use `fixtureDetector`.
 */
export interface LandmarkDetector {
  detect(req: DetectionRequest): Promise<DetectionOutcome>;
  close(): Promise<void>;
}

/** A detector that answers with a fixed synthetic face (no model needed), or a given failure. */
export function fixtureDetector(
  opts: { landmarks?: LandmarkSet; fail?: { code: string; message: string }; delayMs?: number } = {},
): LandmarkDetector & { readonly calls: DetectionRequest[] } {
  const calls: DetectionRequest[] = [];
  return {
    calls,
    detect: async (req) => {
      calls.push(req);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.fail) return { ok: false, ...opts.fail };
      const landmarks = opts.landmarks ?? syntheticFace();
      return {
        ok: true,
        detector: landmarks.detector,
        landmarks,
        passed: true,
        measurements: null,
        image: { ...SYNTHETIC_IMAGE },
      };
    },
    close: () => Promise.resolve(),
  };
}
