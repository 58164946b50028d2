import { distance, lerp, type Vec2 } from './vec.js';

/** Parameter t in [0, 1] of the point of segment ab closest to p. */
function closestT(p: Vec2, a: Vec2, b: Vec2): number {
  // Same arithmetic as dot(sub(p, a), sub(b, a)) / dot(ab, ab), without the temporary tuples (hot path).
  const abx = b[0] - a[0];
  const aby = b[1] - a[1];
  const len2 = abx * abx + aby * aby;
  return len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p[0] - a[0]) * abx + (p[1] - a[1]) * aby) / len2));
}

/** Closest point on segment ab to p, and its parameter t in [0, 1]. */
export function closestPointOnSegment(p: Vec2, a: Vec2, b: Vec2): { point: [number, number]; t: number } {
  const t = closestT(p, a, b);
  return { point: lerp(a, b, t), t };
}

/** Equals distance(p, closestPointOnSegment(p, a, b).point) to the bit; allocates nothing. */
export function distanceToSegment(p: Vec2, a: Vec2, b: Vec2): number {
  const t = closestT(p, a, b);
  return Math.hypot(p[0] - (a[0] + (b[0] - a[0]) * t), p[1] - (a[1] + (b[1] - a[1]) * t));
}

/*
 * "Closer than r" tests: the same answers as comparing the distances in this file with `< r` (for finite
 * coordinates), for the danger-zone check, which needs only the comparison. Far pairs (most of them) are decided
 * by |dx| or |dy| alone, exactly, because Math.hypot(dx, dy) is never below either magnitude; Math.hypot itself
 * is a slow, allocating builtin (a tenth of a plan's time when called for every pair).
 */
const closerThan = (dx: number, dy: number, r: number): boolean =>
  Math.abs(dx) < r && Math.abs(dy) < r && Math.hypot(dx, dy) < r;

/** distance(p, q) < r */
export const pointCloserThan = (p: Vec2, q: Vec2, r: number): boolean =>
  closerThan(p[0] - q[0], p[1] - q[1], r);

/** distanceToSegment(p, a, b) < r */
export function segmentCloserThan(p: Vec2, a: Vec2, b: Vec2, r: number): boolean {
  const t = closestT(p, a, b);
  return closerThan(p[0] - (a[0] + (b[0] - a[0]) * t), p[1] - (a[1] + (b[1] - a[1]) * t), r);
}

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

/** distanceToPolyline(p, line) < r */
export function polylineCloserThan(p: Vec2, line: readonly Vec2[], r: number): boolean {
  const first = line[0];
  if (!first) throw new RangeError('empty polyline');
  if (line.length === 1) return pointCloserThan(p, first, r);
  for (let i = 1; i < line.length; i++) {
    if (segmentCloserThan(p, line[i - 1] as Vec2, line[i] as Vec2, r)) return true;
  }
  return false;
}

/** cross(sub(q, o), sub(r, o)): which side of line o→q the point r lies on (0 = on the line). */
const orient = (o: Vec2, q: Vec2, r: Vec2): number =>
  (q[0] - o[0]) * (r[1] - o[1]) - (q[1] - o[1]) * (r[0] - o[0]);

/** r lies within the bounding box of segment pq (used once r is known to be on its line). */
const onSeg = (p: Vec2, q: Vec2, r: Vec2): boolean =>
  Math.min(p[0], q[0]) <= r[0] &&
  r[0] <= Math.max(p[0], q[0]) &&
  Math.min(p[1], q[1]) <= r[1] &&
  r[1] <= Math.max(p[1], q[1]);

/** Proper or touching intersection of segments ab and cd. */
export function segmentsIntersect(a: Vec2, b: Vec2, c: Vec2, d: Vec2): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
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

/** segmentToSegmentDistance(a, b, c, d) < r */
export function segmentsCloserThan(a: Vec2, b: Vec2, c: Vec2, d: Vec2, r: number): boolean {
  if (segmentsIntersect(a, b, c, d)) return 0 < r;
  return (
    segmentCloserThan(a, c, d, r) ||
    segmentCloserThan(b, c, d, r) ||
    segmentCloserThan(c, a, b, r) ||
    segmentCloserThan(d, a, b, r)
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
