/**
 * Pure adapters around @vladmandic/human: its configuration and a narrowing of its loosely typed results.
 * No Node built-ins here: the browser build (Human's `human.esm.js`, models served by our own app) uses the
 * same code, only with a different `modelBasePath` / `wasmPath`.
 */
import type { Point3 } from '@liftplan/domain';
import { VisionError } from './errors.js';

export const MESH_POINTS = 468;
export const MESH_WITH_IRIS_POINTS = 478;

/**
 * Human's 478-point output puts the SUBJECT's LEFT iris at 468–472 and the right one at 473–477 (verified on
 * astronaut.png: 468 lies next to vertex 263, the left outer canthus). The case file stores MediaPipe's order,
 * subject's right first (`IRIS` in @liftplan/domain): right centre + 4, then left centre + 4. Each contour runs
 * medial, top, lateral, bottom, so opposite points stay opposite.
 */
export const HUMAN_IRIS_TO_CASE: readonly number[] = [473, 474, 475, 476, 477, 468, 469, 470, 471, 472];

export interface HumanPaths {
  /** URL of the folder holding Human's models (`file://…/` in Node, `/models/` in the browser). */
  readonly modelBasePath: string;
  /** Folder holding tfjs-backend-wasm's `.wasm` files, with a trailing slash. */
  readonly wasmPath: string;
}

export interface DetectorTuning {
  /** Faces detected per pass; more than one so the quality gate can see a second face. */
  readonly maxDetected: number;
  /** Blazeface score below which a candidate box is dropped (Human's default). */
  readonly minConfidence: number;
  readonly iris: boolean;
}

export const DEFAULT_TUNING: DetectorTuning = { maxDetected: 5, minConfidence: 0.2, iris: true };

/**
 * Human configuration for still photos (see shared/design/vision-notes.md): no frame skipping or result
 * caching (those are for video and can reuse a previous photo's face), no smoothing filter, no rotation
 * pre-alignment (it hurts turned faces), and every model we do not use switched off.
 */
export function humanConfig(paths: HumanPaths, tuning: DetectorTuning = DEFAULT_TUNING) {
  return {
    backend: 'wasm' as const,
    wasmPath: paths.wasmPath,
    modelBasePath: paths.modelBasePath,
    debug: false,
    async: true,
    warmup: 'none' as const,
    cacheModels: false,
    cacheSensitivity: 0,
    validateModels: false,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: {
        rotation: false,
        maxDetected: tuning.maxDetected,
        minConfidence: tuning.minConfidence,
        skipFrames: 0,
        skipTime: 0,
        return: false,
      },
      mesh: { enabled: true },
      attention: { enabled: false },
      iris: { enabled: tuning.iris, skipFrames: 0, skipTime: 0 },
      emotion: { enabled: false },
      description: { enabled: false },
      antispoof: { enabled: false },
      liveness: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  };
}

/** Models that must be loaded for `humanConfig` (Human's own names). */
export const REQUIRED_MODELS = (tuning: DetectorTuning = DEFAULT_TUNING): readonly string[] =>
  tuning.iris ? ['blazeface', 'facemesh', 'iris'] : ['blazeface', 'facemesh'];

/** One face as Human reports it, in continuous coordinates of the raster it was given (see `untrunc`). */
export interface RawFace {
  /** [x, y, width, height] */
  readonly box: readonly [number, number, number, number];
  readonly score: number;
  readonly boxScore: number;
  readonly faceScore: number;
  /** 468 mesh points. */
  readonly mesh: readonly Point3[];
  /** 10 iris points in the case file's order, when iris refinement ran. */
  readonly iris?: readonly Point3[];
  /** Human's head-pose angles, in RADIANS, in Human's own convention (see pose.ts). */
  readonly angles: { readonly yaw: number; readonly pitch: number; readonly roll: number };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Human 3.3.6 truncates every mesh coordinate to a whole pixel (`Math.trunc` in its mesh decoder, and
 * `meshRaw` is derived from the truncated values). Its coordinates are continuous (pixel i spans [i, i+1)),
 * so the best estimate is the middle of the truncation interval: +0.5 for positive, −0.5 for negative values.
 * RawFace coordinates are therefore continuous raster coordinates; detector.ts converts them to the case
 * file's convention (0-based pixel centres of the original image).
 */
const untrunc = (v: number): number => (v >= 0 ? v + 0.5 : v - 0.5);

function point3(v: unknown): Point3 | undefined {
  if (!Array.isArray(v) || v.length < 2) return undefined;
  const x = num(v[0]);
  const y = num(v[1]);
  const z = v.length > 2 ? num(v[2]) : 0;
  return x === undefined || y === undefined || z === undefined
    ? undefined
    : [untrunc(x), untrunc(y), untrunc(z)];
}

/** Narrows one element of `result.face`; undefined when it lacks a complete mesh. */
export function parseHumanFace(v: unknown): RawFace | undefined {
  if (!isRecord(v)) return undefined;
  const box = Array.isArray(v.box) ? v.box.map(num) : [];
  const [bx, by, bw, bh] = box;
  if (bx === undefined || by === undefined || bw === undefined || bh === undefined) return undefined;
  if (!Array.isArray(v.mesh) || v.mesh.length < MESH_POINTS) return undefined;
  const all: Point3[] = [];
  for (const p of v.mesh) {
    const q = point3(p);
    if (!q) return undefined;
    all.push(q);
  }
  const mesh = all.slice(0, MESH_POINTS);
  const iris =
    all.length >= MESH_WITH_IRIS_POINTS
      ? HUMAN_IRIS_TO_CASE.map((i) => all[i]).filter((p): p is Point3 => p !== undefined)
      : undefined;
  const rotation = isRecord(v.rotation) && isRecord(v.rotation.angle) ? v.rotation.angle : {};
  return {
    box: [bx, by, bw, bh],
    score: num(v.score) ?? 0,
    boxScore: num(v.boxScore) ?? 0,
    faceScore: num(v.faceScore) ?? 0,
    mesh,
    ...(iris && iris.length === 10 ? { iris } : {}),
    angles: { yaw: num(rotation.yaw) ?? 0, pitch: num(rotation.pitch) ?? 0, roll: num(rotation.roll) ?? 0 },
  };
}

/** Narrows `human.detect()`'s result. Throws with Human's own message when it reports an error. */
export function parseHumanResult(result: unknown): RawFace[] {
  if (!isRecord(result)) throw new Error('the face detector returned no result');
  if (typeof result.error === 'string' && result.error) throw new Error(result.error);
  const faces = Array.isArray(result.face) ? result.face : [];
  return faces.map(parseHumanFace).filter((f): f is RawFace => f !== undefined);
}

/** The part of a Human instance both builds (node-wasm, browser ESM) rely on, narrowed from its loose types. */
export interface HumanCore<Tf extends { readonly version_core?: string; getBackend(): string }> {
  readonly version: string;
  readonly tf: Tf;
  readonly models: {
    stats(): {
      readonly percentageLoaded: number;
      readonly modelStats?: readonly { name: string; loaded: boolean; url: string }[];
    };
    loaded(): string[];
  };
  load(): Promise<void>;
  init?(): Promise<void>;
  detect(input: unknown): Promise<unknown>;
}

/** Constructs Human from its loaded module with our config; throws when the module is not what we expect. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- H names the tf surface the caller's build uses; its shape is checked below
export function newHuman<H>(mod: unknown, config: unknown, build: string): H {
  const Ctor =
    typeof mod === 'object' && mod !== null && 'Human' in mod && typeof mod.Human === 'function'
      ? (mod.Human as new (config: unknown) => unknown)
      : undefined;
  if (!Ctor) throw new Error(`${build} exports no Human class`);
  const v = new Ctor(config);
  const shaped =
    typeof v === 'object' &&
    v !== null &&
    'detect' in v &&
    typeof v.detect === 'function' &&
    'load' in v &&
    'models' in v &&
    'tf' in v;
  if (!shaped) throw new Error('unexpected Human instance');
  return v as H;
}

/**
 * Asserts that every model the tuning needs loaded and that tfjs runs on wasm (Human's load() does not
 * throw when a model is missing: vision-notes pitfall 2), and returns the detector version string that case
 * files record. `hint` says where the models and wasm should have come from.
 */
export function assertHumanReady(
  human: HumanCore<{ readonly version_core?: string; getBackend(): string }>,
  tuning: DetectorTuning,
  hint: { readonly models: string; readonly backend: string },
): string {
  const stats = human.models.stats();
  const loaded = new Set(human.models.loaded());
  const missing = REQUIRED_MODELS(tuning).filter((m) => !loaded.has(m));
  const failed = (stats.modelStats ?? []).filter((m) => !m.loaded).map((m) => `${m.name} (${m.url})`);
  if (stats.percentageLoaded !== 1 || missing.length > 0 || failed.length > 0) {
    throw new VisionError(
      'models-not-loaded',
      `face models did not load (${Math.round(stats.percentageLoaded * 100)} % loaded; missing: ${[...missing, ...failed].join(', ') || 'unknown'}); ${hint.models}`,
    );
  }
  const backend = human.tf.getBackend();
  if (backend !== 'wasm') {
    throw new VisionError(
      'models-not-loaded',
      `face detector runs on "${backend}", expected the wasm backend${hint.backend}`,
    );
  }
  return `human ${human.version}; tfjs-wasm ${human.tf.version_core ?? '?'}; blazeface+facemesh${tuning.iris ? '+iris' : ''}`;
}
