import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRegion, type DecodedImage, type RgbRaster } from './decode.js';
import { VisionError } from './errors.js';
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

export type { FaceDetection, LocateResult } from './locate.js';

// ---- Human, loaded from node_modules only (never a CDN) ----

interface TfLike {
  readonly io: { registerLoadRouter(router: (url: unknown) => unknown): void };
  readonly version_core?: string;
  tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
  getBackend(): string;
}
type HumanLike = HumanCore<TfLike>;

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

export interface DetectorOptions {
  readonly tuning?: DetectorTuning;
  /** Folder of Human's models; default: the one inside the installed @vladmandic/human package. */
  readonly modelsDir?: string;
}

/** The previous pipeline (Human's blazeface + facemesh + iris): kept as the evaluation's yardstick. */
export class FaceDetector {
  readonly id = 'human-facemesh';
  /** Human's models come from its npm package (checked by its loader), not a vendored file. */
  readonly modelSha256 = 'npm:@vladmandic/human';
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
      human = newHuman<HumanLike>(
        require(path.join(p.dist, 'human.node-wasm.js')),
        humanConfig(
          { modelBasePath: pathToFileURL(p.models).href + '/', wasmPath: p.wasm + path.sep },
          tuning,
        ),
        'human.node-wasm.js',
      );
      registerFileRouter(human.tf);
      await quietly(() => human.load());
    } catch (e) {
      throw new VisionError(
        'models-not-loaded',
        `the face detector could not start: ${e instanceof Error ? e.message : String(e)}. Run \`npm ci\` to reinstall @vladmandic/human and @tensorflow/tfjs-backend-wasm`,
      );
    }
    const logged = lastLoadLog.length ? ` Human reported: ${lastLoadLog.slice(0, 3).join(' | ')}.` : '';
    const version = assertHumanReady(human, tuning, {
      models: `check that ${p.models} exists (npm ci).${logged}`,
      backend: '',
    });
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

  /** Finds the faces of a decoded photo in ORIGINAL pixels, largest first (see `locateFaces`). */
  locate(image: DecodedImage): Promise<LocateResult> {
    return locateFaces({
      originalWidth: image.originalWidth,
      originalHeight: image.originalHeight,
      rasterWidth: image.raster.width,
      rasterHeight: image.raster.height,
      detectFull: () => this.detectRaster(image.raster),
      detectRegion: async (rect, maxSide) => {
        const region = await readRegion(image, rect, maxSide);
        return { faces: await this.detectRaster(region.raster), rect: region.rect, scale: region.scale };
      },
    });
  }
}
