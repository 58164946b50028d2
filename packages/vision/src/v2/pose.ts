/**
 * Head pose from the V2 mesh: the rotation that best maps MediaPipe's canonical face onto the 468 detected
 * points (Horn's closed-form absolute orientation, scale-free), read as the case file's yaw / pitch / roll.
 * Pure. Face Mesh V2 reports no angles of its own, so the pose comes from its 3D landmarks.
 */
import { CANONICAL_VERTICES_CM, type HeadPose, type Point3 } from '@liftplan/domain';

type M3 = [[number, number, number], [number, number, number], [number, number, number]];

/** Eigenvector of the largest eigenvalue of a symmetric 4×4 matrix (cyclic Jacobi; converges in < 10 sweeps). */
function topEigenvector(a: number[][]): number[] {
  const n = 4;
  const v: number[][] = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
  const m = a.map((r) => [...r]);
  const at = (i: number, j: number): number => m[i]?.[j] ?? 0;
  const set = (i: number, j: number, x: number): void => {
    const row = m[i];
    if (row) row[j] = x;
  };
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          set(k, p, c * akp - s * akq);
          set(k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          set(p, k, c * apk - s * aqk);
          set(q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < n; k++) {
          const row = v[k];
          if (!row) continue;
          const vkp = row[p] ?? 0;
          const vkq = row[q] ?? 0;
          row[p] = c * vkp - s * vkq;
          row[q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (at(i, i) > at(best, best)) best = i;
  return v.map((row) => row[best] ?? 0);
}

/**
 * Rotation R (canonical -> observed, both right-handed: x toward the subject's left, y up, z toward the
 * camera) minimising Σ|R·cᵢ − pᵢ|² over centred point sets.
 */
type P3 = readonly [number, number, number];

export function fitRotation(canonical: readonly P3[], observed: readonly P3[]): M3 {
  const n = Math.min(canonical.length, observed.length);
  const mean = (pts: readonly P3[]): P3 => {
    const s = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) s[k] = (s[k] ?? 0) + (pts[i]?.[k] ?? 0);
    return [(s[0] ?? 0) / n, (s[1] ?? 0) / n, (s[2] ?? 0) / n];
  };
  const mc = mean(canonical);
  const mo = mean(observed);
  const S = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const c = canonical[i];
    const o = observed[i];
    if (!c || !o) continue;
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        S[a * 3 + b] = (S[a * 3 + b] ?? 0) + ((c[a] ?? 0) - (mc[a] ?? 0)) * ((o[b] ?? 0) - (mo[b] ?? 0));
      }
    }
  }
  const s = (a: number, b: number): number => S[a * 3 + b] ?? 0;
  const [xx, xy, xz, yx, yy, yz, zx, zy, zz] = [
    s(0, 0),
    s(0, 1),
    s(0, 2),
    s(1, 0),
    s(1, 1),
    s(1, 2),
    s(2, 0),
    s(2, 1),
    s(2, 2),
  ];
  const N = [
    [xx + yy + zz, yz - zy, zx - xz, xy - yx],
    [yz - zy, xx - yy - zz, xy + yx, zx + xz],
    [zx - xz, xy + yx, -xx + yy - zz, yz + zy],
    [xy - yx, zx + xz, yz + zy, -xx - yy + zz],
  ];
  const [q0 = 1, qx = 0, qy = 0, qz = 0] = topEigenvector(N);
  return [
    [q0 * q0 + qx * qx - qy * qy - qz * qz, 2 * (qx * qy - q0 * qz), 2 * (qx * qz + q0 * qy)],
    [2 * (qy * qx + q0 * qz), q0 * q0 - qx * qx + qy * qy - qz * qz, 2 * (qy * qz - q0 * qx)],
    [2 * (qz * qx - q0 * qy), 2 * (qz * qy + q0 * qx), q0 * q0 - qx * qx - qy * qy + qz * qz],
  ];
}

const deg = (rad: number): number => Math.round(((rad * 180) / Math.PI) * 10) / 10;

/**
 * The case file's head pose (HeadPoseSchema conventions: yaw > 0 turned toward the subject's right, pitch > 0
 * chin up, roll > 0 midline leaning clockwise in the image) from 468 mesh points in image coordinates
 * (x right, y down, z as the model reports it: smaller = nearer the camera).
 */
export function poseFromMesh(mesh: readonly Point3[]): HeadPose {
  const observed: Point3[] = mesh.slice(0, CANONICAL_VERTICES_CM.length).map((p) => [p[0], -p[1], -p[2]]);
  const R = fitRotation(CANONICAL_VERTICES_CM, observed);
  // Forward (nose) axis and up axis of the face, in the observed frame (columns of R).
  const f = [R[0][2], R[1][2], R[2][2]] as const;
  const u = [R[0][1], R[1][1], R[2][1]] as const;
  // Turning toward the subject's right moves the nose toward the image left (−x).
  const yaw = Math.atan2(-f[0], f[2]);
  const pitch = Math.atan2(f[1], Math.hypot(f[0], f[2]));
  // Clockwise lean in the image (y down) tips the up axis toward +x.
  const roll = Math.atan2(u[0], u[1]);
  return { yawDeg: deg(yaw), pitchDeg: deg(pitch), rollDeg: deg(roll) };
}
