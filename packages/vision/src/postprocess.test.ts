/**
 * The post-processing shared by Node and the browser (human-adapter -> locate -> face crop -> quality ->
 * Photo), on synthetic data: a face mesh projected from the canonical MediaPipe face, dressed up as Human's
 * raw output, and synthetic rasters in RGB (sharp) and RGBA (canvas ImageData) layout.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PhotoSchema, syntheticFace, type Point3 } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { VisionError } from './errors.js';
import { parseHumanResult, type RawFace } from './human-adapter.js';
import { locateFaces, type FaceSource } from './locate.js';
import { buildPhoto, faceCrop } from './postprocess.js';
import { QUALITY } from './quality.js';
import { lumaResample, type PixelRaster, type Rect } from './raster.js';

const W = 1000;
const H = 1250;
const face = syntheticFace({ iris: true });
const iris = face.iris ?? [];

/** Human's raw face: whole-pixel (truncated) coordinates, its iris order (subject's LEFT iris first). */
function humanFace(dx = 0, scale = 1): Record<string, unknown> {
  const raw = (p: Point3): number[] => [
    Math.round((p[0] + dx) / scale),
    Math.round(p[1] / scale),
    Math.round(p[2]),
  ];
  const points = [...face.mesh, ...iris.slice(5), ...iris.slice(0, 5)].map(raw);
  const xs = face.mesh.map((p) => (p[0] + dx) / scale);
  const ys = face.mesh.map((p) => p[1] / scale);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return {
    box: [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0],
    score: 0.95,
    boxScore: 0.9,
    faceScore: 0.99,
    mesh: points,
    rotation: { angle: { yaw: 0.05, pitch: -0.1, roll: 0.02 } },
  };
}

function source(faces: RawFace[], regions: Rect[] = []): FaceSource {
  return {
    originalWidth: W,
    originalHeight: H,
    rasterWidth: W,
    rasterHeight: H,
    detectFull: () => Promise.resolve(faces),
    detectRegion: (rect) => {
      regions.push(rect);
      return Promise.resolve({ faces: [], rect, scale: 1 });
    },
  };
}

/** A textured grey raster (fine detail, like skin and lashes) in RGB or RGBA layout. */
function raster(channels: 3 | 4, f: (x: number, y: number) => number): PixelRaster {
  const data = new Uint8Array(W * H * channels);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = f(x, y);
      const i = (y * W + x) * channels;
      data[i] = v;
      data[i + 1] = v;
      data[i + 2] = v;
      if (channels === 4) data[i + 3] = 255;
    }
  }
  return { data, width: W, height: H, channels };
}
const texture = (x: number, y: number): number =>
  128 + Math.round(40 * Math.sin(x * 1.3) * Math.cos(y * 0.9));

describe('shared post-processing (Node and browser)', () => {
  it('narrows Human output, re-orders the iris and maps to 0-based pixel centres of the original', async () => {
    const faces = parseHumanResult({ face: [humanFace()] });
    const regions: Rect[] = [];
    const located = await locateFaces(source(faces, regions));
    expect(located.pass).toBe('full');
    expect(regions).toEqual([]);
    const subject = located.faces[0];
    if (!subject) throw new Error('no subject');
    expect(subject.mesh).toHaveLength(468);
    subject.mesh.forEach((p, i) => {
      const q = face.mesh[i] ?? [0, 0, 0];
      expect(Math.abs(p[0] - q[0])).toBeLessThanOrEqual(0.5);
      expect(Math.abs(p[1] - q[1])).toBeLessThanOrEqual(0.5);
    });
    // The case file's iris order: subject's right iris first.
    expect(subject.iris?.[0]?.[0]).toBeCloseTo(Math.round(iris[0]?.[0] ?? NaN), 0);
    expect(subject.iris?.[5]?.[0]).toBeCloseTo(Math.round(iris[5]?.[0] ?? NaN), 0);
  });

  it('maps a face found on a downscaled raster back to original pixels', async () => {
    const faces = parseHumanResult({ face: [humanFace(0, 2)] });
    const located = await locateFaces({ ...source(faces), rasterWidth: W / 2, rasterHeight: H / 2 });
    const p = located.faces[0]?.mesh[1] ?? [0, 0, 0];
    const q = face.mesh[1] ?? [0, 0, 0];
    expect(Math.abs(p[0] - q[0])).toBeLessThanOrEqual(1.5);
    expect(Math.abs(p[1] - q[1])).toBeLessThanOrEqual(1.5);
  });

  it('searches 9 tiles when the whole photo shows no face, then reports no-face', async () => {
    const regions: Rect[] = [];
    const located = await locateFaces(source([], regions));
    expect(regions).toHaveLength(9);
    expect(located).toEqual({ faces: [], pass: 'tiles' });
    expect(() =>
      buildPhoto({
        located,
        crop: { data: new Uint8Array(4), width: 2, height: 2 },
        width: W,
        height: H,
        detector: { id: 't', version: '1' },
      }),
    ).toThrow(VisionError);
  });

  it('gives the same face crop from RGB (sharp) and RGBA (canvas ImageData) pixels', async () => {
    const located = await locateFaces(source(parseHumanResult({ face: [humanFace()] })));
    const box = located.faces[0]?.box;
    if (!box) throw new Error('no box');
    const rgb = faceCrop(raster(3, texture), 1, 1, box);
    const rgba = faceCrop(raster(4, texture), 1, 1, box);
    expect(rgb.width).toBe(QUALITY.sharpnessCropWidth);
    expect(rgba.data).toEqual(rgb.data);
    // The resampler keeps a flat image flat.
    const flat = lumaResample(
      raster(4, () => 90),
      { x: 10, y: 10, width: 500, height: 400 },
      256,
      205,
    );
    expect(new Set(flat.data)).toEqual(new Set([90]));
  });

  it('builds a valid case-file Photo with every quality check and the measurements', async () => {
    const located = await locateFaces(source(parseHumanResult({ face: [humanFace()] })));
    const box = located.faces[0]?.box;
    if (!box) throw new Error('no box');
    const sharp = buildPhoto({
      located,
      crop: faceCrop(raster(4, texture), 1, 1, box),
      width: W,
      height: H,
      detector: { id: 'human-facemesh', version: 'test' },
      sha256: 'a'.repeat(64),
    });
    expect(() => PhotoSchema.parse(sharp.photo)).not.toThrow();
    expect(sharp.photo.view).toBe('front');
    expect(sharp.viewSource).toBe('classified');
    expect(sharp.photo.landmarks.pose).toEqual({ yawDeg: 2.9, pitchDeg: 5.7, rollDeg: 1.1 });
    expect(sharp.photo.landmarks.quality?.map((q) => [q.check, q.status])).toEqual([
      ['face-count', 'pass'],
      ['face-size', 'pass'],
      ['pose', 'pass'],
      ['roll', 'pass'],
      ['sharpness', 'pass'],
      ['exposure', 'pass'],
      ['expression', 'pass'],
    ]);
    expect(sharp.passed).toBe(true);
    expect(sharp.measurements.view).toBe('front');
    // A featureless (out-of-focus) face fails sharpness; a requested view is kept.
    const blurred = buildPhoto({
      located,
      crop: faceCrop(
        raster(3, () => 120),
        1,
        1,
        box,
      ),
      width: W,
      height: H,
      detector: { id: 'human-facemesh', version: 'test' },
      view: 'front',
    });
    expect(blurred.photo.landmarks.quality?.find((q) => q.check === 'sharpness')?.status).toBe('fail');
    expect(blurred.passed).toBe(false);
    expect(blurred.viewSource).toBe('requested');
  });

  it('refuses two faces of similar size (ambiguous subject)', async () => {
    const located = await locateFaces(source(parseHumanResult({ face: [humanFace(), humanFace(-20)] })));
    expect(() =>
      buildPhoto({
        located,
        crop: { data: new Uint8Array(4), width: 2, height: 2 },
        width: W,
        height: H,
        detector: { id: 't', version: '1' },
      }),
    ).toThrow(
      /2 faces, the second 100 % of the largest's width: cannot tell which is the patient\. Faces: #1 at/,
    );
  });
});

describe('browser entry', () => {
  it('is exported as @liftplan/vision/browser and imports nothing Node-only', async () => {
    const mod = await import('@liftplan/vision/browser');
    expect(typeof mod.BrowserFaceAnalyzer.create).toBe('function');
    // Walk the relative import graph from browser.ts: no node:*, sharp, heic-decode, or Node-side modules.
    const seen = new Set<string>();
    const specifiers: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)) {
        const spec = m[1] ?? m[2] ?? '';
        specifiers.push(spec);
        if (spec.startsWith('.')) visit(path.join(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      }
    };
    visit(path.join(import.meta.dirname, 'browser.ts'));
    const files = [...seen].map((f) => path.basename(f)).sort();
    expect(files).toEqual(
      [
        'blazeface.ts',
        'blendshapes.ts',
        'browser.ts',
        'errors.ts',
        'human-adapter.ts',
        'litert.ts',
        'locate-v2.ts',
        'locate.ts',
        'mesh-v2.ts',
        'models.ts',
        'pose.ts', // ./pose.ts (Human's angles) and ./v2/pose.ts (pose from the V2 mesh)
        'pose.ts',
        'postprocess.ts',
        'quality.ts',
        'raster.ts',
        'sticker.ts',
        'view.ts',
        'warp.ts',
      ].sort(),
    );
    // No Human in the browser any more: Face Mesh V2 on LiteRT.js (fflate unzips the bundle).
    const external = [...new Set(specifiers.filter((s) => !s.startsWith('.')))].sort();
    expect(external).toEqual(['@liftplan/domain', '@litertjs/core', 'fflate']);
  });
});
