/**
 * Named landmarks of the 468-point MediaPipe face mesh. Indices are checked against the canonical mesh in
 * tests (side, midline, ordering), because published index lists disagree (clinical-facts §9, "VERIFY
 * indices against canonical mesh"). Left/right are the SUBJECT's sides. Nothing outside this file uses a raw
 * mesh index.
 */
import type { Side } from '../case/vocab.js';

export const MESH = {
  foreheadTop: 10,
  glabella: 9,
  nasion: 168,
  noseTip: 1,
  subnasale: 2,
  upperLipTop: 0,
  upperLipInner: 13,
  lowerLipInner: 14,
  lowerLipBottom: 17,
  menton: 152,
} as const;

/** Paired landmarks, by the subject's side. */
export const PAIRED = {
  outerCanthus: { right: 33, left: 263 },
  innerCanthus: { right: 133, left: 362 },
  upperLidMid: { right: 159, left: 386 },
  lowerLidMid: { right: 145, left: 374 },
  mouthCorner: { right: 61, left: 291 },
  zygion: { right: 234, left: 454 },
  gonion: { right: 172, left: 397 },
  mandibleAngleUpper: { right: 58, left: 288 },
  preJowl: { right: 176, left: 400 },
  parasymphysis: { right: 148, left: 377 },
  malar: { right: 50, left: 280 },
  lateralCheek: { right: 116, left: 345 },
  alarCrease: { right: 129, left: 358 },
  alarBase: { right: 98, left: 327 },
  browLateralEnd: { right: 46, left: 276 },
  earLevelOval: { right: 127, left: 356 },
  templeOval: { right: 21, left: 251 },
  lowerOvalAtEar: { right: 93, left: 323 },
} as const satisfies Record<string, Record<Side, number>>;
export type PairedLandmark = keyof typeof PAIRED;

export const landmarkIndex = (name: PairedLandmark, side: Side): number => PAIRED[name][side];

/** Upper brow contour, medial -> lateral. */
export const BROW_UPPER: Record<Side, readonly number[]> = {
  right: [107, 66, 105, 63, 70],
  left: [336, 296, 334, 293, 300],
};

/**
 * Lower face contour used for the jowl metric, gonion -> pre-jowl sulcus (the mandibular-ligament end). The
 * interior points are where a jowl hangs between the masseteric and mandibular ligaments (clinical-facts §2).
 */
export const JAW_CONTOUR: Record<Side, readonly number[]> = {
  right: [172, 136, 150, 149, 176],
  left: [397, 365, 379, 378, 400],
};

/** Interior jaw-contour points (the jowl itself): the ones a sagging jowl moves. */
export const JOWL_POINTS: Record<Side, readonly number[]> = {
  right: [136, 150, 149],
  left: [365, 379, 378],
};

/** The face oval, clockwise in the image starting at the forehead top. */
export const FACE_OVAL: readonly number[] = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/**
 * Midline points used to fit the facial midline: forehead, glabella, nasion, nasal dorsum, lips and chin. The
 * nose tip and columella are left out because they project far forward and swing sideways with any yaw.
 */
export const MIDLINE_FIT: readonly number[] = [
  10, 151, 9, 8, 168, 6, 0, 11, 12, 13, 14, 15, 16, 17, 18, 200, 199, 175, 152,
];

/** Lip outer contour, for drawing. */
export const LIPS_OUTER: readonly number[] = [
  61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146,
];

/** Eye outlines, for drawing. */
export const EYE_OUTLINE: Record<Side, readonly number[]> = {
  right: [33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7],
  left: [263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249],
};

/** MediaPipe iris points 468–477 stored as `iris[0..9]`: right centre + 4 contour, then left centre + 4. */
export const IRIS = {
  right: { centre: 0, contour: [1, 2, 3, 4] },
  left: { centre: 5, contour: [6, 7, 8, 9] },
} as const satisfies Record<Side, { centre: number; contour: readonly number[] }>;

/**
 * Landmarks for danger zones (zones/build.ts), by the subject's side. `infraorbitalRim`: the mesh ring at the
 * lid–cheek junction below the pupil, a surface proxy for the inferior orbital margin. `lateralOrbitalRim`:
 * about 7 mm lateral to the outer canthus, at canthal level. `antegonialNotch`: the jaw-contour point where the
 * facial artery crosses the mandible (anterior masseter border).
 */
export const ZONE_LANDMARKS = {
  infraorbitalRim: { right: 119, left: 348 },
  lateralOrbitalRim: { right: 226, left: 446 },
  antegonialNotch: { right: 136, left: 365 },
} as const satisfies Record<string, Record<Side, number>>;

/** Lower brow contour, medial -> lateral end: a surface proxy for the supraorbital rim. */
export const BROW_LOWER: Record<Side, readonly number[]> = {
  right: [55, 65, 52, 53, 46],
  left: [285, 295, 282, 283, 276],
};

/** Lower face contour (the mandibular border in a frontal photo), gonion -> menton. */
export const JAW_BORDER: Record<Side, readonly number[]> = {
  right: [172, 136, 150, 149, 176, 148, 152],
  left: [397, 365, 379, 378, 400, 377, 152],
};

/**
 * Landmarks the planner builds thread entry points and targets from (planner/geometry-specs.ts), by the
 * subject's side. Surface proxies, not anatomical points: `templeHigh` the upper temple on the face oval (toward
 * the superior temporal line), `templeHairline` the temporal forehead above the brow tail, `earLevelLateral` the
 * lateral face at canthal level, `zygomaBody` the body of the zygoma below the lateral orbit, `medialCheekUpper`
 * / `medialCheekLower` the medial cheek lateral to the nasolabial fold, `posteriorCheek` / `mandibleRamus` the
 * cheek in front of the ear above the jaw angle, `marionetteUpper` / `marionetteLower` along the marionette line,
 * `jowlFront` / `jowlMid` / `jowlBack` on the jaw contour where the jowl hangs.
 */
export const PLANNER_LANDMARKS = {
  templeHigh: { right: 54, left: 284 },
  templeHairline: { right: 103, left: 332 },
  lateralOrbitalRim: { right: 226, left: 446 },
  earLevelLateral: { right: 34, left: 264 },
  zygomaBody: { right: 117, left: 346 },
  medialCheekUpper: { right: 36, left: 266 },
  medialCheekLower: { right: 206, left: 426 },
  posteriorCheek: { right: 132, left: 361 },
  mandibleRamus: { right: 215, left: 435 },
  marionetteUpper: { right: 43, left: 273 },
  marionetteLower: { right: 204, left: 424 },
  jowlFront: { right: 149, left: 378 },
  jowlMid: { right: 150, left: 379 },
  jowlBack: { right: 136, left: 365 },
} as const satisfies Record<string, Record<Side, number>>;
export type PlannerLandmark = keyof typeof PLANNER_LANDMARKS;

/**
 * Landmarks that thread lifts do not move, for aligning a follow-up photo to the baseline and for checking
 * that two photos show one face: the eye corners (on the orbital rim's canthal tendons), the nasal bridge
 * and the nose (on bone and cartilage). Threads act on the brow tail, midface, jowl and nasolabial soft
 * tissue, below and lateral to these. clinical-facts.md names no such set, so this is a liftplan-default
 * (the same set the compare screen's overlay used). The glabella and alar base are left out: brow and
 * nasolabial threads can pull on the skin there.
 */
export const STABLE_LANDMARKS = {
  basis: 'liftplan-default',
  indices: [
    PAIRED.outerCanthus.right,
    PAIRED.outerCanthus.left,
    PAIRED.innerCanthus.right,
    PAIRED.innerCanthus.left,
    MESH.nasion,
    /** Upper nasal bridge (between the eyes' level and the tip). */
    6,
    /** Lower nasal bridge. */
    5,
    MESH.noseTip,
    MESH.subnasale,
  ],
} as const;
