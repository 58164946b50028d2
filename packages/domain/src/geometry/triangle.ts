import type { Vec2 } from './vec.js';

/**
 * Barycentric coordinates (u, v, w) of p with respect to triangle abc, p = u·a + v·b + w·c, u + v + w = 1.
 * Values outside [0, 1] mean p lies outside the triangle (affine extrapolation). Null for a degenerate
 * triangle.
 */
export function barycentric(p: Vec2, a: Vec2, b: Vec2, c: Vec2): [number, number, number] | null {
  const v0x = b[0] - a[0];
  const v0y = b[1] - a[1];
  const v1x = c[0] - a[0];
  const v1y = c[1] - a[1];
  const v2x = p[0] - a[0];
  const v2y = p[1] - a[1];
  const den = v0x * v1y - v1x * v0y;
  if (Math.abs(den) < 1e-12) return null;
  const v = (v2x * v1y - v1x * v2y) / den;
  const w = (v0x * v2y - v2x * v0y) / den;
  return [1 - v - w, v, w];
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
