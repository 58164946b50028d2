import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CANONICAL_TRIANGLES, CANONICAL_VERTICES_CM } from './canonical-mesh.data.js';
import {
  BROW_UPPER,
  EYE_OUTLINE,
  FACE_OVAL,
  JAW_CONTOUR,
  JOWL_POINTS,
  MESH,
  MIDLINE_FIT,
  PAIRED,
} from './landmarks.js';
import { MESH_MIRROR } from './mirror.js';
import { calibrate } from './calibration.js';
import { buildFaceFrame, toFace, toImage } from './frame.js';
import { syntheticFace } from './synthetic.js';
import { SIDES } from '../case/vocab.js';
import { CALIBRATION } from '../evidence/thresholds.js';

const vertex = (i: number): readonly [number, number, number] => {
  const v = CANONICAL_VERTICES_CM[i];
  if (!v) throw new Error(`no vertex ${i}`);
  return v;
};

describe('canonical mesh data', () => {
  it('matches the OBJ it was generated from', () => {
    const obj = readFileSync(
      fileURLToPath(new URL('../../test-data/canonical_face_model.obj', import.meta.url)),
      'utf8',
    );
    const v = obj.split('\n').filter((l) => l.startsWith('v '));
    const f = obj.split('\n').filter((l) => l.startsWith('f '));
    expect(v).toHaveLength(468);
    expect(f).toHaveLength(898);
    expect(CANONICAL_VERTICES_CM).toHaveLength(468);
    expect(CANONICAL_TRIANGLES).toHaveLength(898);
    v.forEach((line, i) => {
      expect(line.split(/\s+/).slice(1, 4).map(Number)).toEqual(vertex(i));
    });
  });
});

describe('named landmarks', () => {
  it('puts midline landmarks on the midline', () => {
    for (const i of [...Object.values(MESH), ...MIDLINE_FIT]) expect(vertex(i)[0]).toBe(0);
  });

  it('puts subject-left landmarks at +x and right at -x, mirror images of each other', () => {
    for (const [name, pair] of Object.entries(PAIRED)) {
      const l = vertex(pair.left);
      const r = vertex(pair.right);
      expect(l[0], name).toBeGreaterThan(0);
      expect(r[0], name).toBeLessThan(0);
      expect(MESH_MIRROR[pair.left], name).toBe(pair.right);
    }
    for (const lists of [BROW_UPPER, JAW_CONTOUR, JOWL_POINTS, EYE_OUTLINE]) {
      lists.left.forEach((i, k) => {
        expect(MESH_MIRROR[i]).toBe(lists.right[k]);
      });
    }
  });

  it('orders the brow medial to lateral and the jaw contour gonion to pre-jowl', () => {
    for (const side of SIDES) {
      const xs = BROW_UPPER[side].map((i) => Math.abs(vertex(i)[0]));
      expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      const jaw = JAW_CONTOUR[side].map((i) => Math.abs(vertex(i)[0]));
      expect([...jaw].sort((a, b) => b - a)).toEqual(jaw);
    }
  });

  it('mirror map is an involution with 28 fixed midline vertices', () => {
    MESH_MIRROR.forEach((j, i) => {
      expect(MESH_MIRROR[j]).toBe(i);
    });
    expect(MESH_MIRROR.filter((j, i) => j === i)).toHaveLength(28);
    expect(FACE_OVAL).toHaveLength(36);
  });
});

describe('face frame and calibration', () => {
  it('calibrates from the iris at 11.77 mm', () => {
    const face = syntheticFace({ iris: true, pxPerMm: 5 });
    const c = calibrate(face);
    expect(c.method).toBe('iris-diameter');
    expect(c.estimate).toBe(false);
    expect(c.mmPerPx).toBeCloseTo(1 / 5, 10);
  });

  it('uses a measured pupillary distance when there is no iris', () => {
    const face = syntheticFace({ pxPerMm: 5 });
    const c = calibrate(face, 62);
    expect(c.method).toBe('pupillary-distance');
    expect(c.estimate).toBe(false);
    expect(c.warnings.join(' ')).toMatch(/estimated from the eye corners/);
  });

  it('falls back to a population default and flags it as an estimate', () => {
    const face = syntheticFace({ pxPerMm: 5 });
    const c = calibrate(face);
    expect(c.method).toBe('population-default');
    expect(c.estimate).toBe(true);
    expect(c.mmPerPx).toBeCloseTo(
      CALIBRATION.populationOuterCanthalWidthMm / (CALIBRATION.populationOuterCanthalWidthMm * 5),
      10,
    );
  });

  it('recovers roll and maps image <-> face frame both ways', () => {
    const face = syntheticFace({ iris: true, rollDeg: 20 });
    const frame = buildFaceFrame(face, calibrate(face));
    expect(frame.roll).toBeCloseTo(20, 6);
    const p: [number, number] = [123, 456];
    const back = toImage(frame, toFace(frame, p));
    expect(back[0]).toBeCloseTo(123, 9);
    expect(back[1]).toBeCloseTo(456, 9);
    // The subject's left eye corner lies at +x, above the mouth corner.
    const eye = toFace(frame, [
      face.mesh[PAIRED.outerCanthus.left]?.[0] ?? 0,
      face.mesh[PAIRED.outerCanthus.left]?.[1] ?? 0,
    ]);
    expect(eye[0]).toBeGreaterThan(40);
    expect(Math.abs(eye[1])).toBeLessThan(2);
  });
});
