import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LandmarkSet } from '../case/schema.js';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame, toFace, toImage } from '../face/frame.js';
import { syntheticFace } from '../face/synthetic.js';
import { facePoint } from '../geometry/types.js';
import { anchorPoint, anchorPosition } from './anchor.js';
import { planCase } from './plan.js';
import { projectPlan } from './project.js';
import { makeCase } from './test-factory.js';

const front = syntheticFace({ iris: true });
const result = planCase(makeCase({ fat: 'heavy' }));

/** Similarity transform of image points: rotate by theta, scale by k, translate by (tx, ty). */
function similarity(theta: number, k: number, tx: number, ty: number) {
  const c = Math.cos(theta) * k;
  const s = Math.sin(theta) * k;
  return (p: readonly [number, number]): [number, number] => [
    c * p[0] - s * p[1] + tx,
    s * p[0] + c * p[1] + ty,
  ];
}

function transformLandmarks(
  l: LandmarkSet,
  f: (p: readonly [number, number]) => [number, number],
  k: number,
): LandmarkSet {
  const move = (p: readonly [number, number, number]): [number, number, number] => {
    const [x, y] = f([p[0], p[1]]);
    return [x, y, p[2] * k];
  };
  return { ...l, mesh: l.mesh.map(move), ...(l.iris ? { iris: l.iris.map(move) } : {}) };
}

describe('face-anchored geometry', () => {
  it('anchors and re-projects points on and off the mesh exactly on the same photo', () => {
    const frame = buildFaceFrame(front, calibrate(front));
    for (const p of [
      facePoint(30, -40),
      facePoint(62, 40),
      facePoint(95, 10),
      facePoint(-90, -60),
      facePoint(0, 70),
    ]) {
      const img = toImage(frame, p);
      const back = toFace(frame, anchorPosition(front, anchorPoint(front, img)));
      expect(back[0]).toBeCloseTo(p[0], 6);
      expect(back[1]).toBeCloseTo(p[1], 6);
    }
  });

  it('stores anchors as mesh triangles with barycentric weights summing to 1', () => {
    for (const p of result.placements) {
      for (const a of [p.entry, ...p.paths.flat()]) {
        expect(a.bary[0] + a.bary[1] + a.bary[2]).toBeCloseTo(1, 9);
        for (const i of a.tri) expect(i >= 0 && i < 468).toBe(true);
      }
    }
  });

  it('projectPlan on a similarity-transformed face equals the transformed projection (property)', () => {
    const base = projectPlan(result, front);
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        (theta, k, tx, ty) => {
          const f = similarity(theta, k, tx, ty);
          const moved = projectPlan(result, transformLandmarks(front, f, k));
          const tol = 1e-6 * (1 + k * 1000 + Math.abs(tx) + Math.abs(ty));
          base.placements.forEach((p, i) => {
            const q = moved.placements[i];
            if (!q) throw new Error('placement lost');
            const expectClose = (a: readonly [number, number], b: readonly [number, number]) => {
              const fa = f(a);
              expect(Math.abs(fa[0] - b[0])).toBeLessThan(tol);
              expect(Math.abs(fa[1] - b[1])).toBeLessThan(tol);
            };
            expectClose(p.entry, q.entry);
            p.paths.forEach((path, j) => {
              path.forEach((pt, m) => {
                expectClose(pt, q.paths[j]?.[m] ?? [NaN, NaN]);
              });
            });
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('projects onto another photo of the same face (a turned head) and keeps every point near the face', () => {
    const oblique = syntheticFace({ iris: true, yawDeg: 30 });
    const projected = projectPlan(result, oblique);
    expect(projected.placements).toHaveLength(result.placements.length);
    for (const p of projected.placements) {
      for (const [x, y] of [p.entry, ...p.paths.flat()]) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(1000);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(1200);
      }
    }
  });

  it('marks placements by their worst finding', () => {
    const projected = projectPlan(result, front);
    for (const p of projected.placements) {
      const own = result.findings.filter((f) => f.placementId === p.id);
      const expected = own.some((f) => f.level === 'error')
        ? 'error'
        : own.some((f) => f.level === 'warning')
          ? 'warning'
          : 'ok';
      expect(p.status).toBe(expected);
    }
  });
});
