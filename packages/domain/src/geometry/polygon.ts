import { distanceToSegment } from './segment.js';
import type { Vec2 } from './vec.js';

/** Even-odd point-in-polygon test (polygon given as its vertices, closed implicitly). */
export function pointInPolygon(p: Vec2, polygon: readonly Vec2[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i] as Vec2;
    const b = polygon[j] as Vec2;
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) {
      inside = !inside;
    }
  }
  return inside;
}

/** Distance from p to the boundary of a closed polygon. */
export function distanceToPolygonBoundary(p: Vec2, polygon: readonly Vec2[]): number {
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    best = Math.min(best, distanceToSegment(p, polygon[j] as Vec2, polygon[i] as Vec2));
  }
  return best;
}
