import { cross, dot, sub, distance, lerp, type Vec2 } from './vec.js';

/** Closest point on segment ab to p, and its parameter t in [0, 1]. */
export function closestPointOnSegment(p: Vec2, a: Vec2, b: Vec2): { point: [number, number]; t: number } {
  const ab = sub(b, a);
  const len2 = dot(ab, ab);
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, dot(sub(p, a), ab) / len2));
  return { point: lerp(a, b, t), t };
}

export const distanceToSegment = (p: Vec2, a: Vec2, b: Vec2): number =>
  distance(p, closestPointOnSegment(p, a, b).point);

/** Distance from p to the nearest point of an open polyline (at least one point). */
export function distanceToPolyline(p: Vec2, line: readonly Vec2[]): number {
  const first = line[0];
  if (!first) throw new RangeError('empty polyline');
  if (line.length === 1) return distance(p, first);
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    best = Math.min(best, distanceToSegment(p, line[i - 1] as Vec2, line[i] as Vec2));
  }
  return best;
}

/** Proper or touching intersection of segments ab and cd. */
export function segmentsIntersect(a: Vec2, b: Vec2, c: Vec2, d: Vec2): boolean {
  const d1 = cross(sub(d, c), sub(a, c));
  const d2 = cross(sub(d, c), sub(b, c));
  const d3 = cross(sub(b, a), sub(c, a));
  const d4 = cross(sub(b, a), sub(d, a));
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSeg = (p: Vec2, q: Vec2, r: Vec2): boolean =>
    Math.min(p[0], q[0]) <= r[0] &&
    r[0] <= Math.max(p[0], q[0]) &&
    Math.min(p[1], q[1]) <= r[1] &&
    r[1] <= Math.max(p[1], q[1]);
  if (d1 === 0 && onSeg(c, d, a)) return true;
  if (d2 === 0 && onSeg(c, d, b)) return true;
  if (d3 === 0 && onSeg(a, b, c)) return true;
  if (d4 === 0 && onSeg(a, b, d)) return true;
  return false;
}

/** Minimum distance between segments ab and cd (0 when they intersect). */
export function segmentToSegmentDistance(a: Vec2, b: Vec2, c: Vec2, d: Vec2): number {
  if (segmentsIntersect(a, b, c, d)) return 0;
  return Math.min(
    distanceToSegment(a, c, d),
    distanceToSegment(b, c, d),
    distanceToSegment(c, a, b),
    distanceToSegment(d, a, b),
  );
}

/** Total length of a polyline. */
export function polylineLength(line: readonly Vec2[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += distance(line[i - 1] as Vec2, line[i] as Vec2);
  return total;
}

/** Point at arc-length fraction f (0..1) along a polyline. */
export function pointAlongPolyline(line: readonly Vec2[], f: number): [number, number] {
  const first = line[0];
  if (!first) throw new RangeError('empty polyline');
  const total = polylineLength(line);
  let target = Math.min(1, Math.max(0, f)) * total;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as Vec2;
    const b = line[i] as Vec2;
    const seg = distance(a, b);
    if (target <= seg && seg > 0) return lerp(a, b, target / seg);
    target -= seg;
  }
  const last = line[line.length - 1] as Vec2;
  return [last[0], last[1]];
}
