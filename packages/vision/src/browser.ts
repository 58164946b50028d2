/**
 * The browser build of photo analysis (`@liftplan/vision/browser`): Human's browser ESM build on the tfjs
 * wasm backend, with models and wasm binaries served by OUR server (`/models/`, `/wasm/`; never a CDN), and
 * the SAME post-processing as Node: human-adapter (narrowing, iris order, truncation fix), locate (largest
 * face, tiles, detect-then-crop), pose, view, quality gate, Photo validation and measurements.
 *
 * No Node built-ins and no DOM library types: the few canvas calls are typed structurally below, so this
 * file compiles in the Node-typed package and works with HTMLImageElement, ImageBitmap, HTMLCanvasElement
 * and OffscreenCanvas (main thread or a worker).
 */
import type { View } from '@liftplan/domain';
import { toErrorInfo, VisionError, type VisionErrorInfo } from './errors.js';
import {
  DEFAULT_TUNING,
  assertHumanReady,
  humanConfig,
  newHuman,
  parseHumanResult,
  type DetectorTuning,
  type HumanCore,
  type RawFace,
} from './human-adapter.js';
import { locateFaces, type LocateResult } from './locate.js';
import { buildPhoto, faceCrop, subjectOf, type PhotoOutput } from './postprocess.js';
import { DETECT_MAX_SIDE, detectionSize, regionRead, type PixelRaster, type Rect } from './raster.js';

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
type HumanLike = HumanCore<{ readonly version_core?: string; getBackend(): string }>;

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
  /** Folder (URL path) holding Human's models: blazeface, facemesh, iris (.json + .bin). Default `/models/`. */
  readonly modelBasePath?: string;
  /** Folder holding tfjs-backend-wasm's `.wasm` files. Default `/wasm/`. */
  readonly wasmPath?: string;
  readonly tuning?: DetectorTuning;
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

export class BrowserFaceAnalyzer {
  readonly id = 'human-facemesh';
  private constructor(
    private readonly human: HumanLike,
    /** Same format as the Node detector's, so case files record the same detector. */
    readonly version: string,
    readonly tuning: DetectorTuning,
  ) {}

  /**
   * Loads Human's browser build (`@vladmandic/human` resolves to `dist/human.esm.js` under the bundler's
   * `module`/`browser`/`import` conditions; a separate chunk, loaded on first use) on the wasm backend, and
   * ASSERTS that every model loaded: Human's load() does not throw when a model is missing.
   */
  static async create(opts: BrowserAnalyzerOptions = {}): Promise<BrowserFaceAnalyzer> {
    const modelBasePath = opts.modelBasePath ?? '/models/';
    const wasmPath = opts.wasmPath ?? '/wasm/';
    assertOwnOrigin(modelBasePath, 'modelBasePath');
    assertOwnOrigin(wasmPath, 'wasmPath');
    const tuning = opts.tuning ?? DEFAULT_TUNING;
    let human: HumanLike;
    try {
      human = newHuman<HumanLike>(
        await import('@vladmandic/human'),
        humanConfig({ modelBasePath, wasmPath }, tuning),
        '@vladmandic/human',
      );
      await human.init?.();
      await human.load();
    } catch (e) {
      throw new VisionError(
        'models-not-loaded',
        `the face detector could not start: ${e instanceof Error ? e.message : String(e)} (models from ${modelBasePath}, wasm from ${wasmPath})`,
      );
    }
    const version = assertHumanReady(human, tuning, {
      models: `the server must serve them under ${modelBasePath}`,
      backend: ` (are the .wasm files served under ${wasmPath}?)`,
    });
    return new BrowserFaceAnalyzer(human, version, tuning);
  }

  private async detectCanvas(canvas: CanvasLike): Promise<RawFace[]> {
    try {
      return parseHumanResult(await this.human.detect(canvas));
    } catch (e) {
      throw new VisionError(
        'detector-failed',
        `face detection failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }

  /** The photo at detection size (long side ≤ 1280 px, as in Node) and its RGBA pixels. */
  private detectionRaster(image: BrowserImageSource): {
    canvas: CanvasLike;
    raster: PixelRaster;
    width: number;
    height: number;
  } {
    const { width, height } = sizeOf(image);
    const size = detectionSize(width, height, DETECT_MAX_SIDE);
    const { canvas, ctx } = makeCanvas(size.width, size.height);
    ctx.drawImage(image, 0, 0, width, height, 0, 0, size.width, size.height);
    const data = ctx.getImageData(0, 0, size.width, size.height);
    return {
      canvas,
      raster: { data: data.data, width: data.width, height: data.height, channels: 4 },
      width,
      height,
    };
  }

  /** Faces in ORIGINAL pixels, largest first: the same search as Node's `FaceDetector.locate`. */
  async locate(image: BrowserImageSource): Promise<LocateResult> {
    return (await this.locateWithRaster(image)).located;
  }

  private async locateWithRaster(
    image: BrowserImageSource,
  ): Promise<{ located: LocateResult; raster: PixelRaster; width: number; height: number }> {
    const full = this.detectionRaster(image);
    const located = await locateFaces({
      originalWidth: full.width,
      originalHeight: full.height,
      rasterWidth: full.raster.width,
      rasterHeight: full.raster.height,
      detectFull: () => this.detectCanvas(full.canvas),
      detectRegion: async (rect: Rect, maxSide: number) => {
        const r = regionRead(rect, full.width, full.height, maxSide);
        const { canvas, ctx } = makeCanvas(r.outWidth, r.outHeight);
        ctx.drawImage(
          image,
          r.region.x,
          r.region.y,
          r.region.width,
          r.region.height,
          0,
          0,
          r.outWidth,
          r.outHeight,
        );
        return { faces: await this.detectCanvas(canvas), rect: r.region, scale: r.scale };
      },
    });
    return { located, raster: full.raster, width: full.width, height: full.height };
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
      const { located, raster, width, height } = await this.locateWithRaster(image);
      const t1 = now();
      const subject = subjectOf(located);
      const crop = faceCrop(raster, width / raster.width, height / raster.height, subject.box);
      const t2 = now();
      const out = buildPhoto({
        located,
        crop,
        width,
        height,
        detector: { id: this.id, version: this.version },
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
export { parseHumanResult, humanConfig, DEFAULT_TUNING, REQUIRED_MODELS } from './human-adapter.js';
export type { DetectorTuning, RawFace } from './human-adapter.js';
export { locateFaces } from './locate.js';
export type { FaceDetection, FaceSource, LocateResult } from './locate.js';
export { buildPhoto, faceCrop, subjectOf } from './postprocess.js';
export type { PhotoInput, PhotoOutput } from './postprocess.js';
export { poseFromHuman } from './pose.js';
export { classifyView, VIEW_YAW } from './view.js';
export { runQualityGate, QUALITY, laplacianVariance } from './quality.js';
export { lumaResample, detectionSize, regionRead } from './raster.js';
export type { GrayImage, PixelRaster, Rect } from './raster.js';
export { VisionError, VISION_ERROR_CODES } from './errors.js';
export type { VisionErrorCode, VisionErrorInfo } from './errors.js';
