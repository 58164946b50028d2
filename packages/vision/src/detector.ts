import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Point3 } from '@liftplan/domain';
import { readRegion, type DecodedImage, type Rect, type RgbRaster } from './decode.js';
import { VisionError } from './errors.js';
import {
  DEFAULT_TUNING,
  humanConfig,
  parseHumanResult,
  REQUIRED_MODELS,
  type DetectorTuning,
  type RawFace,
} from './human-adapter.js';

/**
 * A face in ORIGINAL image pixels (upright, EXIF orientation applied): mesh and iris as 0-based pixel
 * centres; the box as continuous coordinates (its edges).
 */
export interface FaceDetection extends Omit<RawFace, 'box'> {
  readonly box: Rect;
}

export interface LocateResult {
  /** All faces, largest first. */
  readonly faces: readonly FaceDetection[];
  /** How the subject was found: the whole photo, a crop around a small face, or a tiled search. */
  readonly pass: 'full' | 'crop' | 'tiles';
}

/**
 * A face narrower than this fraction of the detection raster's long side gets a second pass on a crop of
 * the original: blazeface sees the whole photo at 256 px, so such a face is under ~50 px there.
 */
export const SMALL_FACE_FRACTION = 0.2;
/** The crop around a small face, as a multiple of its box: loose enough that the mesh keeps the jaw. */
export const CROP_MARGIN = 3;
/**
 * Faces other than the subject count only from this score up: Human's combined score is below it mostly for
 * textures taken for faces (Einstein's photo has one at 0.44).
 */
export const OTHER_FACE_MIN_SCORE = 0.5;
/** Overlapping tiles (as a fraction of the image side) searched when the whole photo shows no face. */
export const TILE_FRACTION = 0.5;

// ---- Human, loaded from node_modules only (never a CDN) ----

interface TfLike {
  readonly io: { registerLoadRouter(router: (url: unknown) => unknown): void };
  readonly version_core?: string;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  getBackend(): string;
}
interface ModelStatsLike {
  readonly percentageLoaded: number;
  readonly modelStats?: readonly { name: string; loaded: boolean; url: string }[];
}
interface HumanLike {
  readonly version: string;
  readonly tf: TfLike;
  readonly models: { stats(): ModelStatsLike; loaded(): string[] };
  load(): Promise<void>;
  detect(input: unknown): Promise<unknown>;
}

const require = createRequire(import.meta.url);

/** Folders of Human's dist, its models and tfjs' wasm binaries inside node_modules. */
export function humanPaths(): { dist: string; models: string; wasm: string } {
  // Human's `exports` keys lack "./", so resolve the main entry and walk from it (vision-notes pitfall 1).
  const dist = path.dirname(require.resolve('@vladmandic/human'));
  const wasm = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  return { dist, models: path.join(dist, '..', 'models'), wasm };
}

const routed = new WeakSet<object>();

/** Human fetches models by URL; Node's fetch has no file:// support, so serve file:// URLs from disk. */
function registerFileRouter(tf: TfLike): void {
  if (routed.has(tf.io)) return;
  routed.add(tf.io);
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith('file://')) return null;
    return {
      load: () => {
        const file = decodeURIComponent(new URL(url).pathname);
        const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (typeof json !== 'object' || json === null || !('weightsManifest' in json)) {
          throw new Error(`${file} is not a tfjs graph model`);
        }
        const j = json as {
          modelTopology: unknown;
          format?: string;
          weightsManifest: { paths: string[]; weights: unknown[] }[];
        };
        const specs: unknown[] = [];
        const buffers: Buffer[] = [];
        for (const group of j.weightsManifest) {
          specs.push(...group.weights);
          for (const f of group.paths) buffers.push(readFileSync(path.join(path.dirname(file), f)));
        }
        const all = Buffer.concat(buffers);
        return Promise.resolve({
          modelTopology: j.modelTopology,
          format: j.format,
          weightSpecs: specs,
          weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        });
      },
    };
  });
}

let lastLoadLog: string[] = [];

/**
 * Human prints model-load failures (with stack traces) to the console instead of throwing. Keep them off the
 * user's terminal: collect their first lines for our own error message.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, warn: console.warn, error: console.error };
  const lines: string[] = [];
  const collect = (...args: unknown[]): void => {
    const first = args
      .map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : ''))
      .join(' ')
      .split('\n')[0];
    if (first) lines.push(first.trim());
  };
  console.log = collect;
  console.warn = collect;
  console.error = collect;
  try {
    return await fn();
  } finally {
    Object.assign(console, saved);
    lastLoadLog = lines;
  }
}

function isHumanLike(v: unknown): v is HumanLike {
  return (
    typeof v === 'object' &&
    v !== null &&
    'detect' in v &&
    typeof v.detect === 'function' &&
    'load' in v &&
    'models' in v &&
    'tf' in v
  );
}

export interface DetectorOptions {
  readonly tuning?: DetectorTuning;
  /** Folder of Human's models; default: the one inside the installed @vladmandic/human package. */
  readonly modelsDir?: string;
}

export class FaceDetector {
  readonly id = 'human-facemesh';
  private constructor(
    private readonly human: HumanLike,
    readonly version: string,
    readonly tuning: DetectorTuning,
  ) {}

  /**
   * Loads Human's node-wasm build with models and wasm from node_modules, then ASSERTS that every model
   * loaded: Human's load() does not throw when a model is missing, and detect() would fail later.
   */
  static async create(opts: DetectorOptions = {}): Promise<FaceDetector> {
    const tuning = opts.tuning ?? DEFAULT_TUNING;
    const found = humanPaths();
    const p = { ...found, models: opts.modelsDir ?? found.models };
    let human: HumanLike;
    try {
      const mod: unknown = require(path.join(p.dist, 'human.node-wasm.js'));
      const Ctor =
        typeof mod === 'object' && mod !== null && 'Human' in mod && typeof mod.Human === 'function'
          ? (mod.Human as new (config: unknown) => unknown)
          : undefined;
      if (!Ctor) throw new Error('human.node-wasm.js exports no Human class');
      const instance = new Ctor(
        humanConfig(
          { modelBasePath: pathToFileURL(p.models).href + '/', wasmPath: p.wasm + path.sep },
          tuning,
        ),
      );
      if (!isHumanLike(instance)) throw new Error('unexpected Human instance');
      human = instance;
      registerFileRouter(human.tf);
      await quietly(() => human.load());
    } catch (e) {
      throw new VisionError(
        'models-not-loaded',
        `the face detector could not start: ${e instanceof Error ? e.message : String(e)}. Run \`npm ci\` to reinstall @vladmandic/human and @tensorflow/tfjs-backend-wasm`,
      );
    }
    const stats = human.models.stats();
    const logged = lastLoadLog.length ? ` Human reported: ${lastLoadLog.slice(0, 3).join(' | ')}.` : '';
    const loaded = new Set(human.models.loaded());
    const missing = REQUIRED_MODELS(tuning).filter((m) => !loaded.has(m));
    const failed = (stats.modelStats ?? []).filter((m) => !m.loaded).map((m) => `${m.name} (${m.url})`);
    if (stats.percentageLoaded !== 1 || missing.length > 0 || failed.length > 0) {
      throw new VisionError(
        'models-not-loaded',
        `face models did not load (${Math.round(stats.percentageLoaded * 100)} % loaded; missing: ${[...missing, ...failed].join(', ') || 'unknown'}). Check that ${p.models} exists (npm ci).${logged}`,
      );
    }
    const backend = human.tf.getBackend();
    if (backend !== 'wasm') {
      throw new VisionError(
        'models-not-loaded',
        `face detector runs on "${backend}", expected the wasm backend`,
      );
    }
    const version = `human ${human.version}; tfjs-wasm ${human.tf.version_core ?? '?'}; blazeface+facemesh${tuning.iris ? '+iris' : ''}`;
    return new FaceDetector(human, version, tuning);
  }

  /** Runs Human on one RGB raster; coordinates in that raster's pixels. */
  async detectRaster(raster: RgbRaster): Promise<RawFace[]> {
    const input = this.human.tf.tensor3d(raster.data, [raster.height, raster.width, 3], 'int32');
    try {
      return parseHumanResult(await this.human.detect(input));
    } catch (e) {
      throw new VisionError(
        'detector-failed',
        `face detection failed: ${e instanceof Error ? e.message : String(e)}`,
      );
    } finally {
      input.dispose();
    }
  }

  /**
   * Finds the faces of a decoded photo in ORIGINAL pixels, largest first. Small largest faces get a second
   * pass on a crop of the original around them; when the whole photo shows no face, overlapping tiles are
   * searched (faces under ~8 % of the image side are invisible to blazeface at 256 px).
   */
  async locate(image: DecodedImage): Promise<LocateResult> {
    const full = (await this.detectRaster(image.raster)).map((f) =>
      mapFace(f, 0, 0, image.scaleX, image.scaleY),
    );
    const sorted = sortBySize(full);
    const largest = sorted[0];
    const rasterLong = Math.max(image.raster.width, image.raster.height);
    if (largest && largest.box.width / image.scaleX >= SMALL_FACE_FRACTION * rasterLong) {
      return { faces: keepSubjectAndRealFaces(sorted), pass: 'full' };
    }
    // No face, or only small ones: blazeface may have missed the subject (or taken something else for a
    // face). Search overlapping tiles too, merge, and refine the largest find in a crop of the original.
    const found: FaceDetection[] = [...sorted];
    const tw = image.originalWidth * TILE_FRACTION;
    const th = image.originalHeight * TILE_FRACTION;
    for (const fy of [0, 0.25, 0.5]) {
      for (const fx of [0, 0.25, 0.5]) {
        const tile = await readRegion(
          image,
          { x: fx * image.originalWidth, y: fy * image.originalHeight, width: tw, height: th },
          rasterLong,
        );
        for (const f of await this.detectRaster(tile.raster)) {
          found.push(mapFace(f, tile.rect.x, tile.rect.y, tile.scale, tile.scale));
        }
      }
    }
    const faces = dedupe(sortBySize(found));
    const best = faces[0];
    if (!best) return { faces: [], pass: 'tiles' };
    const refined = await this.refineInCrop(image, best);
    return {
      faces: keepSubjectAndRealFaces(sortBySize([refined ?? best, ...faces.slice(1)])),
      pass: refined ? 'crop' : 'tiles',
    };
  }

  private async refineInCrop(image: DecodedImage, face: FaceDetection): Promise<FaceDetection | undefined> {
    const side = Math.max(face.box.width, face.box.height) * CROP_MARGIN;
    const cx = face.box.x + face.box.width / 2;
    const cy = face.box.y + face.box.height / 2;
    const crop = await readRegion(
      image,
      { x: cx - side / 2, y: cy - side / 2, width: side, height: side },
      Math.max(image.raster.width, image.raster.height),
    );
    const inCrop = sortBySize(
      (await this.detectRaster(crop.raster)).map((f) =>
        mapFace(f, crop.rect.x, crop.rect.y, crop.scale, crop.scale),
      ),
    );
    // The same face: the one whose centre lies inside the first pass's box.
    return inCrop.find((f) => {
      const fx = f.box.x + f.box.width / 2;
      const fy = f.box.y + f.box.height / 2;
      return (
        fx >= face.box.x &&
        fx <= face.box.x + face.box.width &&
        fy >= face.box.y &&
        fy <= face.box.y + face.box.height
      );
    });
  }
}

/**
 * Continuous raster coordinates -> the case file's convention: 0-based pixel CENTRES of the original image
 * (pixel (0,0) is centred on [0, 0], as in OpenCV, dlib and the 300-W annotations). (ox, oy) is the region's
 * top-left edge in the original; z is scaled like x.
 */
function mapPoint(p: Point3, ox: number, oy: number, sx: number, sy: number): Point3 {
  return [ox + p[0] * sx - 0.5, oy + p[1] * sy - 0.5, p[2] * sx];
}

function mapFace(f: RawFace, ox: number, oy: number, sx: number, sy: number): FaceDetection {
  const [x, y, w, h] = f.box;
  return {
    ...f,
    box: { x: ox + x * sx, y: oy + y * sy, width: w * sx, height: h * sy },
    mesh: f.mesh.map((p) => mapPoint(p, ox, oy, sx, sy)),
    ...(f.iris ? { iris: f.iris.map((p) => mapPoint(p, ox, oy, sx, sy)) } : {}),
  };
}

const keepSubjectAndRealFaces = (sorted: readonly FaceDetection[]): FaceDetection[] =>
  sorted.filter((f, i) => i === 0 || f.score >= OTHER_FACE_MIN_SCORE);

const area = (r: Rect): number => r.width * r.height;
const sortBySize = (faces: readonly FaceDetection[]): FaceDetection[] =>
  [...faces].sort((a, b) => area(b.box) - area(a.box));

function iou(a: Rect, b: Rect): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  return inter / (area(a) + area(b) - inter);
}

/** Tiles overlap, so one face can be found twice: keep the larger of any pair overlapping by > 30 %. */
function dedupe(sorted: readonly FaceDetection[]): FaceDetection[] {
  const out: FaceDetection[] = [];
  for (const f of sorted) if (!out.some((g) => iou(f.box, g.box) > 0.3)) out.push(f);
  return out;
}
