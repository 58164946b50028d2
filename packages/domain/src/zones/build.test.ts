import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LandmarkSet } from '../case/schema.js';
import type { VIEWS } from '../case/vocab.js';
import { CITATIONS } from '../evidence/citations.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame, faceLandmark } from '../face/frame.js';
import { JAW_BORDER, PAIRED, ZONE_LANDMARKS, BROW_LOWER } from '../face/landmarks.js';
import { syntheticFace, type SyntheticFaceOptions } from '../face/synthetic.js';
import { distanceToPolyline } from '../geometry/segment.js';
import type { FacePoint } from '../geometry/types.js';
import { buildDangerZones } from './build.js';
import { DANGER_ZONE_KINDS, type DangerZone, type ZoneShape } from './types.js';

const zonesOf = (opts: SyntheticFaceOptions = {}, view: (typeof VIEWS)[number] = 'front') => {
  const lm = syntheticFace({ iris: true, ...opts });
  const frame = buildFaceFrame(lm, calibrate(lm));
  return { lm, frame, zones: buildDangerZones(lm, frame, view) };
};
const byId = (zones: readonly DangerZone[], id: string): DangerZone => {
  const z = zones.find((q) => q.id === id);
  if (!z) throw new Error(`no zone ${id}`);
  return z;
};
const pointsOf = (s: ZoneShape): readonly FacePoint[] =>
  s.kind === 'polygon' ? s.points : s.kind === 'corridor' ? s.line : [s.centre];
const sizeOf = (s: ZoneShape): number =>
  s.kind === 'circle' ? s.radiusMm : s.kind === 'corridor' ? s.halfWidthMm : 0;

function expectSameShape(a: ZoneShape, b: ZoneShape, mirror: boolean, tol: number): void {
  expect(a.kind).toBe(b.kind);
  expect(sizeOf(a)).toBeCloseTo(sizeOf(b), 9);
  const pa = pointsOf(a);
  const pb = pointsOf(b);
  expect(pa.length).toBe(pb.length);
  pa.forEach((p, i) => {
    const q = pb[i] as FacePoint;
    expect(Math.abs(p[0] - (mirror ? -q[0] : q[0]))).toBeLessThan(tol);
    expect(Math.abs(p[1] - q[1])).toBeLessThan(tol);
  });
}

describe('buildDangerZones', () => {
  const { lm, frame, zones } = zonesOf();

  it('builds every kind on both sides with unique ids and known citations', () => {
    expect(new Set(zones.map((z) => z.id)).size).toBe(zones.length);
    for (const side of ['left', 'right'] as const) {
      for (const kind of DANGER_ZONE_KINDS) {
        expect(
          zones.some((z) => z.kind === kind && z.side === side),
          `${kind}:${side}`,
        ).toBe(true);
      }
    }
    expect(zones.map((z) => z.id)).toContain('temporal-branch:left:pitanguy');
    for (const z of zones) {
      expect(z.cite.length).toBeGreaterThan(0);
      for (const k of z.cite) expect(CITATIONS[k], `${z.id} -> ${k}`).toBeDefined();
      expect(z.name.ko.length).toBeGreaterThan(0);
    }
  });

  it('puts left zones on +x and right zones on -x', () => {
    for (const z of zones) {
      const xs = pointsOf(z.shape).map((p) => p[0]);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.sign(mean), z.id).toBe(z.side === 'left' ? 1 : -1);
    }
  });

  it('is mirror-symmetric on the canonical face', () => {
    for (const left of zones.filter((z) => z.side === 'left')) {
      const right = byId(zones, left.id.replace(':left', ':right'));
      expectSameShape(left.shape, right.shape, true, 1e-6);
      expect(right.estimated).toBe(left.estimated);
      expect(right.severity).toBe(left.severity);
    }
  });

  it('is invariant in face-frame mm under image rotation, scale and translation', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -35, max: 35, noNaN: true }),
        fc.double({ min: 1.5, max: 12, noNaN: true }),
        fc.double({ min: 200, max: 2000, noNaN: true }),
        fc.double({ min: 200, max: 2000, noNaN: true }),
        (rollDeg, pxPerMm, cx, cy) => {
          const moved = zonesOf({ rollDeg, pxPerMm, centre: [cx, cy] }).zones;
          expect(moved.length).toBe(zones.length);
          zones.forEach((z, i) => {
            const m = moved[i] as DangerZone;
            expect(m.id).toBe(z.id);
            expectSameShape(m.shape, z.shape, false, 1e-6);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('centres DZ3 on the jaw contour 20 mm lateral of the commissure', () => {
    for (const side of ['left', 'right'] as const) {
      const z = byId(zones, `marginal-mandibular:${side}`);
      if (z.shape.kind !== 'circle') throw new Error('DZ3 must be a circle');
      const commissure = faceLandmark(frame, lm, PAIRED.mouthCorner[side]);
      expect(Math.abs(z.shape.centre[0] - commissure[0])).toBeCloseTo(20, 9);
      expect(Math.abs(z.shape.centre[0])).toBeGreaterThan(Math.abs(commissure[0]));
      const jaw = JAW_BORDER[side].map((i) => faceLandmark(frame, lm, i));
      expect(distanceToPolyline(z.shape.centre, jaw)).toBeLessThan(1e-9);
      expect(z.shape.radiusMm).toBe(THRESHOLDS.mmnZoneRadiusMm.value);
    }
  });

  it('places the foramina by the published distances', () => {
    const mental = byId(zones, 'mental-foramen:left').shape;
    const supra = byId(zones, 'supraorbital-foramen:left').shape;
    const infra = byId(zones, 'infraorbital-foramen:left').shape;
    if (mental.kind !== 'circle' || supra.kind !== 'circle' || infra.kind !== 'circle') {
      throw new Error('circles');
    }
    expect(mental.centre[0]).toBeCloseTo(25, 9);
    expect(supra.centre[0]).toBeCloseTo(24, 9);
    expect(infra.centre[0]).toBeGreaterThanOrEqual(26);
    expect(infra.centre[0]).toBeLessThanOrEqual(28.5);
    const rim = faceLandmark(frame, lm, ZONE_LANDMARKS.infraorbitalRim.left);
    expect(rim[1] - infra.centre[1]).toBeCloseTo(7.25, 9);
    // Supraorbital at brow level, infraorbital below the eye, mental above the chin border.
    const brow = faceLandmark(frame, lm, BROW_LOWER.left[1] as number);
    expect(Math.abs(supra.centre[1] - brow[1])).toBeLessThan(3);
    expect(infra.centre[1]).toBeLessThan(0);
    expect(mental.centre[1]).toBeLessThan(infra.centre[1]);
  });

  it('flags tragus-dependent zones as estimated on the front view, landmark-only zones not', () => {
    for (const z of zones) {
      if (z.cite.includes('tragus-not-frontal')) {
        expect(z.estimated, z.id).toBe(true);
        expect(z.estimateReason, z.id).toMatch(/tragus/);
        expect(z.estimateReason, z.id).toMatch(/foreshortened/);
      }
    }
    for (const id of ['zygomatic-buccal:left', 'facial-artery:right', 'mental-foramen:left']) {
      expect(byId(zones, id).estimated).toBe(false);
    }
    expect(byId(zones, 'great-auricular:left').estimateReason).toMatch(/ear canal/);
  });

  it('marks the far side on an oblique view and every mm zone when the scale is a guess', () => {
    const oblique = zonesOf({ yawDeg: 30 }, 'oblique-left').zones;
    expect(byId(oblique, 'zygomatic-buccal:right').estimateReason).toMatch(/faces away/);
    expect(byId(oblique, 'zygomatic-buccal:left').estimated).toBe(false);
    const lmNoIris: LandmarkSet = syntheticFace();
    const guessed = buildDangerZones(lmNoIris, buildFaceFrame(lmNoIris, calibrate(lmNoIris)), 'front');
    expect(byId(guessed, 'mental-foramen:left').estimateReason).toMatch(/population estimate/);
    expect(byId(guessed, 'zygomatic-buccal:left').estimated).toBe(false);
  });
});
