import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { PhotoSchema, type Photo } from '@liftplan/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePhoto, type AnalyzeResult, type AnalyzeSuccess } from './analyze.js';
import { decodeImage } from './decode.js';
import { FACE_LANDMARKER_TASK, FaceMeshV2Detector, VENDORED_TASK_PATH } from './index.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'test-fixtures');
const ASTRONAUT = path.join(FIXTURES, 'astronaut.png');
const EINSTEIN = path.join(FIXTURES, 'einstein.jpg');
const astronaut = readFileSync(ASTRONAUT);
const einstein = readFileSync(EINSTEIN);
/** Einstein's head (the face spans about x 353–437, y 281–380 in the 817×1024 photo). */
const EINSTEIN_HEAD = { left: 250, top: 180, width: 290, height: 300 };

let detector: FaceMeshV2Detector;
beforeAll(async () => {
  detector = await FaceMeshV2Detector.create();
});

function ok(r: AnalyzeResult): AnalyzeSuccess {
  if (!r.ok) throw new Error(`expected success, got ${r.error.message}`);
  return r;
}
const run = async (input: Buffer | string, label = 'test', face?: number): Promise<AnalyzeSuccess> =>
  ok(await analyzePhoto(input, { detector, label, ...(face !== undefined ? { face } : {}) }));
const pt = (p: Photo, i: number): [number, number, number] => {
  const q = p.landmarks.mesh[i];
  if (!q) throw new Error(`no mesh point ${i}`);
  return q;
};

describe('detector start-up', () => {
  it('loads the vendored Face Mesh V2 bundle, checks its sha256 and names itself', () => {
    expect(detector.id).toBe('mediapipe-face-mesh-v2');
    expect(detector.modelSha256).toBe(FACE_LANDMARKER_TASK.sha256);
    expect(detector.version).toMatch(
      /^face_landmarker\.task sha256:64184e229b26[0-9a-f]{52}; litertjs 2\.5\.3 wasm; bundle detector; 2 passes \+ mirror$/,
    );
    expect(createHash('sha256').update(readFileSync(VENDORED_TASK_PATH)).digest('hex')).toBe(
      FACE_LANDMARKER_TASK.sha256,
    );
  });

  it('refuses a corrupted copy of the model, naming the file, before running anything', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-model-'));
    const bad = path.join(dir, 'face_landmarker.task');
    const bytes = Buffer.from(readFileSync(VENDORED_TASK_PATH));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(bad, bytes);
    await expect(FaceMeshV2Detector.create({ modelPath: bad })).rejects.toThrow(
      new RegExp(`the face model ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is altered or corrupt`),
    );
    await expect(FaceMeshV2Detector.create({ modelPath: bad })).rejects.toMatchObject({
      code: 'models-not-loaded',
    });
    await expect(FaceMeshV2Detector.create({ modelPath: path.join(dir, 'missing.task') })).rejects.toThrow(
      /missing\.task is missing or unreadable.*git checkout/,
    );
  });
});

describe('analyzePhoto', () => {
  it('produces a case-file photo (mesh, iris, pose, detector, quality) and measurements', async () => {
    const r = await run(ASTRONAUT);
    expect(r.file).toBe('test');
    expect(() => PhotoSchema.parse(r.photo)).not.toThrow();
    const lm = r.photo.landmarks;
    expect(lm.mesh).toHaveLength(468);
    expect(lm.iris).toHaveLength(10);
    expect(lm.detector).toEqual({ id: 'mediapipe-face-mesh-v2', version: detector.version });
    expect(r.provenance).toEqual({
      detectorId: 'mediapipe-face-mesh-v2',
      detectorVersion: detector.version,
      modelSha256: FACE_LANDMARKER_TASK.sha256,
    });
    expect(r.photo.image).toMatchObject({ width: 512, height: 512 });
    expect(r.photo.image.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(lm.quality?.map((q) => q.check)).toEqual([
      'face-count',
      'face-size',
      'pose',
      'roll',
      'sharpness',
      'exposure',
      'expression',
    ]);
    for (const q of lm.quality ?? []) {
      expect(q.message.en.length).toBeGreaterThan(3);
      expect(q.message.ko).toMatch(/[가-힣]/);
    }
    expect(r.photo.view).toBe('front');
    expect(r.viewSource).toBe('classified');
    expect(r.measurements.calibration.method).toBe('iris-diameter');
    expect(r.measurements.metrics.length).toBeGreaterThan(10);
    // The astronaut is a 512-px scan: her face is too small for millimetre work, and she smiles.
    expect(lm.quality?.find((q) => q.check === 'face-size')?.status).toBe('fail');
    expect(lm.quality?.find((q) => q.check === 'expression')?.status).not.toBe('pass');
    expect(r.passed).toBe(false);
  });

  it("stores the iris in the case file's order: subject's right iris first", async () => {
    const p = (await run(ASTRONAUT)).photo;
    const iris = p.landmarks.iris ?? [];
    const d = (a: readonly number[] | undefined, b: readonly number[]) =>
      Math.hypot((a?.[0] ?? NaN) - (b[0] ?? NaN), (a?.[1] ?? NaN) - (b[1] ?? NaN));
    const rightEye = pt(p, 33);
    const leftEye = pt(p, 263);
    for (const i of [0, 1, 2, 3, 4]) expect(d(iris[i], rightEye)).toBeLessThan(d(iris[i], leftEye));
    for (const i of [5, 6, 7, 8, 9]) expect(d(iris[i], leftEye)).toBeLessThan(d(iris[i], rightEye));
  });

  it('reports landmarks in ORIGINAL pixels when the photo is shrunk for detection', async () => {
    const small = (await run(ASTRONAUT)).photo;
    const big = (await run(await sharp(astronaut).resize(2560).jpeg({ quality: 95 }).toBuffer())).photo;
    expect(big.image).toMatchObject({ width: 2560, height: 2560 });
    for (const i of [1, 33, 263, 152]) {
      expect(pt(big, i)[0] / 5).toBeCloseTo(pt(small, i)[0], -0.5);
      expect(pt(big, i)[1] / 5).toBeCloseTo(pt(small, i)[1], -0.5);
    }
  });

  it('honours the requested view and grades the pose against it', async () => {
    const r = ok(await analyzePhoto(astronaut, { detector, view: 'oblique-left' }));
    expect(r.photo.view).toBe('oblique-left');
    expect(r.viewSource).toBe('requested');
    expect(r.photo.landmarks.quality?.find((q) => q.check === 'pose')?.status).toBe('fail');
  });

  it('keeps landmarks at sub-pixel precision (no whole or half pixels)', async () => {
    const mesh = (await run(ASTRONAUT)).photo.landmarks.mesh;
    const frac = mesh.flatMap((p) => [p[0], p[1]]).map((v) => Math.abs(v * 2 - Math.round(v * 2)));
    // Truncated output (Human: whole pixels, re-centred to .5) would give 0 for every coordinate.
    expect(frac.filter((f) => f > 0.01).length / frac.length).toBeGreaterThan(0.9);
  });

  it('refuses the Einstein photo as ambiguous (a man behind him), listing both faces with their boxes', async () => {
    const r = await analyzePhoto(EINSTEIN, { detector, label: 'einstein.jpg' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ambiguous-subject');
    expect(r.error.reason).toMatch(/#1 at \(35\d, 2\d\d\) \d+×\d+ px, #2 at \(1\d\d, 6\d\d\)/);
    expect(r.error.reason).toMatch(/--face N/);
  });

  it('measures the face picked with --face N, and says so in the face-count check', async () => {
    const r = await run(EINSTEIN, 'einstein.jpg', 1);
    expect(r.detection.pass).not.toBe('full');
    expect(r.detection.candidates.map((c) => c.n)).toEqual([1, 2]);
    expect(r.detection.chosen).toMatchObject({ n: 1, byUser: true });
    expect(r.photo.landmarks.quality?.find((q) => q.check === 'face-count')).toMatchObject({
      status: 'warn',
    });
    const other = await run(EINSTEIN, 'einstein.jpg', 2);
    expect(other.detection.chosen.box.y).toBeGreaterThan(600);
    const bad = await analyzePhoto(EINSTEIN, { detector, face: 3 });
    expect(bad.ok ? '' : bad.error.reason).toMatch(/face #3 was chosen but the photo shows 2 face/);
    const [x, y] = pt(r.photo, 1);
    expect(x).toBeGreaterThan(353);
    expect(x).toBeLessThan(437);
    expect(y).toBeGreaterThan(281);
    expect(y).toBeLessThan(380);
  });
});

describe('head-pose sign conventions (HeadPoseSchema)', () => {
  it('a mirrored photo flips yaw; a face turned to its left has yaw < 0', async () => {
    const head = await sharp(einstein).extract(EINSTEIN_HEAD).png().toBuffer();
    // (The crop leaves the man behind Einstein out.)
    const a = await run(head);
    const b = await run(await sharp(head).flop().png().toBuffer());
    // Einstein's nose points to the image right (his left): yaw < 0, and his left eye is farther away.
    expect(a.photo.landmarks.pose.yawDeg).toBeLessThan(-8);
    expect(pt(a.photo, 263)[2]).toBeGreaterThan(pt(a.photo, 33)[2]);
    expect(b.photo.landmarks.pose.yawDeg).toBeGreaterThan(8);
    expect(Math.abs(a.photo.landmarks.pose.yawDeg + b.photo.landmarks.pose.yawDeg)).toBeLessThan(5);
    expect(a.photo.view).toBe('front');
  });

  it('a mirrored photo flips roll', async () => {
    const a = (await run(ASTRONAUT)).photo.landmarks.pose;
    const b = (await run(await sharp(astronaut).flop().png().toBuffer())).photo.landmarks.pose;
    expect(Math.abs(a.rollDeg + b.rollDeg)).toBeLessThan(3);
    expect(Math.abs(a.yawDeg + b.yawDeg)).toBeLessThan(3);
  });

  it('a photo rotated 20° clockwise shows about +20° of roll (and −20° the other way)', async () => {
    const base = (await run(ASTRONAUT)).photo.landmarks.pose.rollDeg;
    const cw = (await run(await sharp(astronaut).rotate(20).png().toBuffer())).photo.landmarks.pose.rollDeg;
    const ccw = (await run(await sharp(astronaut).rotate(-20).png().toBuffer())).photo.landmarks.pose.rollDeg;
    expect(cw - base).toBeGreaterThan(16);
    expect(cw - base).toBeLessThan(24);
    expect(ccw - base).toBeLessThan(-16);
    expect(ccw - base).toBeGreaterThan(-24);
  });

  it('pitch > 0 means chin up: its sign follows the mesh depth of forehead vs chin', async () => {
    const p = (await run(ASTRONAUT)).photo;
    // V2's z is smaller toward the camera; chin up moves the forehead (10) away, the chin (152) closer.
    const depth = pt(p, 10)[2] - pt(p, 152)[2];
    expect(Math.abs(p.landmarks.pose.pitchDeg)).toBeGreaterThan(3);
    expect(Math.sign(p.landmarks.pose.pitchDeg)).toBe(Math.sign(depth));
  });
});

describe('quality gate on real pixels', () => {
  it('flags a blurred photo and an overexposed one', async () => {
    const blur = (await run(await sharp(astronaut).blur(3).png().toBuffer())).photo.landmarks.quality;
    expect(blur?.find((q) => q.check === 'sharpness')?.status).toBe('fail');
    const bright = (await run(await sharp(astronaut).linear(1.8, 40).png().toBuffer())).photo.landmarks
      .quality;
    expect(bright?.find((q) => q.check === 'exposure')?.status).toBe('fail');
  });
});

describe('bad input in a batch: clear errors naming the file, the rest still processed', () => {
  it('handles each bad file and keeps going', async () => {
    const jpeg = await sharp(astronaut).jpeg().toBuffer();
    const twoFaces = await sharp({ create: { width: 1024, height: 512, channels: 3, background: '#000' } })
      .composite([
        { input: astronaut, left: 0, top: 0 },
        { input: await sharp(astronaut).flop().png().toBuffer(), left: 512, top: 0 },
      ])
      .png()
      .toBuffer();
    const noFace = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#6a8caf' } })
      .png()
      .toBuffer();
    const inputs: [string, Buffer | string][] = [
      ['empty.jpg', Buffer.alloc(0)],
      ['notes.txt', Buffer.from('not an image\n')],
      ['truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2))],
      ['two-faces.png', twoFaces],
      ['wall.png', noFace],
      ['missing.jpg', path.join(FIXTURES, 'missing.jpg')],
      ['good.png', astronaut],
    ];
    const results: AnalyzeResult[] = [];
    for (const [label, input] of inputs) results.push(await analyzePhoto(input, { detector, label }));
    const byFile = Object.fromEntries(results.map((r) => [r.file, r.ok ? 'ok' : r.error.code]));
    expect(byFile).toEqual({
      'empty.jpg': 'empty-file',
      'notes.txt': 'not-an-image',
      'truncated.jpg': 'truncated',
      'two-faces.png': 'ambiguous-subject',
      'wall.png': 'no-face',
      'missing.jpg': 'read-failed',
      'good.png': 'ok',
    });
    for (const r of results) {
      if (!r.ok) {
        expect(r.error.message.startsWith(`${r.file}: `)).toBe(true);
        expect(r.error.message).not.toMatch(/\n\s+at /);
      }
    }
  });

  it('decodes before detecting: a decode error costs no detection', async () => {
    await expect(decodeImage(Buffer.alloc(0))).rejects.toThrow(/empty/);
  });
});
