/**
 * The browser build of photo analysis (`@liftplan/vision/browser`): Face Mesh V2 (the vendored MediaPipe Face
 * Landmarker bundle) on LiteRT.js' wasm backend, natively, with the bundle and the LiteRT wasm served by OUR
 * server (`/models/face_landmarker.task`, `/wasm/`; never a CDN; the bundle's sha256 checked before use), and
 * the SAME pipeline and post-processing as Node: v2/mesh-v2 (detector, refine and mirrored passes, iris,
 * expression scores), locate-v2, pose, view, quality gate, Photo validation and measurements.
 *
 * No Node built-ins and no DOM library types: the few canvas calls are typed structurally below, so this
 * file compiles in the Node-typed package and works with HTMLImageElement, ImageBitmap, HTMLCanvasElement
 * and OffscreenCanvas (main thread or a worker).
 */
import type { View } from '@liftplan/domain';
import type * as LiteRt from '@litertjs/core';
import { toErrorInfo, VisionError, type VisionErrorInfo } from './errors.js';
import type { LocateResult } from './locate.js';
import { buildPhoto, faceCrop, gateBox, subjectOf, type PhotoOutput } from './postprocess.js';
import { AMBIGUOUS_FACE_WIDTH_FRACTION } from './quality.js';
import { DETECT_MAX_SIDE, detectionSize, type PixelRaster } from './raster.js';
import { compileFaceModels } from './v2/litert.js';
import { locateFacesV2 } from './v2/locate-v2.js';
import { FaceMeshV2 } from './v2/mesh-v2.js';
import { assertBundleHash, FACE_LANDMARKER_TASK } from './v2/models.js';

export { DETECT_MAX_SIDE } from './raster.js';

/**
 * An image the browser can draw: HTMLImageElement (decoded, EXIF orientation applied by the browser),
 * ImageBitmap, HTMLCanvasElement or OffscreenCanvas. For an <img>, its natural size is used.
 */
export type BrowserImageSource = object & {
  readonly width: number;
  readonly height: number;
  readonly naturalWidth?: number;
  readonly naturalHeight?: number;
};

interface ImageDataLike {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}
interface Context2DLike {
  imageSmoothingEnabled: boolean;
  imageSmoothingQuality: string;
  drawImage(
    image: BrowserImageSource,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
  getImageData(x: number, y: number, w: number, h: number): ImageDataLike;
}
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d', options?: { willReadFrequently?: boolean }): unknown;
}
function isContext2D(v: unknown): v is Context2DLike {
  return typeof v === 'object' && v !== null && 'drawImage' in v && 'getImageData' in v;
}

/** A 2D canvas: a <canvas> on the main thread, an OffscreenCanvas in a worker. */
function makeCanvas(width: number, height: number): { canvas: CanvasLike; ctx: Context2DLike } {
  const g = globalThis as {
    document?: { createElement(tag: 'canvas'): CanvasLike };
    OffscreenCanvas?: new (w: number, h: number) => CanvasLike;
  };
  let canvas: CanvasLike;
  if (g.document) {
    canvas = g.document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
  } else if (g.OffscreenCanvas) {
    canvas = new g.OffscreenCanvas(width, height);
  } else {
    throw new VisionError('detector-failed', 'no canvas is available to read the photo (not a browser?)');
  }
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!isContext2D(ctx)) throw new VisionError('detector-failed', 'the browser gave no 2D canvas context');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return { canvas, ctx };
}

const sizeOf = (img: BrowserImageSource): { width: number; height: number } => ({
  width: img.naturalWidth || img.width,
  height: img.naturalHeight || img.height,
});

/** A URL our own app serves: a path (`/models/`) or a same-origin URL. Anything else is refused (no CDN). */
function assertOwnOrigin(url: string, what: string): void {
  const loc = (globalThis as { location?: { origin: string } }).location;
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
  if (!absolute) return;
  if (loc && new URL(url, loc.origin).origin === loc.origin) return;
  throw new VisionError(
    'models-not-loaded',
    `${what} "${url}" is not on this app's own server; models and wasm are served by liftplan, never a CDN`,
  );
}

export interface BrowserAnalyzerOptions {
  /** URL of the vendored Face Landmarker bundle. Default `/models/face_landmarker.task`. */
  readonly modelUrl?: string;
  /** Folder holding LiteRT.js' `.wasm`/`.js` runtime files (from @litertjs/core). Default `/wasm/`. */
  readonly wasmPath?: string;
}

export interface BrowserAnalyzeOptions {
  /** The view the photo was taken for; when absent it is classified from the head pose. */
  readonly view?: View;
  /** Name used in messages (default "photo"). */
  readonly label?: string;
  readonly imageFile?: string;
  /** sha256 of the file's bytes (see `sha256Hex`); stored as `image.sha256`. */
  readonly sha256?: string;
  readonly pupillaryDistanceMm?: number;
  /** 1-based number of the face that is the patient when the photo shows several. */
  readonly face?: number;
}

export interface BrowserAnalyzeSuccess extends PhotoOutput {
  readonly ok: true;
  readonly file: string;
  readonly timings: { readonly detectMs: number; readonly gateMs: number; readonly metricsMs: number };
}
export interface BrowserAnalyzeFailure {
  readonly ok: false;
  readonly file: string;
  readonly error: VisionErrorInfo;
}
export type BrowserAnalyzeResult = BrowserAnalyzeSuccess | BrowserAnalyzeFailure;

const now = (): number =>
  (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

/** Same id as the Node detector's, so case files record the same detector. */
const V2_ID = 'mediapipe-face-mesh-v2';

export class BrowserFaceAnalyzer {
  readonly id = V2_ID;
  readonly modelSha256 = FACE_LANDMARKER_TASK.sha256;
  private constructor(
    readonly engine: FaceMeshV2,
    /** Same format as the Node detector's. */
    readonly version: string,
  ) {}

  /**
   * Fetches the bundle from our own server, checks its sha256 (Web Crypto), loads LiteRT.js' wasm runtime
   * from our own server and compiles the three models: the same models and code as Node.
   */
  static async create(opts: BrowserAnalyzerOptions = {}): Promise<BrowserFaceAnalyzer> {
    const modelUrl = opts.modelUrl ?? `/models/${FACE_LANDMARKER_TASK.file}`;
    const wasmPath = opts.wasmPath ?? '/wasm/';
    assertOwnOrigin(modelUrl, 'modelUrl');
    assertOwnOrigin(wasmPath, 'wasmPath');
    let task: Uint8Array;
    try {
      const res = await fetch(modelUrl);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      task = new Uint8Array(await res.arrayBuffer());
    } catch (e) {
      throw new VisionError(
        'models-not-loaded',
        `the face model ${modelUrl} could not be fetched from this app's server (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    assertBundleHash(await sha256Hex(task), modelUrl);
    let lrt: typeof LiteRt;
    try {
      lrt = await import('@litertjs/core');
      if (!lrt.getGlobalLiteRtPromise()) await lrt.loadLiteRt(wasmPath);
      else await lrt.getGlobalLiteRtPromise();
    } catch (e) {
      throw new VisionError(
        'models-not-loaded',
        `the LiteRT wasm runtime did not start from ${wasmPath}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const runtime = 'litertjs wasm (browser)';
    const models = await compileFaceModels(lrt, task, FACE_LANDMARKER_TASK.sha256, modelUrl, runtime);
    return new BrowserFaceAnalyzer(
      new FaceMeshV2(models, { minOtherFaceFraction: AMBIGUOUS_FACE_WIDTH_FRACTION }),
      `face_landmarker.task sha256:${FACE_LANDMARKER_TASK.sha256}; ${runtime}; bundle detector; 2 passes + mirror`,
    );
  }

  /** The photo at detection size (long side ≤ 1280 px, as in Node) and its RGBA pixels. */
  private detectionRaster(image: BrowserImageSource): { raster: PixelRaster; width: number; height: number } {
    const { width, height } = sizeOf(image);
    const size = detectionSize(width, height, DETECT_MAX_SIDE);
    const { ctx } = makeCanvas(size.width, size.height);
    ctx.drawImage(image, 0, 0, width, height, 0, 0, size.width, size.height);
    const data = ctx.getImageData(0, 0, size.width, size.height);
    return {
      raster: { data: data.data, width: data.width, height: data.height, channels: 4 },
      width,
      height,
    };
  }

  /** Faces in ORIGINAL pixels, largest first, the subject refined: the same search as Node's. */
  async locate(image: BrowserImageSource, face?: number): Promise<LocateResult> {
    return (await this.locateWithRaster(image, face)).located;
  }

  private async locateWithRaster(
    image: BrowserImageSource,
    face?: number,
  ): Promise<{ located: LocateResult; raster: PixelRaster; width: number; height: number }> {
    const full = this.detectionRaster(image);
    const located = await locateFacesV2(
      this.engine,
      full.raster,
      full.width / full.raster.width,
      full.height / full.raster.height,
      face !== undefined ? { face: face - 1 } : {},
    );
    return { located, ...full };
  }

  /**
   * One photo -> the case file's Photo (mesh + iris in original pixels, pose, detector, quality checks) and
   * the measurements, exactly as `analyzePhoto` does in Node. Never throws for a bad photo: failures come
   * back as `{ ok: false, error }` with a message naming the photo.
   */
  async analyze(image: BrowserImageSource, opts: BrowserAnalyzeOptions = {}): Promise<BrowserAnalyzeResult> {
    const file = opts.label ?? 'photo';
    try {
      const t0 = now();
      const { located, raster, width, height } = await this.locateWithRaster(image, opts.face);
      const t1 = now();
      const subject = subjectOf(located);
      const crop = faceCrop(raster, width / raster.width, height / raster.height, gateBox(subject.box));
      const t2 = now();
      const out = buildPhoto({
        located,
        crop,
        width,
        height,
        detector: { id: this.id, version: this.version },
        modelSha256: this.modelSha256,
        ...(opts.view ? { view: opts.view } : {}),
        ...(opts.imageFile ? { imageFile: opts.imageFile } : {}),
        ...(opts.sha256 ? { sha256: opts.sha256 } : {}),
        ...(opts.pupillaryDistanceMm !== undefined ? { pupillaryDistanceMm: opts.pupillaryDistanceMm } : {}),
      });
      const t3 = now();
      return { ok: true, file, ...out, timings: { detectMs: t1 - t0, gateMs: t2 - t1, metricsMs: t3 - t2 } };
    } catch (e) {
      return { ok: false, file, error: toErrorInfo(e, file) };
    }
  }
}

/** Hex sha256 of a file's bytes (Web Crypto), for `image.sha256`. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const subtle = (
    globalThis as {
      crypto?: { subtle?: { digest(alg: string, data: ArrayBuffer | Uint8Array): Promise<ArrayBuffer> } };
    }
  ).crypto?.subtle;
  if (!subtle) {
    throw new Error('Web Crypto is not available (the page must be served over https or localhost)');
  }
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The shared, pure pieces, for callers that want them directly.
export type { FaceDetection, LocateResult } from './locate.js';
export { buildPhoto, candidateFaces, faceCrop, gateBox, subjectOf } from './postprocess.js';
export type { CandidateFace, PhotoInput, PhotoOutput } from './postprocess.js';
export { classifyView, VIEW_YAW } from './view.js';
export {
  AMBIGUOUS_FACE_WIDTH_FRACTION,
  EXPRESSION_THRESHOLDS,
  runQualityGate,
  QUALITY,
  laplacianVariance,
} from './quality.js';
export { findSticker, STICKER } from './sticker.js';
export { lumaResample, detectionSize, regionRead } from './raster.js';
export type { GrayImage, PixelRaster, Rect } from './raster.js';
export { VisionError, VISION_ERROR_CODES } from './errors.js';
export type { ErrorFace, VisionErrorCode, VisionErrorInfo } from './errors.js';
export { FACE_LANDMARKER_TASK } from './v2/models.js';
