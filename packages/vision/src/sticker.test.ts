import { describe, expect, it } from 'vitest';
import type { GrayImage } from './raster.js';
import { findSticker } from './sticker.js';

/** A skin-toned forehead with noise, and anti-aliased shapes drawn by 8×8 supersampling. */
function draw(
  width: number,
  height: number,
  shapes: { inside: (x: number, y: number) => boolean; level: number }[],
  seed = 1,
): GrayImage {
  let s = seed;
  const rand = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 170 + (rand() - 0.5) * 12 + (x / width) * 10;
      for (const sh of shapes) {
        let c = 0;
        for (let sy = 0; sy < 8; sy++) {
          for (let sx = 0; sx < 8; sx++) if (sh.inside(x + (sx + 0.5) / 8, y + (sy + 0.5) / 8)) c++;
        }
        v = v * (1 - c / 64) + sh.level * (c / 64);
      }
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { data, width, height };
}
const disc = (cx: number, cy: number, d: number, level = 20) => ({
  inside: (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= (d / 2) ** 2,
  level,
});
const label = (cx: number, cy: number, d: number) => disc(cx, cy, d, 245);

describe('calibration sticker detection on drawn images', () => {
  it('measures a printed disc to well under 1 % of its diameter, at sub-pixel precision', () => {
    for (const d of [24.3, 37.8, 52.5]) {
      const img = draw(240, 120, [label(130.2, 60.7, d * 1.6), disc(130.2, 60.7, d)]);
      const s = findSticker(img, d);
      expect(s).toBeDefined();
      expect(Math.abs((s?.diameterPx ?? 0) - d) / d).toBeLessThan(0.01);
      expect(s?.cx).toBeCloseTo(130.2, 0);
      expect(s?.cy).toBeCloseTo(60.7, 0);
      expect(s?.relativeUncertainty).toBeLessThan(0.01);
    }
  });

  it('finds none on a bare forehead, and refuses a square mark and a stretched ellipse', () => {
    expect(findSticker(draw(240, 120, []), 30)).toBeUndefined();
    const square = {
      inside: (x: number, y: number) => Math.abs(x - 120) < 15 && Math.abs(y - 60) < 15,
      level: 20,
    };
    expect(findSticker(draw(240, 120, [label(120, 60, 60), square]), 30)).toBeUndefined();
    const ellipse = {
      inside: (x: number, y: number) => ((x - 120) / 20) ** 2 + ((y - 60) / 13) ** 2 <= 1,
      level: 20,
    };
    expect(findSticker(draw(240, 120, [label(120, 60, 60), ellipse]), 30)).toBeUndefined();
  });

  it('ignores dark round things of the wrong size (a mole, a large shadow)', () => {
    const img = draw(300, 150, [disc(40, 40, 6), label(160, 75, 50), disc(160, 75, 30)]);
    const s = findSticker(img, 30);
    expect(s?.cx).toBeCloseTo(160, 0);
    expect(findSticker(draw(300, 150, [disc(40, 40, 6)]), 30)).toBeUndefined();
  });
});
