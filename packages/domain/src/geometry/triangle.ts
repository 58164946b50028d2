import type { Vec2 } from './vec.js';

/**
 * Barycentric coordinates (u, v, w) of p with respect to triangle abc, p = u·a + v·b + w·c, u + v + w = 1.
 * Values outside [0, 1] mean p lies outside the triangle (affine extrapolation). Null for a degenerate
 * triangle.
 */
export function barycentric(p: Vec2, a: Vec2, b: Vec2, c: Vec2): [number, number, number] | null {
  const out: [number, number, number] = [0, 0, 0];
  return barycentricInto(out, p[0], p[1], a[0], a[1], b[0], b[1], c[0], c[1]) ? out : null;
}

/**
 * `barycentric` on bare coordinates, writing (u, v, w) into `out`; false (out untouched) for a degenerate
 * triangle. For callers that test many triangles from flat arrays: no tuples are built per candidate.
 */
export function barycentricInto(
  out: [number, number, number],
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
): boolean {
  const v0x = bx - ax;
  const v0y = by - ay;
  const v1x = cx - ax;
  const v1y = cy - ay;
  const v2x = px - ax;
  const v2y = py - ay;
  const den = v0x * v1y - v1x * v0y;
  if (Math.abs(den) < 1e-12) return false;
  const v = (v2x * v1y - v1x * v2y) / den;
  const w = (v0x * v2y - v2x * v0y) / den;
  out[0] = 1 - v - w;
  out[1] = v;
  out[2] = w;
  return true;
}

export const fromBarycentric = (
  bary: readonly [number, number, number],
  a: Vec2,
  b: Vec2,
  c: Vec2,
): [number, number] => [
  bary[0] * a[0] + bary[1] * b[0] + bary[2] * c[0],
  bary[0] * a[1] + bary[1] * b[1] + bary[2] * c[1],
];

export const triangleArea = (a: Vec2, b: Vec2, c: Vec2): number =>
  Math.abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2;
