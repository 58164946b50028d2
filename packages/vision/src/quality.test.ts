import { syntheticFace, type HeadPose } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { poseFromHuman } from './pose.js';
import { BLENDSHAPE_NAMES, type Blendshapes } from './v2/blendshapes.js';
import {
  AMBIGUOUS_FACE_WIDTH_FRACTION,
  checkExposure,
  checkExpression,
  checkExpressionScores,
  EXPRESSION_THRESHOLDS,
  checkFaceCount,
  checkFaceSize,
  checkPose,
  checkRoll,
  checkSharpness,
  laplacianVariance,
  QUALITY,
  type GrayImage,
} from './quality.js';
import { classifyView, VIEW_YAW } from './view.js';

const pose = (yawDeg: number, pitchDeg = 0, rollDeg = 0): HeadPose => ({ yawDeg, pitchDeg, rollDeg });

function gray(width: number, height: number, f: (x: number, y: number) => number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { data, width, height };
}

describe('view classification', () => {
  it('maps yaw to views with the case-file sign (yaw > 0 shows the left side)', () => {
    expect(classifyView(0)).toBe('front');
    expect(classifyView(-15)).toBe('front');
    expect(classifyView(40)).toBe('oblique-left');
    expect(classifyView(-50)).toBe('oblique-right');
    expect(classifyView(85)).toBe('profile-left');
    expect(classifyView(-80)).toBe('profile-right');
    for (const [view, t] of Object.entries(VIEW_YAW)) expect(classifyView(t.targetDeg)).toBe(view);
  });

  it('converts Human radians to degrees with pitch flipped (Human: chin down > 0)', () => {
    expect(poseFromHuman({ yaw: Math.PI / 4, pitch: 0.1, roll: -Math.PI / 9 })).toEqual({
      yawDeg: 45,
      pitchDeg: -5.7,
      rollDeg: -20,
    });
  });
});

describe('quality checks', () => {
  it('face count: one face passes, a second face ≥ 0.4 of the width fails, 0.25–0.4 warns, smaller passes', () => {
    expect(AMBIGUOUS_FACE_WIDTH_FRACTION).toBe(0.4);
    expect(checkFaceCount([{ width: 100, height: 100 }]).status).toBe('pass');
    expect(
      checkFaceCount([
        { width: 100, height: 100 },
        { width: 90, height: 90 },
      ]).status,
    ).toBe('fail');
    expect(
      checkFaceCount([
        { width: 100, height: 100 },
        { width: 41, height: 41 },
      ]).status,
    ).toBe('fail');
    expect(
      checkFaceCount([
        { width: 100, height: 100 },
        { width: 30, height: 30 },
      ]).status,
    ).toBe('warn');
    expect(
      checkFaceCount([
        { width: 100, height: 100 },
        { width: 20, height: 20 },
      ]).status,
    ).toBe('pass');
    expect(checkFaceCount([]).status).toBe('fail');
  });

  it('expression from the expression model: named thresholds per expression, a neutral face passes', () => {
    const neutral = Object.fromEntries(BLENDSHAPE_NAMES.map((n) => [n, 0.02])) as Blendshapes;
    expect(checkExpressionScores(neutral).status).toBe('pass');
    const smile = { ...neutral, mouthSmileLeft: EXPRESSION_THRESHOLDS.smile.fail + 0.05 };
    const r = checkExpressionScores(smile);
    expect(r.status).toBe('fail');
    expect(r.message.en).toMatch(/^smiling \(score 0\.55\)/);
    expect(r.message.ko).toMatch(/미소/);
    const brow = { ...neutral, browInnerUp: EXPRESSION_THRESHOLDS['brow-raise'].warn + 0.01 };
    expect(checkExpressionScores(brow).status).toBe('warn');
    const open = { ...neutral, jawOpen: 0.9, eyeSquintLeft: 0.9 };
    expect(checkExpressionScores(open).message.en).toMatch(/mouth open .* and eyes squinted/);
  });

  it('face size from the outer-canthal distance in pixels', () => {
    expect(checkFaceSize(syntheticFace({ pxPerMm: 4 }).mesh).status).toBe('pass');
    expect(checkFaceSize(syntheticFace({ pxPerMm: 1.5 }).mesh).status).toBe('warn');
    expect(checkFaceSize(syntheticFace({ pxPerMm: 0.5 }).mesh).status).toBe('fail');
  });

  it('pose against the requested view, with a fix in both languages', () => {
    expect(checkPose(pose(3), 'front').status).toBe('pass');
    expect(checkPose(pose(15), 'front').status).toBe('warn');
    const bad = checkPose(pose(40), 'front');
    expect(bad.status).toBe('fail');
    expect(bad.message.en).toMatch(/turn the head toward their left/);
    expect(bad.message.ko).toMatch(/왼쪽/);
    expect(checkPose(pose(40), 'oblique-left').status).toBe('pass');
    expect(checkPose(pose(-45), 'oblique-left').status).toBe('fail');
    expect(checkPose(pose(0, 25), 'front').message.en).toMatch(/lower the chin/);
  });

  it('roll', () => {
    expect(checkRoll(pose(0, 0, 2)).status).toBe('pass');
    expect(checkRoll(pose(0, 0, -8)).status).toBe('warn');
    const r = checkRoll(pose(0, 0, 20));
    expect(r.status).toBe('fail');
    expect(r.message.en).toMatch(/clockwise/);
    expect(r.message.ko).toMatch(/시계 방향/);
  });

  it('sharpness: Laplacian variance separates texture from a flat or smooth crop', () => {
    const noise = gray(256, 256, (x, y) => ((x * 7919 + y * 104729) % 97) + 80);
    const smooth = gray(256, 256, (x) => Math.round(100 + x / 4));
    expect(laplacianVariance(smooth)).toBeLessThan(1);
    expect(checkSharpness(noise).status).toBe('pass');
    const blurred = checkSharpness(smooth);
    expect(blurred.status).toBe('fail');
    expect(blurred.message.en).toMatch(/blurred/);
  });

  it('exposure: clipped highlights or shadows', () => {
    expect(checkExposure(gray(100, 100, () => 128)).status).toBe('pass');
    const blown = checkExposure(gray(100, 100, (x) => (x < 30 ? 255 : 128)));
    expect(blown.status).toBe('fail');
    expect(blown.message.en).toMatch(/blown out/);
    expect(checkExposure(gray(100, 100, (x) => (x < 5 ? 0 : 128))).status).toBe('warn');
  });

  it('expression: a neutral face passes; an open mouth or a smile is flagged', () => {
    const neutral = syntheticFace({ pxPerMm: 4, centre: [500, 500] });
    expect(checkExpression(neutral.mesh).status).toBe('pass');
    // Open the mouth: move the lower inner lip and the lower lip down by 8 mm.
    const open = syntheticFace({
      pxPerMm: 4,
      centre: [500, 500],
      displace: new Map([
        [14, [0, -8, 0] as const],
        [17, [0, -8, 0] as const],
      ]),
    });
    const o = checkExpression(open.mesh);
    expect(o.status).toBe('fail');
    expect(o.message.en).toMatch(/mouth open/);
    // A smile: lift both mouth corners (7 mm: a slight smile; 14 mm: a broad one).
    const smile = (mm: number) =>
      syntheticFace({
        pxPerMm: 4,
        centre: [500, 500],
        displace: new Map([
          [61, [0, mm, 0] as const],
          [291, [0, mm, 0] as const],
        ]),
      });
    expect(checkExpression(smile(7).mesh).status).toBe('warn');
    const s = checkExpression(smile(14).mesh);
    expect(s.status).toBe('fail');
    expect(s.message.en).toMatch(/smiling/);
    // Roll does not change the verdict.
    expect(checkExpression(syntheticFace({ pxPerMm: 4, centre: [500, 500], rollDeg: 20 }).mesh).status).toBe(
      'pass',
    );
  });

  it('every threshold is a named constant', () => {
    expect(QUALITY.secondFaceFailAreaRatio).toBeGreaterThan(QUALITY.secondFaceWarnAreaRatio);
    expect(QUALITY.sharpnessWarnVar).toBeGreaterThan(QUALITY.sharpnessFailVar);
  });
});
