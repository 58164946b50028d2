import type { FacePoint } from '../geometry/types.js';
import { pointInPolygon } from '../geometry/polygon.js';
import {
  pointCloserThan,
  polylineCloserThan,
  segmentCloserThan,
  segmentsCloserThan,
  segmentsIntersect,
} from '../geometry/segment.js';
import type { Vec2 } from '../geometry/vec.js';
import type { DangerZone } from './types.js';

export interface ZoneConflict {
  readonly zone: DangerZone;
  readonly where: 'entry' | 'path';
  /** index of the path segment (0-based) for 'path' */
  readonly segment?: number;
}

/** Segment ab comes closer than r to an open polyline (a single-point polyline is a point). */
function segmentCloserToPolyline(a: Vec2, b: Vec2, line: readonly Vec2[], r: number): boolean {
  const first = line[0];
  if (!first) return false;
  if (line.length === 1) return segmentCloserThan(first, a, b, r);
  for (let i = 1; i < line.length; i++) {
    if (segmentsCloserThan(a, b, line[i - 1] as Vec2, line[i] as Vec2, r)) return true;
  }
  return false;
}

/** True when p lies inside the zone (corridor and circle boundaries are exclusive). */
export function zoneContains(zone: DangerZone, p: Vec2): boolean {
  const s = zone.shape;
  switch (s.kind) {
    case 'polygon':
      return pointInPolygon(p, s.points);
    case 'circle':
      return pointCloserThan(p, s.centre, s.radiusMm);
    case 'corridor':
      return s.line.length > 0 && polylineCloserThan(p, s.line, s.halfWidthMm);
  }
}

/** True when any part of segment ab lies inside the zone. */
export function segmentEntersZone(zone: DangerZone, a: Vec2, b: Vec2): boolean {
  return segmentEntersShape(zone.shape, a, b);
}

/** True when any part of segment ab lies inside the shape. */
export function segmentEntersShape(s: DangerZone['shape'], a: Vec2, b: Vec2): boolean {
  switch (s.kind) {
    case 'polygon': {
      if (pointInPolygon(a, s.points) || pointInPolygon(b, s.points)) return true;
      for (let i = 0, j = s.points.length - 1; i < s.points.length; j = i++) {
        if (segmentsIntersect(a, b, s.points[j] as Vec2, s.points[i] as Vec2)) return true;
      }
      return false;
    }
    case 'circle':
      return segmentCloserThan(s.centre, a, b, s.radiusMm);
    case 'corridor':
      return segmentCloserToPolyline(a, b, s.line, s.halfWidthMm);
  }
}

/**
 * Conflicts of one thread with the zones: an 'entry' conflict when the entry point lies in a zone, and at most
 * one 'path' conflict per zone (its first offending segment), so a long thread through one zone reports once.
 */
export function findZoneConflicts(
  zones: readonly DangerZone[],
  entry: FacePoint,
  path: readonly FacePoint[],
): ZoneConflict[] {
  const out: ZoneConflict[] = [];
  for (const zone of zones) {
    if (zoneContains(zone, entry)) out.push({ zone, where: 'entry' });
    for (let i = 1; i < path.length; i++) {
      if (segmentEntersZone(zone, path[i - 1] as FacePoint, path[i] as FacePoint)) {
        out.push({ zone, where: 'path', segment: i - 1 });
        break;
      }
    }
  }
  return out;
}
