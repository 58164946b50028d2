import type { HeadPose } from '@liftplan/domain';

/**
 * Human's angles (radians) -> the case file's head pose (degrees), HeadPoseSchema's conventions:
 *   yaw   > 0: face turned toward the SUBJECT's right, so its left side is shown;
 *   pitch > 0: chin up;
 *   roll  > 0: the facial midline leans clockwise in the image.
 * The signs below were measured, not assumed (pose.test.ts keeps them honest): a photo mirrored left-right
 * flips yaw and roll; sharp's rotate(+20°) (clockwise) raises roll by about +20°; Einstein, whose nose points
 * to the image right (his left), has negative yaw; and pitch follows the mesh's depth (Human's z is negative
 * toward the camera; in the canonical face the forehead top 10 and menton 152 have equal depth): chin up moves
 * the forehead away and the chin closer. Human's own pitch is positive for chin DOWN, hence the −1.
 */
export const HUMAN_SIGN = { yaw: 1, pitch: -1, roll: 1 } as const;

const deg = (rad: number): number => Math.round(((rad * 180) / Math.PI) * 10) / 10;
const wrap = (d: number): number => (d > 180 ? d - 360 : d < -180 ? d + 360 : d);

export function poseFromHuman(angles: { yaw: number; pitch: number; roll: number }): HeadPose {
  return {
    yawDeg: wrap(HUMAN_SIGN.yaw * deg(angles.yaw)),
    pitchDeg: wrap(HUMAN_SIGN.pitch * deg(angles.pitch)),
    rollDeg: wrap(HUMAN_SIGN.roll * deg(angles.roll)),
  };
}
