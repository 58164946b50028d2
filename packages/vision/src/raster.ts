/**
 * Pixel geometry and resampling shared by Node and the browser: no Node built-ins, no sharp, no DOM. Node
 * hands in sharp's RGB rasters, the browser a canvas's RGBA `ImageData`; both go through the same code.
 */

/** Long side of the raster the detector sees: blazeface runs at 256 px and the mesh at 192 px per face. */
export const DETECT_MAX_SIDE = 1280;

/** An axis-aligned rectangle in original-image pixels (continuous coordinates: the edges). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Packed 8-bit pixels, row-major: RGB (sharp) or RGBA (a canvas's ImageData). */
export interface PixelRaster {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
}

/** A single-channel image (luminance 0–255), row-major. */
export interface GrayImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Size of the detection raster for an upright original: long side ≤ maxSide, never enlarged. */
export function detectionSize(
  width: number,
  height: number,
  maxSide = DETECT_MAX_SIDE,
): { width: number; height: number } {
  const s = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/**
 * The whole-pixel part of `rect` inside the original and the size it is read at (long side ≤ maxSide, never
 * enlarged); `scale` = original pixels per read pixel. Used for the tiled search and detect-then-crop.
 */
export function regionRead(
  rect: Rect,
  originalWidth: number,
  originalHeight: number,
  maxSide: number,
): { region: Rect; outWidth: number; outHeight: number; scale: number } {
  const x = Math.max(0, Math.floor(rect.x));
  const y = Math.max(0, Math.floor(rect.y));
  const w = Math.max(1, Math.min(originalWidth - x, Math.ceil(rect.width)));
  const h = Math.max(1, Math.min(originalHeight - y, Math.ceil(rect.height)));
  const longSide = Math.max(w, h);
  const target = Math.min(maxSide, longSide);
  const outWidth = Math.max(1, Math.round((w * target) / longSide));
  const outHeight = Math.max(1, Math.round((h * target) / longSide));
  return { region: { x, y, width: w, height: h }, outWidth, outHeight, scale: w / outWidth };
}

const lanczos3 = (x: number): number => {
  if (x === 0) return 1;
  if (x <= -3 || x >= 3) return 0;
  const px = Math.PI * x;
  return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
};

/**
 * Lanczos-3 weights (widened when shrinking), flattened: output sample o uses source indices
 * `index[start[o] .. start[o + 1])` (edges clamped) with `weight[...]`, normalised to sum 1.
 */
interface Kernel {
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

function kernel(srcLen: number, outLen: number): Kernel {
  const scale = srcLen / outLen;
  const stretch = Math.max(1, scale);
  const support = 3 * stretch;
  const start = new Int32Array(outLen + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < outLen; o++) {
    start[o] = index.length;
    const centre = (o + 0.5) * scale - 0.5;
    const lo = Math.ceil(centre - support);
    const hi = Math.floor(centre + support);
    let sum = 0;
    const from = weight.length;
    for (let i = lo; i <= hi; i++) {
      const v = lanczos3((i - centre) / stretch);
      if (v === 0) continue;
      index.push(i < 0 ? 0 : i >= srcLen ? srcLen - 1 : i);
      weight.push(v);
      sum += v;
    }
    for (let k = from; k < weight.length; k++) weight[k] = (weight[k] ?? 0) / (sum || 1);
  }
  start[outLen] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

/**
 * Luminance (Rec. 601 weights on the stored, gamma-encoded values) of `rect` of a raster, resampled to
 * outWidth × outHeight with a separable Lanczos-3 filter (edges clamped). Identical in Node and the browser.
 */
export function lumaResample(src: PixelRaster, rect: Rect, outWidth: number, outHeight: number): GrayImage {
  const { data, width, height, channels } = src;
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(rect.x)));
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(rect.y)));
  const cw = Math.max(1, Math.min(width, Math.ceil(rect.x + rect.width)) - x0);
  const ch = Math.max(1, Math.min(height, Math.ceil(rect.y + rect.height)) - y0);
  // Luminance of the region.
  const luma = new Float32Array(cw * ch);
  for (let y = 0; y < ch; y++) {
    let i = ((y0 + y) * width + x0) * channels;
    const row = y * cw;
    for (let x = 0; x < cw; x++, i += channels) {
      luma[row + x] =
        0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
    }
  }
  // Horizontal pass (cw -> outWidth), then vertical (ch -> outHeight).
  const hk = kernel(cw, outWidth);
  const tmp = new Float32Array(outWidth * ch);
  for (let y = 0; y < ch; y++) {
    const row = y * cw;
    for (let o = 0; o < outWidth; o++) {
      let acc = 0;
      const end = hk.start[o + 1] as number;
      for (let k = hk.start[o] as number; k < end; k++) {
        acc += (hk.weight[k] as number) * (luma[row + (hk.index[k] as number)] as number);
      }
      tmp[y * outWidth + o] = acc;
    }
  }
  const vk = kernel(ch, outHeight);
  const out = new Uint8Array(outWidth * outHeight);
  for (let o = 0; o < outHeight; o++) {
    const begin = vk.start[o] as number;
    const end = vk.start[o + 1] as number;
    for (let x = 0; x < outWidth; x++) {
      let acc = 0;
      for (let k = begin; k < end; k++) {
        acc += (vk.weight[k] as number) * (tmp[(vk.index[k] as number) * outWidth + x] as number);
      }
      out[o * outWidth + x] = acc < 0 ? 0 : acc > 255 ? 255 : Math.round(acc);
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}
