import { describe, expect, it } from 'vitest';
import type { LandmarkSet, Point3 } from '../case/schema.js';
import { CALIBRATION } from '../evidence/thresholds.js';
import { calibrate, IRIS_FIT, irisDiameterFit } from './calibration.js';
import { IRIS } from './landmarks.js';
import { syntheticFace } from './synthetic.js';

const withIris = (f: (iris: Point3[]) => Point3[]): LandmarkSet => {
  const face = syntheticFace({ iris: true, pxPerMm: 5 });
  return { ...face, iris: f([...(face.iris ?? [])]) };
};

describe('calibration: source and its own uncertainty', () => {
  it('iris: source "iris", scale 11.77 mm over the fitted diameter, band at least the measured floor', () => {
    const c = calibrate(syntheticFace({ iris: true, pxPerMm: 5 }));
    expect(c.source).toBe('iris');
    expect(c.mmPerPx).toBeCloseTo(0.2, 10);
    expect(c.relativeUncertainty).toBeCloseTo(IRIS_FIT.repeatabilityFloor, 6);
    expect(c.warnings).toEqual([]);
  });

  it('the iris fit is robust: one wild contour point barely moves it', () => {
    const lm = withIris((iris) => {
      const i = IRIS.left.contour[0];
      const p = iris[i];
      if (p) iris[i] = [p[0] + 20, p[1], p[2]];
      return iris;
    });
    const fit = irisDiameterFit(lm);
    expect(fit?.diameterPx).toBeGreaterThan(CALIBRATION.irisDiameterMm * 5 * 0.97);
    expect(fit?.diameterPx).toBeLessThan(CALIBRATION.irisDiameterMm * 5 * 1.1);
  });

  it('cross-checks against the inter-canthal distance: irises far too small widen the band and warn', () => {
    const lm = withIris((iris) =>
      iris.map((p, i) => {
        const c = iris[i < 5 ? 0 : 5] ?? p;
        return [c[0] + (p[0] - c[0]) * 0.5, c[1] + (p[1] - c[1]) * 0.5, p[2]];
      }),
    );
    const c = calibrate(lm);
    expect(c.source).toBe('iris');
    expect(c.warnings.join(' ')).toMatch(/inter-canthal distance is \d\.\d\d iris diameters/);
    expect(c.relativeUncertainty).toBeGreaterThanOrEqual(0.06);
  });

  it('a calibration sticker wins over the iris and carries its own band', () => {
    const c = calibrate(syntheticFace({ iris: true, pxPerMm: 5 }), undefined, {
      sticker: { diameterPx: 100, diameterMm: 20, relativeUncertainty: 0.003 },
    });
    expect(c).toMatchObject({
      source: 'sticker',
      method: 'sticker',
      mmPerPx: 0.2,
      relativeUncertainty: 0.003,
    });
    expect(c.warnings).toEqual([]);
    const off = calibrate(syntheticFace({ iris: true, pxPerMm: 5 }), undefined, {
      sticker: { diameterPx: 70, diameterMm: 20, relativeUncertainty: 0.003 },
    });
    expect(off.warnings.join(' ')).toMatch(/lies flat on the forehead/);
  });

  it('pupillary distance and the population default say so, with wider bands', () => {
    const pd = calibrate(syntheticFace({ pxPerMm: 5 }), 62);
    expect(pd.source).toBe('pupillary-distance');
    expect(pd.relativeUncertainty).toBeCloseTo(1 / 62, 6);
    const pop = calibrate(syntheticFace({ pxPerMm: 5 }));
    expect(pop.source).toBe('population-estimate');
    expect(pop.estimate).toBe(true);
    expect(pop.relativeUncertainty).toBeGreaterThan(pd.relativeUncertainty);
  });
});
