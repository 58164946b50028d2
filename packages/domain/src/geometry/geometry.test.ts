import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { barycentric, fromBarycentric } from './triangle.js';
import { fitLine } from './line-fit.js';
import {
  distanceToPolyline,
  distanceToSegment,
  pointAlongPolyline,
  pointCloserThan,
  polylineCloserThan,
  segmentCloserThan,
  segmentsCloserThan,
  segmentsIntersect,
  segmentToSegmentDistance,
} from './segment.js';
import { distance } from './vec.js';
import { pointInPolygon } from './polygon.js';
import { isCloseTo } from './types.js';

const coord = fc.double({ min: -1000, max: 1000, noNaN: true });

describe('geometry', () => {
  it('fits a vertical line without dividing by zero (the Emotrics slope bug)', () => {
    const { direction } = fitLine([
      [5, 0],
      [5, 10],
      [5, 20],
    ]);
    expect(Math.abs(direction[0])).toBeLessThan(1e-12);
    expect(Math.abs(Math.abs(direction[1]) - 1)).toBeLessThan(1e-12);
  });

  it('refuses a line through coincident points', () => {
    expect(() =>
      fitLine([
        [1, 1],
        [1, 1],
      ]),
    ).toThrow(/coincide/);
  });

  it('round-trips barycentric coordinates, inside and outside the triangle', () => {
    fc.assert(
      fc.property(coord, coord, (x, y) => {
        const a: [number, number] = [0, 0];
        const b: [number, number] = [100, 10];
        const c: [number, number] = [20, 90];
        const bary = barycentric([x, y], a, b, c);
        expect(bary).not.toBeNull();
        if (!bary) return;
        const p = fromBarycentric(bary, a, b, c);
        expect(isCloseTo(p[0], x, 1e-6) && isCloseTo(p[1], y, 1e-6)).toBe(true);
        expect(isCloseTo(bary[0] + bary[1] + bary[2], 1, 1e-9)).toBe(true);
      }),
    );
  });

  it('returns null for a degenerate triangle', () => {
    expect(barycentric([1, 1], [0, 0], [1, 1], [2, 2])).toBeNull();
  });

  it('detects crossing and non-crossing segments', () => {
    expect(segmentsIntersect([0, 0], [10, 10], [0, 10], [10, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [10, 0], [0, 1], [10, 1])).toBe(false);
    expect(segmentsIntersect([0, 0], [10, 0], [10, 0], [20, 5])).toBe(true);
  });

  it('measures distance to a polyline and walks along it', () => {
    const line: [number, number][] = [
      [0, 0],
      [10, 0],
      [10, 10],
    ];
    expect(distanceToPolyline([5, 3], line)).toBeCloseTo(3);
    expect(pointAlongPolyline(line, 0.75)).toEqual([10, 5]);
  });

  it('answers "closer than r" exactly as comparing the distance, also at r = the distance itself', () => {
    const pt = fc.tuple(coord, coord);
    fc.assert(
      fc.property(pt, pt, pt, pt, fc.double({ min: 0, max: 2000, noNaN: true }), (a, b, c, d, r) => {
        const line = [b, c, d];
        const cases: [(r: number) => boolean, number][] = [
          [(x) => pointCloserThan(a, b, x), distance(a, b)],
          [(x) => segmentCloserThan(a, b, c, x), distanceToSegment(a, b, c)],
          [(x) => segmentsCloserThan(a, b, c, d, x), segmentToSegmentDistance(a, b, c, d)],
          [(x) => polylineCloserThan(a, line, x), distanceToPolyline(a, line)],
        ];
        for (const [closer, dist] of cases) {
          for (const x of [r, dist, dist * (1 + 2 ** -52), dist * (1 - 2 ** -53)]) {
            expect(closer(x)).toBe(dist < x);
          }
        }
      }),
    );
  });

  it('tests points in a polygon', () => {
    const square: [number, number][] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ];
    expect(pointInPolygon([5, 5], square)).toBe(true);
    expect(pointInPolygon([15, 5], square)).toBe(false);
  });
});
