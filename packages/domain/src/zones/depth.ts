/**
 * Depth-aware zone geometry: splitting a zone's shape where the structure changes depth, and finding the depth
 * a path segment meets inside a zone (the structure's depth where the thread passes, not one depth per zone).
 */
import { facePoint, type FacePoint } from '../geometry/types.js';
import type { Vec2 } from '../geometry/vec.js';
import { segmentEntersShape } from './check.js';
import type { DangerZone, DepthPart, StructureDepth } from './types.js';

/** The part of a polygon below (y ≤ h) or above (y ≥ h) a horizontal line (Sutherland–Hodgman, one edge). */
export function clipBelow(points: readonly Vec2[], h: number, below: boolean): FacePoint[] {
  const inside = (p: Vec2): boolean => (below ? p[1] <= h : p[1] >= h);
  const out: FacePoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Vec2;
    const b = points[(i + 1) % points.length] as Vec2;
    if (inside(a)) out.push(facePoint(a[0], a[1]));
    if (inside(a) !== inside(b)) {
      const t = (h - a[1]) / (b[1] - a[1]);
      out.push(facePoint(a[0] + (b[0] - a[0]) * t, h));
    }
  }
  return out;
}

/** The depth parts of a zone a segment enters (the whole zone at its one depth when it has no profile). */
export function depthsMet(
  zone: DangerZone,
  a: Vec2,
  b: Vec2,
): { depth: StructureDepth; part: DepthPart | null }[] {
  if (!zone.depthProfile) return [{ depth: zone.depth, part: null }];
  const out: { depth: StructureDepth; part: DepthPart | null }[] = [];
  for (const part of zone.depthProfile) {
    if (part.shape.kind === 'polygon' && part.shape.points.length < 3) continue;
    if (segmentEntersShape(part.shape, a, b)) out.push({ depth: part.depth, part });
  }
  // Numerical edge: the segment touches the zone but no part (boundary): judge it at the zone's own depth.
  return out.length > 0 ? out : [{ depth: zone.depth, part: null }];
}
