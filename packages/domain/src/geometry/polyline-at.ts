import type { Vec2 } from './vec.js';

/**
 * y of a polyline at a given x by linear interpolation (first crossing); outside the polyline's x-range, the y
 * of the endpoint nearest in x, so a slightly wider query still lands on the contour.
 */
export function polylineYAtX(line: readonly Vec2[], x: number): number {
  const first = line[0];
  if (!first) throw new RangeError('empty polyline');
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Vec2;
    const b = line[i] as Vec2;
    const lo = Math.min(a[0], b[0]);
    const hi = Math.max(a[0], b[0]);
    if (x >= lo && x <= hi) {
      return hi === lo ? Math.max(a[1], b[1]) : a[1] + ((x - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
    }
  }
  let best = first;
  for (const p of line) if (Math.abs(p[0] - x) < Math.abs(best[0] - x)) best = p;
  return best[1];
}
