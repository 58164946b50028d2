import { SYNTHETIC_IMAGE, syntheticFace, type LandmarkSet } from '@liftplan/domain';

/** What the server asks of a landmark detector: one stored photo in, landmarks and quality out. */
export interface DetectionRequest {
  /** Path of the original in the photo store. */
  readonly file: string;
  readonly view: string;
  /** The face the user picked as the patient (1 = the largest), when the photo shows several. */
  readonly face?: number;
}

/** One face of a photo, numbered as the user picks it (1 = the largest); box in original pixels. */
export interface CandidateFace {
  readonly n: number;
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly relativeWidth: number;
}

/** The faces a photo showed and the one measured. */
export interface FacesInfo {
  readonly candidates: readonly CandidateFace[];
  readonly chosen: { readonly n: number; readonly box: CandidateFace['box']; readonly byUser: boolean };
}

export type DetectionOutcome =
  | {
      readonly ok: true;
      readonly detector: { readonly id: string; readonly version: string };
      /** sha256 of the landmark model (null when the detector has no model file, e.g. fixtures). */
      readonly modelSha256: string | null;
      readonly faces: FacesInfo | null;
      readonly landmarks: LandmarkSet;
      /** False when a quality check failed (the photo should be retaken). */
      readonly passed: boolean;
      readonly measurements: unknown;
      /** The analysed image's size in pixels (upright), the frame the landmarks are in. */
      readonly image: { readonly width: number; readonly height: number };
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      /** A photo refused as ambiguous: its faces, so the user can pick the patient. */
      readonly faces?: readonly CandidateFace[];
    };

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
        modelSha256: null,
        faces: null,
        landmarks,
        passed: true,
        measurements: null,
        image: { ...SYNTHETIC_IMAGE },
      };
    },
    close: () => Promise.resolve(),
  };
}
