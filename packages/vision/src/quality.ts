/**
 * The per-photo quality gate: pure functions (no I/O, no Node), shared with the browser. Each check returns
 * pass / warn / fail with a message in English and Korean that says what to fix.
 */
import { PAIRED, MESH, type HeadPose, type Point3, type QualityCheck, type View } from '@liftplan/domain';
import type { GrayImage } from './raster.js';
import type { BlendshapeName, Blendshapes } from './v2/blendshapes.js';
import { VIEW_YAW } from './view.js';

/** Korean names of the standard views (glossary: 정면, 사선, 측면), for the gate's Korean messages. */
const VIEW_KO: Record<View, string> = {
  front: '정면',
  'oblique-left': '왼쪽 사선(45°)',
  'oblique-right': '오른쪽 사선(45°)',
  'profile-left': '왼쪽 측면(90°)',
  'profile-right': '오른쪽 측면(90°)',
};

export type { GrayImage } from './raster.js';

type Status = QualityCheck['status'];
const msg = (en: string, ko: string): QualityCheck['message'] => ({ en, ko });
const r1 = (v: number): number => Math.round(v * 10) / 10;
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * A second face at least this fraction of the subject's WIDTH makes the photo ambiguous (the issue asks for "a
 * small fraction"). Apparent size falls with distance, so 0.4 means someone within 2.5× the patient's
 * distance from the camera: a companion beside or just behind the patient, a reflection, a face on a screen
 * or poster. Such a face is large and sharp enough that it could be the one meant, and a measurement of the
 * wrong person must never happen silently. Einstein's portrait (test-fixtures) is the case in point: a man
 * behind him reads at 0.54 of his width. Smaller faces (people across the room) only warn. Above the
 * threshold the subject must be picked explicitly (`--face N`, the web's face chooser).
 */
export const AMBIGUOUS_FACE_WIDTH_FRACTION = 0.4;
/** A second face from this fraction of the subject's width up is mentioned (warning): someone else is in the frame. */
export const OTHER_FACE_WARN_WIDTH_FRACTION = 0.25;

export const QUALITY = {
  /** A second face with at least this fraction of the subject's box area makes the subject ambiguous. */
  secondFaceFailAreaRatio: AMBIGUOUS_FACE_WIDTH_FRACTION ** 2,
  /** A second face above this fraction is worth a warning (someone else in the frame). */
  secondFaceWarnAreaRatio: OTHER_FACE_WARN_WIDTH_FRACTION ** 2,
  /** Outer-canthal distance (px) below which 1 px ≈ 1 mm: too coarse for 2–3 mm thread-lift effects. */
  faceSizeFailCanthalPx: 90,
  /** Below this 1 px is more than ≈ 0.5 mm: measurable, but move closer or use the full-resolution file. */
  faceSizeWarnCanthalPx: 200,
  /** Pitch (deg) within which the Frankfort plane is close enough to horizontal for vertical metrics. */
  pitchPassDeg: 10,
  pitchWarnDeg: 20,
  /** Roll (deg): the face frame removes roll, but large tilts mix with neck posture and uneven light. */
  rollPassDeg: 5,
  rollWarnDeg: 12,
  /** Width (px) the face crop is resampled to before the Laplacian, so sharpness does not depend on size. */
  sharpnessCropWidth: 256,
  /** Laplacian variance on that crop: below fail the pores and lid margins are gone (motion or focus). */
  sharpnessFailVar: 10,
  sharpnessWarnVar: 40,
  /** Luminance at or beyond which a pixel is clipped (8-bit). */
  clipLow: 5,
  clipHigh: 250,
  /** Fraction of clipped face pixels: a few specular highlights are normal, large areas hide contours. */
  clipWarnFraction: 0.02,
  clipFailFraction: 0.1,
  /**
   * Inner-lip gap over mouth width. The mesh's mean face already parts the lips by 0.11, so relaxed lips
   * read up to about that; beyond it (≈ 6 mm on a 50 mm mouth) the jaw drops and moves the commissures.
   */
  mouthOpenWarnRatio: 0.13,
  mouthOpenFailRatio: 0.2,
  /** Commissure elevation above the lip centre, over mouth width: a smile lifts the corners. */
  smileWarnRatio: 0.1,
  smileFailRatio: 0.2,
} as const;

const worst = (a: Status, b: Status): Status =>
  a === 'fail' || b === 'fail' ? 'fail' : a === 'warn' || b === 'warn' ? 'warn' : 'pass';
const grade = (v: number, warnAt: number, failAt: number): Status =>
  v > failAt ? 'fail' : v > warnAt ? 'warn' : 'pass';

export interface Box {
  readonly width: number;
  readonly height: number;
}

/** Exactly one dominant face: `boxes` are all faces found, largest first. */
export function checkFaceCount(boxes: readonly Box[]): QualityCheck {
  const [first, second] = boxes;
  if (!first) {
    return {
      check: 'face-count',
      status: 'fail',
      value: 0,
      message: msg(
        'No face found: photograph the patient facing the camera, face unobstructed.',
        '얼굴을 찾지 못했습니다. 얼굴이 가려지지 않게 카메라를 향해 촬영하세요.',
      ),
    };
  }
  if (!second) {
    return { check: 'face-count', status: 'pass', value: 1, message: msg('One face.', '얼굴 1개.') };
  }
  const ratio = (second.width * second.height) / (first.width * first.height);
  const status = grade(ratio, QUALITY.secondFaceWarnAreaRatio, QUALITY.secondFaceFailAreaRatio);
  const n = boxes.length;
  return {
    check: 'face-count',
    status,
    value: r3(ratio),
    message:
      status === 'fail'
        ? msg(
            `${n} faces of similar size: the patient cannot be told apart. Photograph the patient alone.`,
            `비슷한 크기의 얼굴이 ${n}개 있어 환자를 구분할 수 없습니다. 환자만 단독으로 촬영하세요.`,
          )
        : status === 'warn'
          ? msg(
              `${n} faces; the largest is taken as the patient. Photograph the patient alone.`,
              `얼굴이 ${n}개입니다. 가장 큰 얼굴을 환자로 간주했습니다. 환자만 단독으로 촬영하세요.`,
            )
          : msg(`${n} faces; the others are small and ignored.`, `얼굴 ${n}개, 작은 얼굴은 무시했습니다.`),
  };
}

/** Several faces, the patient picked by the user: a warning that says so (never a silent choice). */
function chosenFaceCount(boxes: readonly Box[]): QualityCheck {
  const n = boxes.length;
  if (n <= 1) return checkFaceCount(boxes);
  return {
    check: 'face-count',
    status: 'warn',
    value: n,
    message: msg(
      `${n} faces; the patient was picked by the user. Photograph the patient alone when you can.`,
      `얼굴이 ${n}개입니다. 사용자가 환자를 선택했습니다. 가능하면 환자만 단독으로 촬영하세요.`,
    ),
  };
}

const dist2 = (a: Point3 | undefined, b: Point3 | undefined): number =>
  a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 0;

/** Face size in pixels of the original image, as the outer-canthal distance. */
export function checkFaceSize(mesh: readonly Point3[]): QualityCheck {
  const d = dist2(mesh[PAIRED.outerCanthus.right], mesh[PAIRED.outerCanthus.left]);
  const status: Status =
    d < QUALITY.faceSizeFailCanthalPx ? 'fail' : d < QUALITY.faceSizeWarnCanthalPx ? 'warn' : 'pass';
  return {
    check: 'face-size',
    status,
    value: r1(d),
    message:
      status === 'pass'
        ? msg(
            `Face large enough (eye corners ${Math.round(d)} px apart).`,
            `얼굴 크기 충분 (눈꼬리 사이 ${Math.round(d)} px).`,
          )
        : msg(
            `Face too small (eye corners ${Math.round(d)} px apart, want ≥ ${QUALITY.faceSizeWarnCanthalPx}): move closer or send the full-resolution photo.`,
            `얼굴이 너무 작습니다 (눈꼬리 사이 ${Math.round(d)} px, ${QUALITY.faceSizeWarnCanthalPx} px 이상 필요). 더 가까이서 촬영하거나 원본 해상도 사진을 사용하세요.`,
          ),
  };
}

/** Yaw against the requested view's tolerance, and pitch. */
export function checkPose(pose: HeadPose, view: View): QualityCheck {
  const tol = VIEW_YAW[view];
  const yawOff = pose.yawDeg - tol.targetDeg;
  const yawStatus = grade(Math.abs(yawOff), tol.passDeg, tol.warnDeg);
  const pitchStatus = grade(Math.abs(pose.pitchDeg), QUALITY.pitchPassDeg, QUALITY.pitchWarnDeg);
  const status = worst(yawStatus, pitchStatus);
  if (status === 'pass') {
    return {
      check: 'pose',
      status,
      value: r1(yawOff),
      message: msg(`Head pose fits the ${view} view.`, `머리 방향이 ${VIEW_KO[view]} 촬영에 맞습니다.`),
    };
  }
  const fixes: { en: string; ko: string }[] = [];
  if (yawStatus !== 'pass') {
    // yaw too high = turned too far toward the subject's right.
    const toward = yawOff > 0 ? 'left' : 'right';
    fixes.push({
      en: `yaw ${r1(pose.yawDeg)}° is ${r1(Math.abs(yawOff))}° off the ${view} target (${tol.targetDeg}° ± ${tol.passDeg}°): ask the patient to turn the head toward their ${toward}`,
      ko: `좌우 회전 ${r1(pose.yawDeg)}°가 ${VIEW_KO[view]} 기준(${tol.targetDeg}° ± ${tol.passDeg}°)에서 ${r1(Math.abs(yawOff))}° 벗어났습니다. 환자에게 고개를 환자 기준 ${toward === 'left' ? '왼쪽' : '오른쪽'}으로 돌리도록 하세요`,
    });
  }
  if (pitchStatus !== 'pass') {
    const up = pose.pitchDeg > 0;
    fixes.push({
      en: `pitch ${r1(pose.pitchDeg)}° (want within ±${QUALITY.pitchPassDeg}°): ${up ? 'lower the chin' : 'raise the chin'} to a level (Frankfort-horizontal) head position`,
      ko: `상하 기울기 ${r1(pose.pitchDeg)}° (±${QUALITY.pitchPassDeg}° 이내 권장): ${up ? '턱을 내려' : '턱을 들어'} 프랑크푸르트 수평면에 맞추세요`,
    });
  }
  return {
    check: 'pose',
    status,
    value: r1(yawOff),
    message: msg(fixes.map((f) => f.en).join('; ') + '.', fixes.map((f) => f.ko).join('; ') + '.'),
  };
}

export function checkRoll(pose: HeadPose): QualityCheck {
  const a = Math.abs(pose.rollDeg);
  const status = grade(a, QUALITY.rollPassDeg, QUALITY.rollWarnDeg);
  const dir = pose.rollDeg > 0 ? 'clockwise' : 'counter-clockwise';
  return {
    check: 'roll',
    status,
    value: r1(pose.rollDeg),
    message:
      status === 'pass'
        ? msg(`Head level (roll ${r1(pose.rollDeg)}°).`, `머리가 수평입니다 (기울기 ${r1(pose.rollDeg)}°).`)
        : msg(
            `Head tilted ${r1(a)}° ${dir} in the image (want within ±${QUALITY.rollPassDeg}°): straighten the head and hold the camera level.`,
            `머리가 사진에서 ${r1(a)}° ${pose.rollDeg > 0 ? '시계 방향' : '반시계 방향'}으로 기울었습니다 (±${QUALITY.rollPassDeg}° 이내 권장). 머리를 바로 하고 카메라를 수평으로 유지하세요.`,
          ),
  };
}

/** Variance of the 4-neighbour Laplacian over the interior pixels. */
export function laplacianVariance(img: GrayImage): number {
  const { data, width: w, height: h } = img;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const v =
        4 * (data[i] ?? 0) -
        (data[i - 1] ?? 0) -
        (data[i + 1] ?? 0) -
        (data[i - w] ?? 0) -
        (data[i + w] ?? 0);
      sum += v;
      sumSq += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Sharpness on the face crop (already resampled to `QUALITY.sharpnessCropWidth` px wide). */
export function checkSharpness(faceCrop: GrayImage): QualityCheck {
  const v = laplacianVariance(faceCrop);
  const status: Status =
    v < QUALITY.sharpnessFailVar ? 'fail' : v < QUALITY.sharpnessWarnVar ? 'warn' : 'pass';
  return {
    check: 'sharpness',
    status,
    value: r1(v),
    message:
      status === 'pass'
        ? msg('Face in focus.', '얼굴 초점이 맞습니다.')
        : msg(
            `Face blurred (Laplacian variance ${r1(v)}, want ≥ ${QUALITY.sharpnessWarnVar}): focus on the eyes, hold still, use more light or a faster shutter.`,
            `얼굴이 흐립니다 (라플라시안 분산 ${r1(v)}, ${QUALITY.sharpnessWarnVar} 이상 필요). 눈에 초점을 맞추고 흔들리지 않게 하며, 조명을 밝게 하거나 셔터 속도를 높이세요.`,
          ),
  };
}

/** Clipped highlights and shadows on the face crop. */
export function checkExposure(faceCrop: GrayImage): QualityCheck {
  let low = 0;
  let high = 0;
  for (const v of faceCrop.data) {
    if (v <= QUALITY.clipLow) low++;
    else if (v >= QUALITY.clipHigh) high++;
  }
  const n = Math.max(1, faceCrop.data.length);
  const fLow = low / n;
  const fHigh = high / n;
  const f = Math.max(fLow, fHigh);
  const status = grade(f, QUALITY.clipWarnFraction, QUALITY.clipFailFraction);
  const pct = (x: number): string => (x * 100).toFixed(1);
  return {
    check: 'exposure',
    status,
    value: r3(f),
    message:
      status === 'pass'
        ? msg('Exposure fine.', '노출 적정.')
        : fHigh >= fLow
          ? msg(
              `${pct(fHigh)} % of the face is blown out (white): reduce the flash or exposure, avoid direct light.`,
              `얼굴의 ${pct(fHigh)}%가 하얗게 날아갔습니다. 플래시나 노출을 줄이고 직사광을 피하세요.`,
            )
          : msg(
              `${pct(fLow)} % of the face is black (underexposed): add even, frontal light or raise the exposure.`,
              `얼굴의 ${pct(fLow)}%가 검게 뭉갰습니다 (노출 부족). 정면에서 고른 조명을 더하거나 노출을 올리세요.`,
            ),
  };
}

export interface ExpressionMeasures {
  /** Inner-lip gap over mouth width. */
  readonly mouthOpen: number;
  /** Mean commissure elevation above the inner-lip centre, over mouth width (positive = corners up). */
  readonly cornerLift: number;
}

/** Mouth opening and corner lift in the face's own axes (eye line = horizontal), so roll does not matter. */
export function expressionMeasures(mesh: readonly Point3[]): ExpressionMeasures {
  const p = (i: number): [number, number] => {
    const q = mesh[i];
    return q ? [q[0], q[1]] : [0, 0];
  };
  const er = p(PAIRED.outerCanthus.right);
  const el = p(PAIRED.outerCanthus.left);
  const ex = el[0] - er[0];
  const ey = el[1] - er[1];
  const en = Math.hypot(ex, ey) || 1;
  // Lateral axis along the eyes; "up" perpendicular to it, pointing to the forehead (image y is down).
  const lat: [number, number] = [ex / en, ey / en];
  let up: [number, number] = [lat[1], -lat[0]];
  const fh = p(MESH.foreheadTop);
  const ch = p(MESH.menton);
  if ((fh[0] - ch[0]) * up[0] + (fh[1] - ch[1]) * up[1] < 0) up = [-up[0], -up[1]];
  const cr = p(PAIRED.mouthCorner.right);
  const cl = p(PAIRED.mouthCorner.left);
  const ui = p(MESH.upperLipInner);
  const li = p(MESH.lowerLipInner);
  const width = Math.hypot(cl[0] - cr[0], cl[1] - cr[1]) || 1;
  const gap = Math.abs((ui[0] - li[0]) * up[0] + (ui[1] - li[1]) * up[1]);
  const centre: [number, number] = [(ui[0] + li[0]) / 2, (ui[1] + li[1]) / 2];
  const lift = (c: [number, number]): number => (c[0] - centre[0]) * up[0] + (c[1] - centre[1]) * up[1];
  return { mouthOpen: gap / width, cornerLift: (lift(cr) + lift(cl)) / 2 / width };
}

/** Neutral expression: lips together and mouth corners not lifted by a smile. */
export function checkExpression(mesh: readonly Point3[]): QualityCheck {
  const m = expressionMeasures(mesh);
  const open = grade(m.mouthOpen, QUALITY.mouthOpenWarnRatio, QUALITY.mouthOpenFailRatio);
  const smile = grade(m.cornerLift, QUALITY.smileWarnRatio, QUALITY.smileFailRatio);
  const status = worst(open, smile);
  if (status === 'pass') {
    return {
      check: 'expression',
      status,
      value: r3(m.cornerLift),
      message: msg('Neutral expression.', '무표정 (중립 표정).'),
    };
  }
  const en: string[] = [];
  const ko: string[] = [];
  if (open !== 'pass') {
    en.push(`mouth open (lip gap ${(m.mouthOpen * 100).toFixed(0)} % of mouth width)`);
    ko.push(`입이 벌어져 있습니다 (입술 간격이 입 너비의 ${(m.mouthOpen * 100).toFixed(0)}%)`);
  }
  if (smile !== 'pass') {
    en.push(`smiling (mouth corners raised ${(m.cornerLift * 100).toFixed(0)} % of mouth width)`);
    ko.push(`미소 짓고 있습니다 (입꼬리가 입 너비의 ${(m.cornerLift * 100).toFixed(0)}%만큼 올라감)`);
  }
  return {
    check: 'expression',
    status,
    value: r3(Math.max(m.mouthOpen, m.cornerLift)),
    message: msg(
      `${en.join(' and ')}: ask for a relaxed, neutral face with lips lightly closed (expressions distort mouth-corner metrics).`,
      `${ko.join(', ')}. 입술을 가볍게 다문 편안한 무표정을 요청하세요 (표정은 입꼬리 측정을 왜곡합니다).`,
    ),
  };
}

/**
 * The expression model's scores (0–1) at which a photo stops being neutral, per expression: warn, fail.
 * liftplan-default margins: a relaxed face scores under about 0.1 on each (MediaPipe's blendshape model card
 * reports neutral-face scores near 0); the warn level is where the expression starts to move the metric it
 * touches (smile and mouth opening: commissure height and angle; brow raise: lateral brow height; squint:
 * the lower lid and malar contour), the fail level where it clearly does.
 */
export const EXPRESSION_THRESHOLDS = {
  smile: { scores: ['mouthSmileLeft', 'mouthSmileRight'], warn: 0.3, fail: 0.5 },
  'mouth-open': { scores: ['jawOpen'], warn: 0.15, fail: 0.3 },
  'brow-raise': { scores: ['browInnerUp', 'browOuterUpLeft', 'browOuterUpRight'], warn: 0.35, fail: 0.6 },
  squint: {
    scores: ['eyeSquintLeft', 'eyeSquintRight', 'cheekSquintLeft', 'cheekSquintRight'],
    warn: 0.5,
    fail: 0.7,
  },
} as const satisfies Record<string, { scores: readonly BlendshapeName[]; warn: number; fail: number }>;
export type ExpressionKind = keyof typeof EXPRESSION_THRESHOLDS;

const EXPRESSION_TEXT: Record<ExpressionKind, { en: string; ko: string }> = {
  smile: { en: 'smiling', ko: '미소 짓고 있습니다' },
  'mouth-open': { en: 'mouth open', ko: '입이 벌어져 있습니다' },
  'brow-raise': { en: 'eyebrows raised', ko: '눈썹이 올라가 있습니다' },
  squint: { en: 'eyes squinted', ko: '눈을 찡그리고 있습니다' },
};

/** Neutral expression from the expression model's scores (Face Mesh V2's blendshapes). */
export function checkExpressionScores(scores: Blendshapes): QualityCheck {
  let status: Status = 'pass';
  let worstScore = 0;
  const en: string[] = [];
  const ko: string[] = [];
  for (const [kind, t] of Object.entries(EXPRESSION_THRESHOLDS) as [
    ExpressionKind,
    (typeof EXPRESSION_THRESHOLDS)[ExpressionKind],
  ][]) {
    const v = Math.max(...t.scores.map((n) => scores[n]));
    worstScore = Math.max(worstScore, v);
    const g = grade(v, t.warn, t.fail);
    if (g !== 'pass') {
      en.push(`${EXPRESSION_TEXT[kind].en} (score ${v.toFixed(2)})`);
      ko.push(`${EXPRESSION_TEXT[kind].ko} (점수 ${v.toFixed(2)})`);
    }
    status = worst(status, g);
  }
  if (status === 'pass') {
    return {
      check: 'expression',
      status,
      value: r3(worstScore),
      message: msg('Neutral expression.', '무표정 (중립 표정).'),
    };
  }
  return {
    check: 'expression',
    status,
    value: r3(worstScore),
    message: msg(
      `${en.join(' and ')}: ask for a relaxed, neutral face with lips lightly closed (expressions distort the metrics).`,
      `${ko.join(', ')}. 입술을 가볍게 다문 편안한 무표정을 요청하세요 (표정은 측정을 왜곡합니다).`,
    ),
  };
}

export interface QualityInput {
  /** All faces, the subject first (the largest, or the one the user picked). */
  readonly faces: readonly Box[];
  /** True when the user picked the subject among several faces. */
  readonly chosenByUser?: boolean;
  /** Expression scores from the landmark model, when it has them (Face Mesh V2); else the mesh geometry. */
  readonly blendshapes?: Blendshapes;
  readonly mesh: readonly Point3[];
  readonly pose: HeadPose;
  /** The requested view, or the one classified from the pose. */
  readonly view: View;
  /** Face crop, luminance, resampled to `QUALITY.sharpnessCropWidth` px wide. */
  readonly faceCrop: GrayImage;
}

export function runQualityGate(q: QualityInput): QualityCheck[] {
  return [
    q.chosenByUser ? chosenFaceCount(q.faces) : checkFaceCount(q.faces),
    checkFaceSize(q.mesh),
    checkPose(q.pose, q.view),
    checkRoll(q.pose),
    checkSharpness(q.faceCrop),
    checkExposure(q.faceCrop),
    q.blendshapes ? checkExpressionScores(q.blendshapes) : checkExpression(q.mesh),
  ];
}

export const hasFailure = (checks: readonly QualityCheck[]): boolean =>
  checks.some((c) => c.status === 'fail');
