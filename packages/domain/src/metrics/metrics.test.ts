import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { syntheticFace } from '../face/synthetic.js';
import { JOWL_POINTS } from '../face/landmarks.js';
import type { Side } from '../case/vocab.js';
import { measureView, findMetric } from './measure.js';
import type { MeasuredMetric, ViewMeasurements } from './types.js';

const values = (m: ViewMeasurements): Map<string, number> =>
  new Map(
    m.metrics
      .filter((x): x is MeasuredMetric => x.status === 'measured')
      .map((x) => [`${x.id}:${x.side}`, x.value]),
  );

const lowerJowl = (side: Side, k: number): Map<number, [number, number, number]> =>
  new Map(JOWL_POINTS[side].map((i) => [i, [0, -k, 0]]));

const baseline = values(measureView(syntheticFace({ iris: true }), 'front'));

describe('measurements on a synthetic canonical face', () => {
  it('are symmetric and measurable on the front view, except the upper third', () => {
    const m = measureView(syntheticFace({ iris: true }), 'front');
    for (const a of m.asymmetries) expect(Math.abs(a.difference), a.id).toBeLessThan(1e-9);
    const notMeasurable = m.metrics.filter((x) => x.status === 'not-measurable');
    expect(notMeasurable.map((x) => x.id)).toEqual(['upper-third']);
    expect(baseline.get('lower-face-width-ratio:bilateral')).toBeCloseTo(0.775, 3);
  });

  // Tolerance: in-plane similarity transforms are exact in 2-D, so the only error is floating point.
  const TOLERANCE_MM = 1e-6;
  it(`give the same mm values under random roll, scale and translation (±${TOLERANCE_MM} mm)`, () => {
    fc.assert(
      fc.property(
        fc.double({ min: -35, max: 35, noNaN: true }),
        fc.double({ min: 1, max: 12, noNaN: true }),
        fc.double({ min: -500, max: 2500, noNaN: true }),
        fc.double({ min: -500, max: 2500, noNaN: true }),
        (rollDeg, pxPerMm, cx, cy) => {
          const v = values(
            measureView(syntheticFace({ iris: true, rollDeg, pxPerMm, centre: [cx, cy] }), 'front'),
          );
          for (const [k, base] of baseline) {
            expect(Math.abs((v.get(k) ?? NaN) - base), k).toBeLessThan(TOLERANCE_MM);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  // Small head turns change the 2-D projection itself; the tolerance is what ±3° of yaw/pitch costs.
  const POSE_TOLERANCE_MM = 1.5;
  it(`stay within ${POSE_TOLERANCE_MM} mm / ° under small yaw and pitch (±3°)`, () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        (yawDeg, pitchDeg) => {
          const v = values(measureView(syntheticFace({ iris: true, yawDeg, pitchDeg }), 'front'));
          for (const [k, base] of baseline) {
            if (k.includes('ratio')) continue;
            expect(Math.abs((v.get(k) ?? NaN) - base), k).toBeLessThan(POSE_TOLERANCE_MM);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('swap left and right when the photo is mirrored', () => {
    const displace = lowerJowl('left', 4);
    const original = values(measureView(syntheticFace({ iris: true, displace }), 'front'));
    const mirrored = values(measureView(syntheticFace({ iris: true, displace, imageWidth: 1000 }), 'front'));
    for (const [k, v] of original) {
      const swapped = k.endsWith(':left')
        ? k.replace(':left', ':right')
        : k.endsWith(':right')
          ? k.replace(':right', ':left')
          : k;
      expect(mirrored.get(swapped), k).toBeCloseTo(v, 6);
    }
  });

  it('raise one side’s jowl depth and the asymmetry by about k when its jowl is lowered by k mm', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 10, noNaN: true }),
        fc.constantFrom<Side>('left', 'right'),
        (k, side) => {
          const m = measureView(
            syntheticFace({ iris: true, displace: lowerJowl(side, k), rollDeg: 7 }),
            'front',
          );
          const other: Side = side === 'left' ? 'right' : 'left';
          expect(
            (findMetric(m, 'jowl-depth', side)?.value ?? NaN) - (baseline.get(`jowl-depth:${side}`) ?? NaN),
          ).toBeCloseTo(k, 6);
          expect(findMetric(m, 'jowl-depth', other)?.value).toBeCloseTo(
            baseline.get(`jowl-depth:${other}`) ?? NaN,
            6,
          );
          const a = m.asymmetries.find((x) => x.id === 'jowl-depth');
          expect(Math.abs(a?.difference ?? NaN)).toBeCloseTo(k, 6);
          expect(a?.perceptible).toBe(k > 3);
          if (k > 3) expect(a?.moreAffectedSide).toBe(side);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('flags a mouth-corner droop above 3 mm on the drooping side', () => {
    const m = measureView(syntheticFace({ iris: true, displace: new Map([[291, [0, -4, 0]]]) }), 'front');
    const a = m.asymmetries.find((x) => x.id === 'commissure-height');
    expect(a?.difference).toBeCloseTo(-4, 6);
    expect(a?.perceptible).toBe(true);
    expect(a?.moreAffectedSide).toBe('left');
  });

  it('labels mm values as estimates when the scale is a population default, but not ratios', () => {
    const m = measureView(syntheticFace(), 'front');
    expect(m.calibration.estimate).toBe(true);
    expect(findMetric(m, 'jowl-depth', 'left')?.estimate).toBe(true);
    expect(findMetric(m, 'lower-face-width-ratio', 'bilateral')?.estimate).toBe(false);
  });

  it('reports front-only metrics on an oblique photo as not measurable, with the reason', () => {
    const m = measureView(syntheticFace({ iris: true, yawDeg: 40 }), 'oblique-left');
    const brow = m.metrics.find((x) => x.id === 'lateral-brow-height' && x.side === 'left');
    expect(brow?.status).toBe('not-measurable');
    if (brow?.status === 'not-measurable') expect(brow.reason).toMatch(/front view/);
    expect(findMetric(m, 'jowl-depth', 'left')).toBeDefined();
    expect(m.metrics.find((x) => x.id === 'jowl-depth' && x.side === 'right')?.status).toBe('not-measurable');
    expect(m.asymmetries).toHaveLength(0);
  });
});
