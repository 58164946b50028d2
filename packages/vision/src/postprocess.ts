/**
 * Everything after detection, shared by Node (analyze.ts) and the browser (browser.ts): the subject and the
 * face-count rule, pose and view, the face crop for sharpness / exposure, the quality gate, the case-file
 * Photo (validated) and the domain's measurements. No Node built-ins, no sharp, no DOM.
 */
import {
  measureView,
  PhotoSchema,
  type LandmarkSet,
  type Photo,
  type Point3,
  type View,
  type ViewMeasurements,
} from '@liftplan/domain';
import { VisionError } from './errors.js';
import type { LocateResult } from './locate.js';
import { poseFromHuman } from './pose.js';
import { checkFaceCount, QUALITY, runQualityGate } from './quality.js';
import { lumaResample, type GrayImage, type PixelRaster, type Rect } from './raster.js';
import { classifyView } from './view.js';

/** Fraction of the face box trimmed on each side for the sharpness / exposure crop (hair, background). */
export const FACE_CROP_SHRINK = 0.15;

/**
 * The subject's face region (inner 70 % of its box, in ORIGINAL pixels) as luminance resampled to
 * `QUALITY.sharpnessCropWidth` px wide, read from the detection raster (`scaleX/Y` = original pixels per
 * raster pixel). RGB (Node) and RGBA (canvas ImageData) rasters give the same result for the same pixels.
 */
export function faceCrop(raster: PixelRaster, scaleX: number, scaleY: number, box: Rect): GrayImage {
  const s = FACE_CROP_SHRINK;
  const x0 = (box.x + box.width * s) / scaleX;
  const y0 = (box.y + box.height * s) / scaleY;
  const x1 = (box.x + box.width * (1 - s)) / scaleX;
  const y1 = (box.y + box.height * (1 - s)) / scaleY;
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const width = Math.max(2, Math.min(raster.width - left, Math.ceil(x1) - left));
  const height = Math.max(2, Math.min(raster.height - top, Math.ceil(y1) - top));
  const outW = QUALITY.sharpnessCropWidth;
  const outH = Math.max(2, Math.round((height * outW) / width));
  return lumaResample(raster, { x: left, y: top, width, height }, outW, outH);
}

export interface PhotoInput {
  readonly located: LocateResult;
  /** From `faceCrop` on the subject (`located.faces[0]`). */
  readonly crop: GrayImage;
  /** Size of the upright original. */
  readonly width: number;
  readonly height: number;
  readonly detector: { readonly id: string; readonly version: string };
  /** The view the photo was taken for; when absent it is classified from the head pose. */
  readonly view?: View;
  readonly imageFile?: string;
  readonly sha256?: string;
  readonly pupillaryDistanceMm?: number;
}

export interface PhotoOutput {
  readonly photo: Photo;
  readonly measurements: ViewMeasurements;
  /** False when any quality check failed: the photo should be retaken before planning. */
  readonly passed: boolean;
  readonly viewSource: 'requested' | 'classified';
  readonly detection: { readonly pass: LocateResult['pass']; readonly faces: number };
}

const round2 = (p: Point3): Point3 => [
  Math.round(p[0] * 100) / 100,
  Math.round(p[1] * 100) / 100,
  Math.round(p[2] * 100) / 100,
];

/** The subject, or a VisionError (no face / two faces of similar size). Call before cropping. */
export function subjectOf(located: LocateResult): NonNullable<LocateResult['faces'][number]> {
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
  return subject;
}

/** Located faces + face crop -> the validated case-file Photo, its quality checks and measurements. */
export function buildPhoto(input: PhotoInput): PhotoOutput {
  const { located } = input;
  const subject = subjectOf(located);
  const pose = poseFromHuman(subject.angles);
  const view = input.view ?? classifyView(pose.yawDeg);
  const quality = runQualityGate({
    faces: located.faces.map((f) => f.box),
    mesh: subject.mesh,
    pose,
    view,
    faceCrop: input.crop,
  });
  const landmarks: LandmarkSet = {
    mesh: subject.mesh.map(round2),
    ...(subject.iris ? { iris: subject.iris.map(round2) } : {}),
    pose,
    detector: { id: input.detector.id, version: input.detector.version },
    corrected: false,
    quality,
  };
  const parsed = PhotoSchema.safeParse({
    view,
    image: {
      width: input.width,
      height: input.height,
      ...(input.imageFile ? { file: input.imageFile } : {}),
      ...(input.sha256 ? { sha256: input.sha256 } : {}),
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
    measurements = measureView(parsed.data.landmarks, view, input.pupillaryDistanceMm);
  } catch (e) {
    throw new VisionError(
      'detector-failed',
      `measurements failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return {
    photo: parsed.data,
    measurements,
    passed: !quality.some((c) => c.status === 'fail'),
    viewSource: input.view ? 'requested' : 'classified',
    detection: { pass: located.pass, faces: located.faces.length },
  };
}
