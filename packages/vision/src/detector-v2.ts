/**
 * Face Mesh V2 in Node: the vendored Face Landmarker bundle (packages/vision/models/, sha256 checked before
 * anything runs) on LiteRT.js' wasm backend, behind the same `locate` the analysis uses.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecodedImage } from './decode.js';
import { VisionError } from './errors.js';
import type { LocateResult } from './locate.js';
import { compileFaceModels } from './v2/litert.js';
import { litertVersion, litertWasmDir, loadLiteRtNode } from './v2/litert-node.js';
import { FaceMeshV2, type V2Options } from './v2/mesh-v2.js';
import { locateFacesV2 } from './v2/locate-v2.js';
import { assertBundleHash, FACE_LANDMARKER_TASK } from './v2/models.js';
import { AMBIGUOUS_FACE_WIDTH_FRACTION } from './quality.js';

/** The vendored bundle: packages/vision/models/face_landmarker.task (src/ and dist/ are both one level down). */
export const VENDORED_TASK_PATH = fileURLToPath(
  new URL(`../models/${FACE_LANDMARKER_TASK.file}`, import.meta.url),
);

/**
 * What the browser build needs from our own server: the folder of the vendored bundle (served at `/models/`)
 * and LiteRT.js' wasm runtime inside node_modules (served at `/wasm/`).
 */
export function browserAssetPaths(): { models: string; wasm: string } {
  return { models: path.dirname(VENDORED_TASK_PATH), wasm: litertWasmDir() };
}

/** Reads the bundle and checks its sha256; a clear error naming the file when it is missing or altered. */
export function readVerifiedTask(file = VENDORED_TASK_PATH): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new VisionError(
      'models-not-loaded',
      `the face model ${file} is missing or unreadable (${e instanceof Error ? e.message : String(e)}); restore it from the repository (git checkout packages/vision/models/${FACE_LANDMARKER_TASK.file})`,
    );
  }
  assertBundleHash(createHash('sha256').update(bytes).digest('hex'), file);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface LandmarkerOptions extends V2Options {
  /** Another copy of the bundle (tests); it must still carry the vendored sha256. */
  readonly modelPath?: string;
}

export interface LocateOptions {
  /** 0-based index (largest first) of the face that is the patient. */
  readonly face?: number;
  /** Refine every face, not only the subject (evaluation on group photos). */
  readonly refineAll?: boolean;
}

/** What the analysis needs of a landmark detector (Face Mesh V2 here; Human's FaceDetector in the eval). */
export interface PhotoLandmarker {
  readonly id: string;
  readonly version: string;
  /** sha256 of the model file(s), stored with every landmark set. */
  readonly modelSha256: string;
  locate(image: DecodedImage, opts?: LocateOptions): Promise<LocateResult>;
}

export const FACE_MESH_V2_ID = 'mediapipe-face-mesh-v2';

export class FaceMeshV2Detector implements PhotoLandmarker {
  readonly id = FACE_MESH_V2_ID;
  private constructor(
    readonly engine: FaceMeshV2,
    readonly version: string,
    readonly modelSha256: string,
  ) {}

  static async create(opts: LandmarkerOptions = {}): Promise<FaceMeshV2Detector> {
    const file = opts.modelPath ?? VENDORED_TASK_PATH;
    const task = readVerifiedTask(file);
    const lrt = await loadLiteRtNode();
    const runtime = `litertjs ${litertVersion()} wasm`;
    const models = await compileFaceModels(lrt, task, FACE_LANDMARKER_TASK.sha256, file, runtime);
    const passes = `${opts.refine === false ? '1 pass' : '2 passes'}${opts.mirror === false ? '' : ' + mirror'}`;
    return new FaceMeshV2Detector(
      new FaceMeshV2(models, { minOtherFaceFraction: AMBIGUOUS_FACE_WIDTH_FRACTION, ...opts }),
      `face_landmarker.task sha256:${FACE_LANDMARKER_TASK.sha256}; ${runtime}; bundle detector; ${passes}`,
      FACE_LANDMARKER_TASK.sha256,
    );
  }

  locate(image: DecodedImage, opts: LocateOptions = {}): Promise<LocateResult> {
    return locateFacesV2(this.engine, { ...image.raster, channels: 3 }, image.scaleX, image.scaleY, opts);
  }
}
