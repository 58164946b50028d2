import type { LandmarkSet, Point3 } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { CALIBRATION } from '../evidence/thresholds.js';
import { CANONICAL_VERTICES_CM } from './canonical-mesh.data.js';
import { PAIRED } from './landmarks.js';
import { MESH_MIRROR } from './mirror.js';

/**
 * Synthetic faces from the MediaPipe canonical mesh, for tests and clearly-labelled example cases. The face is
 * built in millimetres (x to the subject's left, y up, z toward the camera), optionally deformed, rotated by
 * yaw/pitch/roll and projected orthographically into an image (x right, y down).
 */
export interface SyntheticFaceOptions {
  /** Pixels per millimetre in the image. */
  pxPerMm?: number;
  /** Image position of the face-model origin. */
  centre?: [number, number];
  yawDeg?: number;
  pitchDeg?: number;
  rollDeg?: number;
  /** Displacements in mm (face model frame, y up) added to given vertices before posing. */
  displace?: ReadonlyMap<number, readonly [number, number, number]>;
  /** Scale x of all vertices by this factor (broad or narrow face); applied before displacements. */
  widthScale?: number;
  /** Include the 10 iris points (11.77 mm circles centred between each eye's corners). */
  iris?: boolean;
  /** Mirror the image horizontally (x -> imageWidth - x) and relabel landmarks as a detector would. */
  imageWidth?: number;
}

export const SYNTHETIC_DETECTOR = { id: 'synthetic-canonical-mesh', version: '1' } as const;

function pose3(
  p: readonly [number, number, number],
  yaw: number,
  pitch: number,
  roll: number,
): [number, number, number] {
  // yaw about y (positive turns the face toward the subject's right: the nose moves toward -x), pitch about x
  // (positive = chin up), roll about z (positive = clockwise in the image).
  let [x, y, z] = p;
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  [x, z] = [x * cy - z * sy, x * sy + z * cy];
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  [y, z] = [y * cp + z * sp, -y * sp + z * cp];
  const cr = Math.cos(roll);
  const sr = Math.sin(roll);
  // In the image (y down) a clockwise turn is a negative rotation in the y-up model frame.
  [x, y] = [x * cr + y * sr, -x * sr + y * cr];
  return [x, y, z];
}

function irisModel(
  side: Side,
  vertices: readonly (readonly [number, number, number])[],
): [number, number, number][] {
  const o = vertices[PAIRED.outerCanthus[side]];
  const i = vertices[PAIRED.innerCanthus[side]];
  if (!o || !i) throw new RangeError('canonical mesh lacks eye corners');
  const c: [number, number, number] = [(o[0] + i[0]) / 2, (o[1] + i[1]) / 2, Math.max(o[2], i[2])];
  const r = CALIBRATION.irisDiameterMm / 2;
  // Centre, then contour: right, top, left, bottom (viewer's sense), as the iris model orders them.
  return [c, [c[0] + r, c[1], c[2]], [c[0], c[1] + r, c[2]], [c[0] - r, c[1], c[2]], [c[0], c[1] - r, c[2]]];
}

export function syntheticFace(options: SyntheticFaceOptions = {}): LandmarkSet {
  const s = options.pxPerMm ?? 4;
  const [cx, cy] = options.centre ?? [500, 600];
  const yaw = ((options.yawDeg ?? 0) * Math.PI) / 180;
  const pitch = ((options.pitchDeg ?? 0) * Math.PI) / 180;
  const roll = ((options.rollDeg ?? 0) * Math.PI) / 180;
  const widthScale = options.widthScale ?? 1;
  const modelMm = CANONICAL_VERTICES_CM.map(([x, y, z], i): [number, number, number] => {
    const d = options.displace?.get(i) ?? [0, 0, 0];
    return [x * 10 * widthScale + d[0], y * 10 + d[1], z * 10 + d[2]];
  });
  const project = (p: readonly [number, number, number]): Point3 => {
    const [x, y, z] = pose3(p, yaw, pitch, roll);
    return [cx + x * s, cy - y * s, -z * s];
  };
  let mesh = modelMm.map(project);
  let iris = options.iris
    ? [...irisModel('right', modelMm), ...irisModel('left', modelMm)].map(project)
    : undefined;
  if (options.imageWidth !== undefined) {
    const w = options.imageWidth;
    const flip = (p: Point3): Point3 => [w - p[0], p[1], p[2]];
    // A detector on the mirrored photo labels the (new) left eye as left: vertex i takes its mirror's position.
    const mirrored = mesh.map(flip);
    mesh = mirrorIndices(mirrored);
    if (iris) {
      // Swap the eyes' blocks, and inside each swap the viewer's-right and viewer's-left contour points.
      const fi = iris.map(flip);
      const order = [5, 8, 7, 6, 9, 0, 3, 2, 1, 4];
      iris = order.map((k) => fi[k] as Point3);
    }
  }
  const out: LandmarkSet = {
    mesh,
    pose: { yawDeg: options.yawDeg ?? 0, pitchDeg: options.pitchDeg ?? 0, rollDeg: options.rollDeg ?? 0 },
    detector: { ...SYNTHETIC_DETECTOR },
    corrected: false,
  };
  return iris ? { ...out, iris } : out;
}

function mirrorIndices(mesh: readonly Point3[]): Point3[] {
  return mesh.map((_, i) => mesh[MESH_MIRROR[i] ?? i] as Point3);
}
