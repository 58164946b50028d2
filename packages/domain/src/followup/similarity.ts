/**
 * Least-squares similarity transforms (rotation, uniform scale, translation) between corresponding point
 * sets: Umeyama's closed form in 2-D, Horn's unit-quaternion method in 3-D. Pure; no reflections.
 */
export type P2 = readonly [number, number];
export type P3 = readonly [number, number, number];

/** x' = s·R·x + t in 2-D, R = [[cos, −sin], [sin, cos]]. */
export interface Similarity2 {
  readonly scale: number;
  readonly rotation: number;
  readonly tx: number;
  readonly ty: number;
}

export const apply2 = (t: Similarity2, p: P2): [number, number] => {
  const c = Math.cos(t.rotation) * t.scale;
  const s = Math.sin(t.rotation) * t.scale;
  return [c * p[0] - s * p[1] + t.tx, s * p[0] + c * p[1] + t.ty];
};

/** The similarity taking `from` onto `to` with the least squared error (Umeyama 1991, d = 2). */
export function fitSimilarity2(from: readonly P2[], to: readonly P2[]): Similarity2 {
  const n = Math.min(from.length, to.length);
  if (n < 2) throw new RangeError('a similarity needs at least two point pairs');
  let px = 0;
  let py = 0;
  let qx = 0;
  let qy = 0;
  for (let i = 0; i < n; i++) {
    const p = from[i] as P2;
    const q = to[i] as P2;
    px += p[0];
    py += p[1];
    qx += q[0];
    qy += q[1];
  }
  px /= n;
  py /= n;
  qx /= n;
  qy /= n;
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const p = from[i] as P2;
    const q = to[i] as P2;
    const ux = p[0] - px;
    const uy = p[1] - py;
    const vx = q[0] - qx;
    const vy = q[1] - qy;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
    norm += ux * ux + uy * uy;
  }
  if (norm === 0) throw new RangeError('the points coincide: no similarity is defined');
  const rotation = Math.atan2(cross, dot);
  const scale = Math.hypot(dot, cross) / norm;
  const c = Math.cos(rotation) * scale;
  const s = Math.sin(rotation) * scale;
  return { scale, rotation, tx: qx - (c * px - s * py), ty: qy - (s * px + c * py) };
}

/** x' = s·R·x + t in 3-D. */
export interface Similarity3 {
  readonly scale: number;
  /** Row-major 3×3 rotation. */
  readonly R: readonly [number, number, number, number, number, number, number, number, number];
  readonly t: P3;
}

export const apply3 = (T: Similarity3, p: P3): [number, number, number] => {
  const R = T.R;
  return [
    T.scale * (R[0] * p[0] + R[1] * p[1] + R[2] * p[2]) + T.t[0],
    T.scale * (R[3] * p[0] + R[4] * p[1] + R[5] * p[2]) + T.t[1],
    T.scale * (R[6] * p[0] + R[7] * p[1] + R[8] * p[2]) + T.t[2],
  ];
};

/** Eigenvector of the largest eigenvalue of a symmetric 4×4 matrix (cyclic Jacobi rotations). */
function topEigenvector4(m: number[][]): [number, number, number, number] {
  const a = m.map((r) => [...r]);
  const v = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
  const at = (i: number, j: number): number => (a[i] as number[])[j] as number;
  const set = (M: number[][], i: number, j: number, x: number): void => {
    (M[i] as number[])[j] = x;
  };
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) off += at(i, j) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < 4; p++) {
      for (let q = p + 1; q < 4; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < 4; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          set(a, k, p, c * akp - s * akq);
          set(a, k, q, s * akp + c * akq);
        }
        for (let k = 0; k < 4; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          set(a, p, k, c * apk - s * aqk);
          set(a, q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < 4; k++) {
          const vkp = (v[k] as number[])[p] as number;
          const vkq = (v[k] as number[])[q] as number;
          set(v, k, p, c * vkp - s * vkq);
          set(v, k, q, s * vkp + c * vkq);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < 4; i++) if (at(i, i) > at(best, best)) best = i;
  return [0, 1, 2, 3].map((k) => (v[k] as number[])[best] as number) as [number, number, number, number];
}

/** The 3-D similarity taking `from` onto `to` with the least squared error (Horn 1987, quaternions). */
export function fitSimilarity3(from: readonly P3[], to: readonly P3[]): Similarity3 {
  const n = Math.min(from.length, to.length);
  if (n < 3) throw new RangeError('a 3-D similarity needs at least three point pairs');
  const mean = (ps: readonly P3[]): [number, number, number] => {
    const m: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const p = ps[i] as P3;
      m[0] += p[0] / n;
      m[1] += p[1] / n;
      m[2] += p[2] / n;
    }
    return m;
  };
  const mp = mean(from);
  const mq = mean(to);
  const S = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const p = from[i] as P3;
    const q = to[i] as P3;
    const u = [p[0] - mp[0], p[1] - mp[1], p[2] - mp[2]];
    const w = [q[0] - mq[0], q[1] - mq[1], q[2] - mq[2]];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        S[r * 3 + c] = (S[r * 3 + c] as number) + (u[r] as number) * (w[c] as number);
      }
    }
    norm += (u[0] as number) ** 2 + (u[1] as number) ** 2 + (u[2] as number) ** 2;
  }
  if (norm === 0) throw new RangeError('the points coincide: no similarity is defined');
  const [sxx, sxy, sxz, syx, syy, syz, szx, szy, szz] = S as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const N = [
    [sxx + syy + szz, syz - szy, szx - sxz, sxy - syx],
    [syz - szy, sxx - syy - szz, sxy + syx, szx + sxz],
    [szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy],
    [sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz],
  ];
  const [q0, qx, qy, qz] = topEigenvector4(N);
  const R = [
    q0 * q0 + qx * qx - qy * qy - qz * qz,
    2 * (qx * qy - q0 * qz),
    2 * (qx * qz + q0 * qy),
    2 * (qy * qx + q0 * qz),
    q0 * q0 - qx * qx + qy * qy - qz * qz,
    2 * (qy * qz - q0 * qx),
    2 * (qz * qx - q0 * qy),
    2 * (qz * qy + q0 * qx),
    q0 * q0 - qx * qx - qy * qy + qz * qz,
  ] as unknown as Similarity3['R'];
  let dot = 0;
  for (let i = 0; i < n; i++) {
    const p = from[i] as P3;
    const q = to[i] as P3;
    const u: P3 = [p[0] - mp[0], p[1] - mp[1], p[2] - mp[2]];
    const ru = apply3({ scale: 1, R, t: [0, 0, 0] }, u);
    dot += ru[0] * (q[0] - mq[0]) + ru[1] * (q[1] - mq[1]) + ru[2] * (q[2] - mq[2]);
  }
  const scale = dot / norm;
  const rm = apply3({ scale, R, t: [0, 0, 0] }, mp);
  return { scale, R, t: [mq[0] - rm[0], mq[1] - rm[1], mq[2] - rm[2]] };
}
