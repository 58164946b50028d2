import type { View } from '@liftplan/domain';

/** Yaw target and tolerances (degrees) of each standard view; the sign follows HeadPoseSchema. */
export interface ViewTolerance {
  /** Intended yaw. */
  readonly targetDeg: number;
  /** |yaw − target| up to this passes. */
  readonly passDeg: number;
  /** Up to this warns; beyond it fails. */
  readonly warnDeg: number;
}

export const VIEW_YAW: Record<View, ViewTolerance> = {
  // Front: ±10° keeps left/right comparisons within about 1 mm of foreshortening on a 70 mm half-face.
  front: { targetDeg: 0, passDeg: 10, warnDeg: 20 },
  // Oblique (45°, the standard three-quarter view): ±15° is the usual photographic tolerance.
  'oblique-left': { targetDeg: 45, passDeg: 15, warnDeg: 25 },
  'oblique-right': { targetDeg: -45, passDeg: 15, warnDeg: 25 },
  // Profile: the face mesh degrades past about 70° of yaw, so profiles are accepted from a wide band.
  'profile-left': { targetDeg: 90, passDeg: 25, warnDeg: 35 },
  'profile-right': { targetDeg: -90, passDeg: 25, warnDeg: 35 },
};

/** Boundaries between views when classifying: halfway between the targets. */
export const FRONT_MAX_YAW_DEG = 22.5;
export const OBLIQUE_MAX_YAW_DEG = 67.5;

/** The view a head pose shows. yaw > 0 shows the subject's LEFT side (`-left` views). */
export function classifyView(yawDeg: number): View {
  const a = Math.abs(yawDeg);
  if (a < FRONT_MAX_YAW_DEG) return 'front';
  const side = yawDeg > 0 ? 'left' : 'right';
  return a < OBLIQUE_MAX_YAW_DEG ? `oblique-${side}` : `profile-${side}`;
}
