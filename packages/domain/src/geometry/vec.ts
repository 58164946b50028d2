/** Free-standing 2-D vector helpers over plain `[x, y]` tuples; frame brands pass through unchanged. */
export type Vec2 = readonly [number, number];

export const add = (a: Vec2, b: Vec2): [number, number] => [a[0] + b[0], a[1] + b[1]];
export const sub = (a: Vec2, b: Vec2): [number, number] => [a[0] - b[0], a[1] - b[1]];
export const scale = (a: Vec2, k: number): [number, number] => [a[0] * k, a[1] * k];
export const dot = (a: Vec2, b: Vec2): number => a[0] * b[0] + a[1] * b[1];
export const cross = (a: Vec2, b: Vec2): number => a[0] * b[1] - a[1] * b[0];
export const length = (a: Vec2): number => Math.hypot(a[0], a[1]);
export const distance = (a: Vec2, b: Vec2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
export const lerp = (a: Vec2, b: Vec2, t: number): [number, number] => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
];
export const midpoint = (a: Vec2, b: Vec2): [number, number] => lerp(a, b, 0.5);
export const normalize = (a: Vec2): [number, number] => {
  const l = length(a);
  if (l === 0) throw new RangeError('cannot normalise a zero-length vector');
  return [a[0] / l, a[1] / l];
};
export const rotate = (a: Vec2, angleRad: number): [number, number] => {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return [a[0] * c - a[1] * s, a[0] * s + a[1] * c];
};
export const centroid = (points: readonly Vec2[]): [number, number] => {
  if (points.length === 0) throw new RangeError('centroid of no points');
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
  }
  return [x / points.length, y / points.length];
};
