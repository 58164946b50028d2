import { describe, expect, it } from 'vitest';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame } from '../face/frame.js';
import { syntheticFace } from '../face/synthetic.js';
import { centroid } from '../geometry/vec.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { buildDangerZones } from './build.js';
import { findZoneConflicts, segmentEntersZone, zoneContains } from './check.js';
import type { DangerZone, ZoneShape } from './types.js';

const zone = (id: string, shape: ZoneShape): DangerZone => ({
  id,
  kind: 'facial-artery',
  side: 'left',
  name: { en: id, ko: id },
  structure: 'artery',
  depth: 'deep-to-smas',
  severity: 'high',
  shape,
  estimated: false,
  cite: ['facial-artery-course'],
});
const P = (x: number, y: number): FacePoint => facePoint(x, y);
const square = zone('square', { kind: 'polygon', points: [P(0, 0), P(10, 0), P(10, 10), P(0, 10)] });
const disc = zone('disc', { kind: 'circle', centre: P(50, 0), radiusMm: 5 });
const band = zone('band', { kind: 'corridor', line: [P(100, -20), P(100, 20)], halfWidthMm: 3 });

describe('zone geometry tests', () => {
  it('contains points by shape', () => {
    expect(zoneContains(square, P(5, 5))).toBe(true);
    expect(zoneContains(square, P(15, 5))).toBe(false);
    expect(zoneContains(disc, P(53, 3))).toBe(true);
    expect(zoneContains(disc, P(54, 4))).toBe(false);
    expect(zoneContains(band, P(102, 19))).toBe(true);
    expect(zoneContains(band, P(100, 24))).toBe(false);
  });

  it('detects segments that cross a zone with both ends outside', () => {
    expect(segmentEntersZone(square, P(-5, 5), P(15, 5))).toBe(true);
    expect(segmentEntersZone(square, P(-5, 15), P(15, 15))).toBe(false);
    expect(segmentEntersZone(disc, P(40, 4), P(60, 4))).toBe(true);
    expect(segmentEntersZone(disc, P(40, 6), P(60, 6))).toBe(false);
    expect(segmentEntersZone(band, P(90, 0), P(110, 0))).toBe(true);
    expect(segmentEntersZone(band, P(90, 0), P(96, 30))).toBe(false);
  });
});

describe('findZoneConflicts', () => {
  const zones = [square, disc, band];

  it('reports an entry inside a zone', () => {
    const c = findZoneConflicts(zones, P(5, 5), [P(5, 5), P(5, 8)]);
    expect(c.map((q) => [q.zone.id, q.where])).toEqual([
      ['square', 'entry'],
      ['square', 'path'],
    ]);
  });

  it('reports a path crossing a corridor once, at its first segment', () => {
    const path = [P(80, 0), P(95, 0), P(105, 0), P(95, 1), P(105, 1)];
    const c = findZoneConflicts(zones, P(80, 0), path);
    expect(c).toHaveLength(1);
    expect(c[0]?.zone.id).toBe('band');
    expect(c[0]?.where).toBe('path');
    expect(c[0]?.segment).toBe(1);
  });

  it('reports nothing for a path that stays clear', () => {
    expect(findZoneConflicts(zones, P(20, 20), [P(20, 20), P(40, 20), P(80, 30)])).toEqual([]);
  });
});

describe('built zones', () => {
  const lm = syntheticFace({ iris: true });
  const zones = buildDangerZones(lm, buildFaceFrame(lm, calibrate(lm)), 'front');
  const inner = (s: ZoneShape): FacePoint => {
    if (s.kind === 'circle') return s.centre;
    if (s.kind === 'polygon') {
      const c = centroid(s.points);
      return P(c[0], c[1]);
    }
    const a = s.line[0] as FacePoint;
    const b = s.line[1] as FacePoint;
    return P((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
  };

  it('contains each zone centre and not a far point', () => {
    for (const z of zones) {
      expect(zoneContains(z, inner(z.shape)), z.id).toBe(true);
      expect(zoneContains(z, P(0, 400)), z.id).toBe(false);
    }
  });

  it('catches a cheek thread crossing the facial artery and clears a forehead thread', () => {
    const across = findZoneConflicts(zones, P(70, -60), [P(70, -60), P(10, -60)]);
    expect(across.some((c) => c.zone.id === 'facial-artery:left' && c.where === 'path')).toBe(true);
    expect(findZoneConflicts(zones, P(-10, 50), [P(-10, 50), P(10, 50)])).toEqual([]);
  });
});
