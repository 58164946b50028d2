/**
 * Rotated square crops of a raster into a model's float input, and the mapping back. Pure (Node's sharp
 * rasters and the browser's canvas ImageData alike), so both builds feed the models the same numbers.
 */
import type { PixelRaster } from '../raster.js';

/**
 * A rotated square region of a raster, in the raster's continuous coordinates (pixel i spans [i, i+1)):
 * centre, side length and the angle of the crop's x axis (radians, image coordinates, y down).
 */
export interface Roi {
  readonly cx: number;
  readonly cy: number;
  readonly size: number;
  readonly angle: number;
}

/** Output value range of a model input: [0, 1] (landmarks) or [-1, 1] (detector). */
export type InputRange = 'unit' | 'signed';

/** Halves a raster by 2×2 box averaging (odd last row/column dropped): one mip level. */
function halve(src: PixelRaster): PixelRaster {
  const w = Math.max(1, Math.floor(src.width / 2));
  const h = Math.max(1, Math.floor(src.height / 2));
  const C = src.channels;
  const out = new Uint8Array(w * h * C);
  const d = src.data;
  const W = src.width;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i0 = (2 * y * W + 2 * x) * C;
      const i1 = i0 + W * C;
      const o = (y * w + x) * C;
      for (let c = 0; c < C; c++) {
        out[o + c] =
          ((d[i0 + c] ?? 0) + (d[i0 + C + c] ?? 0) + (d[i1 + c] ?? 0) + (d[i1 + C + c] ?? 0) + 2) >> 2;
      }
    }
  }
  return { data: out, width: w, height: h, channels: C };
}

const pyramids = new WeakMap<object, PixelRaster[]>();

/**
 * Mip levels of a raster (level L = 2^L raster pixels per pixel), built once per raster and cached: a crop is
 * read from the level where one output pixel spans 1–2 level pixels, so a large face is averaged (no
 * aliasing) at the cost of one bilinear read per output pixel.
 */
function level(src: PixelRaster, step: number): { raster: PixelRaster; factor: number } {
  let levels = pyramids.get(src.data);
  if (!levels) {
    levels = [src];
    pyramids.set(src.data, levels);
  }
  const want = Math.max(0, Math.floor(Math.log2(Math.max(1, step))));
  while (levels.length <= want) {
    const last = levels[levels.length - 1] ?? src;
    if (last.width < 4 || last.height < 4) break;
    levels.push(halve(last));
  }
  const L = Math.min(want, levels.length - 1);
  return { raster: levels[L] ?? src, factor: 2 ** L };
}

/**
 * Samples `roi` into an `out`×`out`×3 float tensor (row-major HWC), bilinear from the mip level that suits the
 * ROI's scale. `mirror` flips the crop left-right (the mirrored pass). Outside the raster reads as black.
 */
export function warpCrop(
  full: PixelRaster,
  roi: Roi,
  out: number,
  range: InputRange,
  mirror = false,
): Float32Array {
  const data = new Float32Array(out * out * 3);
  const step0 = roi.size / out;
  const { raster: src, factor } = level(full, step0);
  const { width: W, height: H, channels: C } = src;
  const px = src.data;
  const step = step0 / factor;
  const cos = Math.cos(roi.angle) * step;
  const sin = Math.sin(roi.angle) * step;
  const scale = range === 'unit' ? 1 / 255 : 2 / 255;
  const offset = range === 'unit' ? 0 : -1;
  const half = out / 2;
  const cx = roi.cx / factor;
  const cy = roi.cy / factor;
  for (let v = 0; v < out; v++) {
    const cv = v + 0.5 - half;
    for (let u = 0; u < out; u++) {
      const cu0 = u + 0.5 - half;
      const cu = mirror ? -cu0 : cu0;
      // Level continuous coordinate, then pixel-centre index space for bilinear sampling.
      const x = cx + cu * cos - cv * sin - 0.5;
      const y = cy + cu * sin + cv * cos - 0.5;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const fx = x - x0;
      const fy = y - y0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < 2; dy++) {
        const yy = y0 + dy;
        if (yy < 0 || yy >= H) continue;
        const wy = dy === 0 ? 1 - fy : fy;
        for (let dx = 0; dx < 2; dx++) {
          const xx = x0 + dx;
          if (xx < 0 || xx >= W) continue;
          const w = wy * (dx === 0 ? 1 - fx : fx);
          const i = (yy * W + xx) * C;
          r += w * (px[i] ?? 0);
          g += w * (px[i + 1] ?? 0);
          b += w * (px[i + 2] ?? 0);
        }
      }
      const o = (v * out + u) * 3;
      data[o] = r * scale + offset;
      data[o + 1] = g * scale + offset;
      data[o + 2] = b * scale + offset;
    }
  }
  return data;
}

/** A crop-space point (continuous, 0..out) -> raster continuous coordinates; `mirror` as in `warpCrop`. */
export function cropToRaster(roi: Roi, out: number, u: number, v: number, mirror = false): [number, number] {
  const step = roi.size / out;
  const cu = (mirror ? out - u : u) - out / 2;
  const cv = v - out / 2;
  const c = Math.cos(roi.angle) * step;
  const s = Math.sin(roi.angle) * step;
  return [roi.cx + cu * c - cv * s, roi.cy + cu * s + cv * c];
}
