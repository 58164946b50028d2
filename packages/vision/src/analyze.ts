import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Photo, View, ViewMeasurements } from '@liftplan/domain';
import { decodeImage, readInput, type DecodeOptions } from './decode.js';
import type { PhotoLandmarker } from './detector-v2.js';
import { toErrorInfo, VisionError, type VisionErrorInfo } from './errors.js';
import {
  buildPhoto,
  faceCrop,
  gateBox,
  subjectOf,
  type PhotoDetection,
  type PhotoOutput,
} from './postprocess.js';

export interface AnalyzeOptions extends DecodeOptions {
  readonly detector: PhotoLandmarker;
  /** 1-based number of the face that is the patient when the photo shows several (`--face N`). */
  readonly face?: number;
  /** The view the photo was taken for; when absent it is classified from the head pose. */
  readonly view?: View;
  /** Name used in messages (defaults to the file's base name, or "photo"). */
  readonly label?: string;
  /** Stored as `image.file` in the case file (path relative to the case file). */
  readonly imageFile?: string;
  readonly pupillaryDistanceMm?: number;
}

export interface AnalyzeTimings {
  readonly decodeMs: number;
  readonly detectMs: number;
  /** Subject and face-count rule, and the face crop for sharpness / exposure. */
  readonly gateMs: number;
  /** Pose, view, quality checks, the validated Photo and the measurements (postprocess.ts). */
  readonly metricsMs: number;
  readonly totalMs: number;
}

export interface AnalyzeSuccess {
  readonly ok: true;
  readonly file: string;
  readonly photo: Photo;
  readonly measurements: ViewMeasurements;
  readonly provenance: PhotoOutput['provenance'];
  /** False when any quality check failed: the photo should be retaken before planning. */
  readonly passed: boolean;
  /** Whether the view came from the caller or from the head pose. */
  readonly viewSource: 'requested' | 'classified';
  readonly detection: PhotoDetection;
  readonly timings: AnalyzeTimings;
}

export interface AnalyzeFailure {
  readonly ok: false;
  readonly file: string;
  readonly error: VisionErrorInfo;
}

export type AnalyzeResult = AnalyzeSuccess | AnalyzeFailure;

/**
 * One photo -> the case file's Photo (mesh + iris in original pixels, pose, detector, quality checks) and
 * the domain's measurements. Never throws for bad input: failures come back as `{ ok: false, error }`, naming
 * the file and the reason.
 */
export async function analyzePhoto(input: Buffer | string, opts: AnalyzeOptions): Promise<AnalyzeResult> {
  const file = opts.label ?? (typeof input === 'string' ? basename(input) : 'photo');
  try {
    return await analyzeOrThrow(input, opts, file);
  } catch (e) {
    return { ok: false, file, error: toErrorInfo(e, file) };
  }
}

async function analyzeOrThrow(
  input: Buffer | string,
  opts: AnalyzeOptions,
  file: string,
): Promise<AnalyzeSuccess> {
  const t0 = performance.now();
  const bytes = await readInput(input);
  const image = await decodeImage(bytes, opts);
  const t1 = performance.now();
  if (opts.face !== undefined && (!Number.isInteger(opts.face) || opts.face < 1)) {
    throw new VisionError('ambiguous-subject', `--face must be a face number from 1 up (got ${opts.face})`);
  }
  const located = await opts.detector.locate(image, opts.face !== undefined ? { face: opts.face - 1 } : {});
  const t2 = performance.now();
  const subject = subjectOf(located);
  const crop = faceCrop({ ...image.raster, channels: 3 }, image.scaleX, image.scaleY, gateBox(subject.box));
  const t3 = performance.now();
  const out = buildPhoto({
    located,
    crop,
    width: image.originalWidth,
    height: image.originalHeight,
    detector: { id: opts.detector.id, version: opts.detector.version },
    modelSha256: opts.detector.modelSha256,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(opts.view ? { view: opts.view } : {}),
    ...(opts.imageFile ? { imageFile: opts.imageFile } : {}),
    ...(opts.pupillaryDistanceMm !== undefined ? { pupillaryDistanceMm: opts.pupillaryDistanceMm } : {}),
  });
  const t4 = performance.now();
  return {
    ok: true,
    file,
    ...out,
    timings: { decodeMs: t1 - t0, detectMs: t2 - t1, gateMs: t3 - t2, metricsMs: t4 - t3, totalMs: t4 - t0 },
  };
}
