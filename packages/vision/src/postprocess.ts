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
import { checkFaceCount, QUALITY, runQualityGate } from './quality.js';
import { lumaResample, type GrayImage, type PixelRaster, type Rect } from './raster.js';
import { classifyView } from './view.js';

/**
 * The sharpness / exposure thresholds were set on Human's detector box: a square about 1.4–1.6× the mesh's
 * extent (measured on astronaut.png and two dev faces). Face Mesh V2's box is the mesh extent itself, so the
 * gate reads a square of this many times its longer side, centred on it: the same pixels as before.
 */
export const GATE_BOX_SCALE = 1.45;

/** The square the quality gate's face crop is taken from, for a face box that is the mesh extent. */
export function gateBox(box: Rect): Rect {
  const side = Math.max(box.width, box.height) * GATE_BOX_SCALE;
  return {
    x: box.x + box.width / 2 - side / 2,
    y: box.y + box.height / 2 - side / 2,
    width: side,
    height: side,
  };
}

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
  /** sha256 of the landmark model (provenance; also inside `detector.version` for V2). */
  readonly modelSha256?: string;
  /** The view the photo was taken for; when absent it is classified from the head pose. */
  readonly view?: View;
  readonly imageFile?: string;
  readonly sha256?: string;
  readonly pupillaryDistanceMm?: number;
}

/** How the subject was found: all faces (numbered, boxes in original pixels) and the chosen one. */
export interface PhotoDetection {
  readonly pass: LocateResult['pass'];
  readonly faces: number;
  readonly candidates: readonly CandidateFace[];
  readonly chosen: { readonly n: number; readonly box: Rect; readonly byUser: boolean };
}

export interface PhotoOutput {
  readonly photo: Photo;
  /** Which detector and model produced the landmarks (stored with the landmark set by the server). */
  readonly provenance: {
    readonly detectorId: string;
    readonly detectorVersion: string;
    readonly modelSha256: string | null;
  };
  readonly measurements: ViewMeasurements;
  /** False when any quality check failed: the photo should be retaken before planning. */
  readonly passed: boolean;
  readonly viewSource: 'requested' | 'classified';
  readonly detection: PhotoDetection;
}

const round2 = (p: Point3): Point3 => [
  Math.round(p[0] * 100) / 100,
  Math.round(p[1] * 100) / 100,
  Math.round(p[2] * 100) / 100,
];

/** One face as the summary lists it: its 1-based number (as `--face N` takes it) and its box. */
export interface CandidateFace {
  readonly n: number;
  readonly box: Rect;
  /** Width relative to the largest face. */
  readonly relativeWidth: number;
}

/** The faces of a photo, numbered from 1 (largest first), for the summary and the web's face chooser. */
export function candidateFaces(located: LocateResult): CandidateFace[] {
  const w0 = located.faces[0]?.box.width ?? 1;
  const r1 = (v: number): number => Math.round(v * 10) / 10;
  return located.faces.map((f, i) => ({
    n: i + 1,
    box: { x: r1(f.box.x), y: r1(f.box.y), width: r1(f.box.width), height: r1(f.box.height) },
    relativeWidth: Math.round((f.box.width / w0) * 1000) / 1000,
  }));
}

const describeFaces = (faces: readonly CandidateFace[]): string =>
  faces
    .map(
      (f) =>
        `#${f.n} at (${Math.round(f.box.x)}, ${Math.round(f.box.y)}) ${Math.round(f.box.width)}×${Math.round(f.box.height)} px`,
    )
    .join(', ');

/**
 * The subject, or a VisionError: no face; two faces where the second is at least
 * `AMBIGUOUS_FACE_WIDTH_FRACTION` of the largest's width and nobody picked one; or a picked face that does
 * not exist. Call before cropping.
 */
export function subjectOf(located: LocateResult): NonNullable<LocateResult['faces'][number]> {
  const index = located.subject ?? 0;
  const faces = candidateFaces(located);
  if (located.faces.length === 0) {
    throw new VisionError(
      'no-face',
      'no face found; the patient must face the camera with the whole face visible and unobstructed',
    );
  }
  const subject = located.faces[index];
  if (!subject) {
    throw VisionError.withFaces(
      'ambiguous-subject',
      `face #${index + 1} was chosen but the photo shows ${located.faces.length} face(s): ${describeFaces(faces)}; pick one of them (--face N)`,
      faces,
    );
  }
  if (!located.chosenByUser) {
    const count = checkFaceCount(located.faces.map((f) => f.box));
    if (count.status === 'fail') {
      throw VisionError.withFaces(
        'ambiguous-subject',
        `${located.faces.length} faces, the second ${Math.round((faces[1]?.relativeWidth ?? 0) * 100)} % of the largest's width: cannot tell which is the patient. Faces: ${describeFaces(faces)}. Pick the patient with --face N (or in the web's face chooser), or photograph the patient alone`,
        faces,
      );
    }
  }
  return subject;
}

/** Located faces + face crop -> the validated case-file Photo, its quality checks and measurements. */
export function buildPhoto(input: PhotoInput): PhotoOutput {
  const { located } = input;
  const subject = subjectOf(located);
  const pose = subject.pose;
  const view = input.view ?? classifyView(pose.yawDeg);
  const index = located.subject ?? 0;
  const quality = runQualityGate({
    // The subject first, then the others: a face the user picked is the subject even when smaller.
    faces: [subject.box, ...located.faces.filter((_, i) => i !== index).map((f) => f.box)],
    chosenByUser: located.chosenByUser === true,
    ...(subject.blendshapes ? { blendshapes: subject.blendshapes } : {}),
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
    provenance: {
      detectorId: input.detector.id,
      detectorVersion: input.detector.version,
      modelSha256: input.modelSha256 ?? null,
    },
    passed: !quality.some((c) => c.status === 'fail'),
    viewSource: input.view ? 'requested' : 'classified',
    detection: {
      pass: located.pass,
      faces: located.faces.length,
      candidates: candidateFaces(located),
      chosen: { n: index + 1, box: subject.box, byUser: located.chosenByUser === true },
    },
  };
}
