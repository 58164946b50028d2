import { describe, expect, it } from 'vitest';
import { REGIONS, SIDES } from '../case/vocab.js';
import { pointInPolygon } from '../geometry/polygon.js';
import { segmentsIntersect } from '../geometry/segment.js';
import type { FacePoint } from '../geometry/types.js';
import { calibrate } from './calibration.js';
import { buildFaceFrame, faceLandmark } from './frame.js';
import { BROW_LOWER, JAW_BORDER, PAIRED, ZONE_LANDMARKS } from './landmarks.js';
import { MESH_MIRROR } from './mirror.js';
import { NECK_DEPTH_BELOW_JAW_MM, REGION_OUTLINES, regionPolygon } from './regions.js';
import { syntheticFace } from './synthetic.js';

const lm = syntheticFace({ iris: true });
const frame = buildFaceFrame(lm, calibrate(lm));

const isSimple = (poly: readonly FacePoint[]): boolean => {
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const a = poly[i] as FacePoint;
      const b = poly[(i + 1) % n] as FacePoint;
      const c = poly[j] as FacePoint;
      const d = poly[(j + 1) % n] as FacePoint;
      if (segmentsIntersect(a, b, c, d)) return false;
    }
  }
  return true;
};

describe('danger-zone landmarks', () => {
  it('are mirror pairs with the left one on +x', () => {
    const lists = [
      ...Object.values(ZONE_LANDMARKS).map((p) => ({ left: [p.left], right: [p.right] })),
      BROW_LOWER,
      JAW_BORDER,
    ];
    for (const l of lists) {
      expect(l.right).toEqual(l.left.map((i) => MESH_MIRROR[i]));
      for (const i of l.left) expect(faceLandmark(frame, lm, i)[0]).toBeGreaterThan(-1e-9);
    }
  });
});

describe('treatment regions', () => {
  it('lists the right side as the mesh mirror of the left', () => {
    for (const outline of Object.values(REGION_OUTLINES)) {
      expect(outline.right).toEqual(outline.left.map((i) => MESH_MIRROR[i]));
    }
  });

  it('gives a simple polygon on the correct side for every region', () => {
    for (const region of REGIONS) {
      for (const side of SIDES) {
        const poly = regionPolygon(region, side, lm, frame);
        expect(poly.length, `${region}:${side}`).toBeGreaterThanOrEqual(3);
        expect(isSimple(poly), `${region}:${side}`).toBe(true);
        const meanX = poly.reduce((s, p) => s + p[0], 0) / poly.length;
        expect(Math.sign(meanX), `${region}:${side}`).toBe(side === 'left' ? 1 : -1);
      }
    }
  });

  it('orders the regions from top to bottom', () => {
    const meanY = (region: (typeof REGIONS)[number]): number => {
      const poly = regionPolygon(region, 'left', lm, frame);
      return poly.reduce((s, p) => s + p[1], 0) / poly.length;
    };
    expect(meanY('brow')).toBeGreaterThan(meanY('midface'));
    expect(meanY('midface')).toBeGreaterThan(meanY('nasolabial'));
    expect(meanY('nasolabial')).toBeGreaterThan(meanY('marionette'));
    expect(meanY('jowl')).toBeGreaterThan(meanY('neck'));
  });

  it('builds the neck below the jaw border and puts the malar point in the midface', () => {
    const neck = regionPolygon('neck', 'left', lm, frame);
    const gonion = faceLandmark(frame, lm, PAIRED.gonion.left);
    expect(pointInPolygon([gonion[0] - 5, gonion[1] - NECK_DEPTH_BELOW_JAW_MM / 2], neck)).toBe(true);
    const malar = faceLandmark(frame, lm, PAIRED.malar.left);
    expect(pointInPolygon(malar, regionPolygon('midface', 'left', lm, frame))).toBe(true);
  });
});
