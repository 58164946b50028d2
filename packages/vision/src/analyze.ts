import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import {
  measureView,
  PhotoSchema,
  type LandmarkSet,
  type Photo,
  type Point3,
  type View,
  type ViewMeasurements,
} from '@liftplan/domain';
import { decodeImage, readInput, type DecodedImage, type DecodeOptions } from './decode.js';
import type { FaceDetection, FaceDetector } from './detector.js';
import { toErrorInfo, VisionError, type VisionErrorInfo } from './errors.js';
import { poseFromHuman } from './pose.js';
import { checkFaceCount, QUALITY, runQualityGate, type GrayImage } from './quality.js';
import { classifyView } from './view.js';

export interface AnalyzeOptions extends DecodeOptions {
  readonly detector: FaceDetector;
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
  readonly gateMs: number;
  readonly metricsMs: number;
  readonly totalMs: number;
}

export interface AnalyzeSuccess {
  readonly ok: true;
  readonly file: string;
  readonly photo: Photo;
  readonly measurements: ViewMeasurements;
  /** False when any quality check failed: the photo should be retaken before planning. */
  readonly passed: boolean;
  /** Whether the view came from the caller or from the head pose. */
  readonly viewSource: 'requested' | 'classified';
  readonly detection: { readonly pass: 'full' | 'crop' | 'tiles'; readonly faces: number };
  readonly timings: AnalyzeTimings;
}

export interface AnalyzeFailure {
  readonly ok: false;
  readonly file: string;
  readonly error: VisionErrorInfo;
}

export type AnalyzeResult = AnalyzeSuccess | AnalyzeFailure;

const round2 = (p: Point3): Point3 => [
  Math.round(p[0] * 100) / 100,
  Math.round(p[1] * 100) / 100,
  Math.round(p[2] * 100) / 100,
];

/** The subject's face region (inner 70 % of the box), as luminance resampled to a fixed width. */
async function faceCrop(image: DecodedImage, face: FaceDetection): Promise<GrayImage> {
  const { raster } = image;
  const shrink = 0.15;
  const x0 = (face.box.x + face.box.width * shrink) / image.scaleX;
  const y0 = (face.box.y + face.box.height * shrink) / image.scaleY;
  const x1 = (face.box.x + face.box.width * (1 - shrink)) / image.scaleX;
  const y1 = (face.box.y + face.box.height * (1 - shrink)) / image.scaleY;
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const width = Math.max(2, Math.min(raster.width - left, Math.ceil(x1) - left));
  const height = Math.max(2, Math.min(raster.height - top, Math.ceil(y1) - top));
  const outW = QUALITY.sharpnessCropWidth;
  const outH = Math.max(2, Math.round((height * outW) / width));
  const { data, info } = await sharp(raster.data, {
    raw: { width: raster.width, height: raster.height, channels: 3 },
  })
    .extract({ left, top, width, height })
    .resize(outW, outH, { fit: 'fill', kernel: 'lanczos3' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
  };
}

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
  const located = await opts.detector.locate(image);
  const t2 = performance.now();
  const subject = located.faces[0];
  if (!subject) {
    throw new VisionError(
      'no-face',
      'no face found; the patient must face the camera with the whole face visible and unobstructed',
    );
  }
  const count = checkFaceCount(located.faces.map((f) => f.box));
  if (count.status === 'fail') {
    throw new VisionError(
      'ambiguous-subject',
      `${located.faces.length} faces of similar size (the second is ${Math.round((count.value ?? 0) * 100)} % of the largest): cannot tell which is the patient; photograph the patient alone`,
    );
  }
  const pose = poseFromHuman(subject.angles);
  const view = opts.view ?? classifyView(pose.yawDeg);
  const crop = await faceCrop(image, subject);
  const quality = runQualityGate({
    faces: located.faces.map((f) => f.box),
    mesh: subject.mesh,
    pose,
    view,
    faceCrop: crop,
  });
  const t3 = performance.now();
  const landmarks: LandmarkSet = {
    mesh: subject.mesh.map(round2),
    ...(subject.iris ? { iris: subject.iris.map(round2) } : {}),
    pose,
    detector: { id: opts.detector.id, version: opts.detector.version },
    corrected: false,
    quality,
  };
  const parsed = PhotoSchema.safeParse({
    view,
    image: {
      width: image.originalWidth,
      height: image.originalHeight,
      ...(opts.imageFile ? { file: opts.imageFile } : {}),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
    landmarks,
  });
  if (!parsed.success) {
    throw new VisionError(
      'detector-failed',
      `the detected landmarks do not form a valid case-file photo (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  }
  let measurements: ViewMeasurements;
  try {
    measurements = measureView(parsed.data.landmarks, view, opts.pupillaryDistanceMm);
  } catch (e) {
    throw new VisionError(
      'detector-failed',
      `measurements failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const t4 = performance.now();
  return {
    ok: true,
    file,
    photo: parsed.data,
    measurements,
    passed: !quality.some((c) => c.status === 'fail'),
    viewSource: opts.view ? 'requested' : 'classified',
    detection: { pass: located.pass, faces: located.faces.length },
    timings: { decodeMs: t1 - t0, detectMs: t2 - t1, gateMs: t3 - t2, metricsMs: t4 - t3, totalMs: t4 - t0 },
  };
}
