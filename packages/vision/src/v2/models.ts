/**
 * The three models of the Face Landmarker bundle behind one small interface, so the pipeline (mesh-v2.ts)
 * is the same in Node and in the browser: only how LiteRT is loaded differs (litert-node.ts, browser.ts).
 */
import { unzipSync } from 'fflate';
import { VisionError } from '../errors.js';

/** The vendored bundle: file name, byte size and sha256 (MediaPipe's published file, unchanged). */
export const FACE_LANDMARKER_TASK = {
  file: 'face_landmarker.task',
  bytes: 3_758_596,
  sha256: '64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff',
} as const;

export const TASK_MEMBERS = {
  detector: 'face_detector.tflite',
  landmarks: 'face_landmarks_detector.tflite',
  blendshapes: 'face_blendshapes.tflite',
} as const;

/** One compiled model: a float tensor in, its float outputs (copied out of the runtime) back. */
export interface TensorModel {
  run(input: Float32Array, shape: readonly number[]): Promise<Float32Array[]>;
}

export interface FaceModels {
  readonly detector: TensorModel;
  readonly landmarks: TensorModel;
  readonly blendshapes: TensorModel;
  /** sha256 of the bundle the models came from (stored with every landmark set). */
  readonly sha256: string;
  /** Runtime and version, for the detector version string. */
  readonly runtime: string;
}

/** Throws a VisionError naming `where` when the bundle's hash is not the vendored one. */
export function assertBundleHash(actualSha256: string, where: string): void {
  if (actualSha256 !== FACE_LANDMARKER_TASK.sha256) {
    throw new VisionError(
      'models-not-loaded',
      `the face model ${where} is altered or corrupt (sha256 ${actualSha256.slice(0, 12)}…, expected ${FACE_LANDMARKER_TASK.sha256.slice(0, 12)}…); restore it from the repository (git checkout packages/vision/models/${FACE_LANDMARKER_TASK.file})`,
    );
  }
}

/** The .task bundle is a zip: its three .tflite members, unzipped in memory. */
export function unpackTask(bytes: Uint8Array, where: string): Record<keyof typeof TASK_MEMBERS, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new VisionError(
      'models-not-loaded',
      `the face model ${where} is not a readable bundle (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const pick = (name: string): Uint8Array => {
    const f = files[name];
    if (!f) throw new VisionError('models-not-loaded', `the face model ${where} lacks ${name}`);
    return f;
  };
  return {
    detector: pick(TASK_MEMBERS.detector),
    landmarks: pick(TASK_MEMBERS.landmarks),
    blendshapes: pick(TASK_MEMBERS.blendshapes),
  };
}
