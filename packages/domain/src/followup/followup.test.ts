import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LandmarkSet } from '../case/schema.js';
import { JOWL_POINTS, MESH, PAIRED } from '../face/landmarks.js';
import { syntheticFace, type SyntheticFaceOptions } from '../face/synthetic.js';
import { compareFollowUp, checkVisitViews } from './change.js';
import { FACE_CONSISTENCY, stableShapeDistance } from './consistency.js';
import { apply2, apply3, fitSimilarity2, fitSimilarity3, type P2, type P3 } from './similarity.js';

/** Synthetic faces stand in for detector output, so they carry the detector whose bands were measured. */
const HUMAN = { id: 'human-facemesh', version: 'human 3.3.6' };
const face = (o: SyntheticFaceOptions = {}): LandmarkSet => ({
  ...syntheticFace({ iris: true, ...o }),
  detector: HUMAN,
});
const lowerJowls = (k: number): Map<number, [number, number, number]> =>
  new Map([...JOWL_POINTS.left, ...JOWL_POINTS.right].map((i) => [i, [0, -k, 0]]));

/**
 * A clearly different person (mm, canonical frame): eyes set 12 mm wider, outer corners 5 mm higher, a nose
 * 12 mm longer and 8 mm more projected. The check is coarse (it catches a different person's photo, not a
 * look-alike): these shifts give a shape distance of about 0.1, the low end of the different dev faces
 * measured by eval:bands (median 0.24).
 */
const otherPerson = new Map<number, [number, number, number]>([
  [PAIRED.innerCanthus.left, [6, 0, 0]],
  [PAIRED.innerCanthus.right, [-6, 0, 0]],
  [PAIRED.outerCanthus.left, [4, 5, 0]],
  [PAIRED.outerCanthus.right, [-4, 5, 0]],
  [MESH.noseTip, [0, -12, 8]],
  [MESH.subnasale, [0, -12, 3]],
  [5, [0, -9, 5]],
]);

it('the synthetic different person sits in the measured different-face range', () => {
  const d = stableShapeDistance(face(), face({ displace: otherPerson })).distance;
  expect(d).toBeGreaterThan(FACE_CONSISTENCY.maxDistance);
  expect(d).toBeLessThan(0.24);
});

describe('similarity fits', () => {
  it('recover a random 2-D similarity exactly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        (scale, rotation, tx, ty) => {
          const from: P2[] = [
            [0, 0],
            [10, 0],
            [3, 7],
            [-4, 2],
          ];
          const to = from.map((p) => apply2({ scale, rotation, tx, ty }, p));
          const t = fitSimilarity2(from, to);
          from.forEach((p, i) => {
            const q = apply2(t, p);
            expect(q[0]).toBeCloseTo((to[i] as P2)[0], 6);
            expect(q[1]).toBeCloseTo((to[i] as P2)[1], 6);
          });
        },
      ),
    );
  });

  it('recover a random 3-D similarity exactly', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.tuple(
          fc.double({ min: -1, max: 1, noNaN: true }),
          fc.double({ min: -1, max: 1, noNaN: true }),
          fc.double({ min: -1, max: 1, noNaN: true }),
        ),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (scale, axis, angle) => {
          const n = Math.hypot(...axis);
          // A near-zero (e.g. denormal) axis does not normalise to a unit vector: no rotation to recover.
          fc.pre(n > 1e-3);
          const [x, y, z] = axis.map((a) => a / n) as [number, number, number];
          const c = Math.cos(angle);
          const s = Math.sin(angle);
          const R = [
            c + x * x * (1 - c),
            x * y * (1 - c) - z * s,
            x * z * (1 - c) + y * s,
            y * x * (1 - c) + z * s,
            c + y * y * (1 - c),
            y * z * (1 - c) - x * s,
            z * x * (1 - c) - y * s,
            z * y * (1 - c) + x * s,
            c + z * z * (1 - c),
          ] as const;
          const T = { scale, R, t: [5, -7, 3] as const };
          const from: P3[] = [
            [0, 0, 0],
            [10, 0, 1],
            [3, 7, -2],
            [-4, 2, 5],
            [1, -6, 3],
          ];
          const to = from.map((p) => apply3(T, p));
          const fit = fitSimilarity3(from, to);
          from.forEach((p, i) => {
            const q = apply3(fit, p);
            for (let k = 0; k < 3; k++) expect(q[k]).toBeCloseTo((to[i] as P3)[k] as number, 6);
          });
        },
      ),
    );
  });
});

describe('follow-up change in the baseline frame', () => {
  const baseline = face();
  it('recovers a known k-mm jowl change under a random similarity (camera distance, roll, position)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 6, noNaN: true }),
        fc.double({ min: 2, max: 10, noNaN: true }),
        fc.double({ min: -12, max: 12, noNaN: true }),
        fc.double({ min: 200, max: 1500, noNaN: true }),
        fc.double({ min: 200, max: 1500, noNaN: true }),
        (k, pxPerMm, rollDeg, cx, cy) => {
          // The same change photographed from where the baseline was: what the metric should report.
          const expected = compareFollowUp(baseline, face({ displace: lowerJowls(k) }));
          const r = compareFollowUp(
            baseline,
            face({ displace: lowerJowls(k), pxPerMm, rollDeg, centre: [cx, cy] }),
          );
          expect(r.ok && expected.ok).toBe(true);
          if (!r.ok || !expected.ok) return;
          for (const side of ['left', 'right'] as const) {
            const c = r.changes.find((x) => x.id === 'jowl-depth' && x.side === side);
            const e = expected.changes.find((x) => x.id === 'jowl-depth' && x.side === side);
            expect(c && e).toBeTruthy();
            if (!c || !e) return;
            // Within its band: the synthetic face has no detector noise, so far inside it.
            expect(c.mdc).not.toBeNull();
            expect(Math.abs(c.change - e.change)).toBeLessThan((c.mdc ?? 0) / 100);
            expect(c.verdict).toBe(Math.abs(c.change) > (c.mdc ?? Infinity) ? 'change' : 'within-error');
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('calls a change below its MDC "within measurement error" and one above it a change', () => {
    const r = compareFollowUp(baseline, face({ displace: lowerJowls(0.01), pxPerMm: 6 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c = r.changes.find((x) => x.id === 'jowl-depth' && x.side === 'left');
    expect(c?.verdict).toBe('within-error');
    const mdc = c?.mdc ?? NaN;
    const big = compareFollowUp(baseline, face({ displace: lowerJowls(mdc * 2), pxPerMm: 6 }));
    const cb = big.ok ? big.changes.find((x) => x.id === 'jowl-depth' && x.side === 'left') : undefined;
    expect(cb?.verdict).toBe('change');
  });

  it('refuses a different face with a clear message, and accepts the same face', () => {
    expect(stableShapeDistance(baseline, face({ pxPerMm: 7, rollDeg: 9 })).distance).toBeLessThan(1e-9);
    const r = compareFollowUp(baseline, face({ displace: otherPerson, pxPerMm: 7 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('face-mismatch');
    expect(r.message).toMatch(/do not show the same face/);
    expect(r.message).toMatch(/not identification/);
    expect(r.consistency.distance).toBeGreaterThan(FACE_CONSISTENCY.maxDistance);
  });
});

describe('views of one visit', () => {
  it('accept obliques of the same face (3-D pose taken out) and refuse another person', () => {
    const front = face();
    const same = checkVisitViews([
      { view: 'front', landmarks: front },
      { view: 'oblique-left', landmarks: face({ yawDeg: 35, pxPerMm: 5 }) },
      { view: 'profile-right', landmarks: face({ yawDeg: -80, pitchDeg: 5 }) },
    ]);
    expect(same.map((v) => v.result.ok)).toEqual([true, true]);
    const other = checkVisitViews([
      { view: 'front', landmarks: front },
      { view: 'oblique-left', landmarks: face({ yawDeg: 35, displace: otherPerson }) },
    ]);
    expect(other[0]?.result.ok).toBe(false);
    expect(other[0]?.result.ok === false ? other[0].result.message : '').toMatch(/oblique-left photo/);
  });
});
