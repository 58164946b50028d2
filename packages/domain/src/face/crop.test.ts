import { describe, expect, it } from 'vitest';
import { FACE_CROP, faceBox, faceCrop, faceFill } from './crop.js';
import { syntheticFace } from './synthetic.js';

const IMAGE = { width: 1000, height: 1200 } as const;
const inside = (r: { x: number; y: number; width: number; height: number }, img: typeof IMAGE): boolean =>
  r.x >= 0 && r.y >= 0 && r.x + r.width <= img.width && r.y + r.height <= img.height;

describe('faceCrop', () => {
  it('frames the face with a margin, at the fixed aspect, inside the image', () => {
    const lm = syntheticFace({ iris: true, pxPerMm: 2.5 });
    const box = faceBox(lm);
    const crop = faceCrop(lm, IMAGE);
    expect(crop.width / crop.height).toBeCloseTo(FACE_CROP.aspect, 2);
    expect(inside(crop, IMAGE)).toBe(true);
    expect(crop.x).toBeLessThan(box.x);
    expect(crop.y).toBeLessThan(box.y);
    expect(crop.x + crop.width).toBeGreaterThan(box.x + box.width);
    expect(crop.y + crop.height).toBeGreaterThan(box.y + box.height);
    // The face fills most of the picture: a 12 % margin on the larger side of the face box.
    expect(faceFill(lm, crop)).toBeGreaterThan(0.65);
    expect(faceFill(lm, crop)).toBeLessThan(0.95);
    expect(Number.isInteger(crop.x + crop.y + crop.width + crop.height)).toBe(true);
  });

  it('gives the same aspect for a small and a large face, front and oblique (baseline vs follow-up)', () => {
    const crops = [
      faceCrop(syntheticFace({ pxPerMm: 1.5 }), IMAGE),
      faceCrop(syntheticFace({ pxPerMm: 3 }), IMAGE),
      faceCrop(syntheticFace({ pxPerMm: 2.5, yawDeg: 35 }), IMAGE),
    ];
    for (const c of crops) expect(c.width / c.height).toBeCloseTo(FACE_CROP.aspect, 2);
    // A larger face gets a larger crop: the face stays at the same size in the picture.
    expect(crops[1]!.height).toBeGreaterThan(crops[0]!.height);
  });

  it('slides inward at an image edge and shrinks (same aspect) when the face nearly fills the image', () => {
    const edge = syntheticFace({ pxPerMm: 2, centre: [150, 600] });
    const c1 = faceCrop(edge, IMAGE);
    expect(c1.x).toBe(0);
    expect(inside(c1, IMAGE)).toBe(true);
    const huge = syntheticFace({ pxPerMm: 5.5 });
    const c2 = faceCrop(huge, IMAGE);
    expect(inside(c2, IMAGE)).toBe(true);
    expect(c2.width / c2.height).toBeCloseTo(FACE_CROP.aspect, 2);
  });

  it('keeps extra points (a thread path) in the picture', () => {
    const lm = syntheticFace({ pxPerMm: 2 });
    const far: [number, number] = [950, 100];
    const c = faceCrop(lm, IMAGE, { include: [far] });
    expect(c.x + c.width).toBeGreaterThanOrEqual(950);
    expect(c.y).toBeLessThanOrEqual(100);
  });

  it('rejects landmarks that span no area and a bad aspect', () => {
    const flat = {
      ...syntheticFace(),
      mesh: syntheticFace().mesh.map(() => [5, 5, 0] as [number, number, number]),
    };
    expect(() => faceCrop(flat, IMAGE)).toThrow(/no area/);
    expect(() => faceCrop(syntheticFace(), IMAGE, { aspect: 0 })).toThrow(/aspect/);
  });
});
