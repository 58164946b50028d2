/**
 * The optional calibration sticker: a dark printed disc of known diameter (e.g. 10 mm) on a light label,
 * stuck on the forehead. Found in a luminance image of the forehead by a pure function (no I/O, no DOM):
 * Otsu threshold, connected dark regions, the roundest one of plausible size, and a sub-pixel diameter from
 * its anti-aliased area (Σ darkness / contrast), which is far steadier than any edge point.
 */
import type { GrayImage } from './raster.js';

export const STICKER = {
  /** Area / (π/4 · bbox width · bbox height) of a disc is 1; a square scores 0.785, a smudge less. */
  minFill: 0.88,
  maxFill: 1.12,
  /** Bounding-box aspect ratio: a disc seen within ±25° of face-on stays within 0.9–1.1. */
  maxAspectDeviation: 0.1,
  /** Plausible size, as a fraction of the expected diameter in px (from the iris scale). */
  minSizeFraction: 0.6,
  maxSizeFraction: 1.6,
  /** Dark disc against its label: at least this contrast (0–255) between the two Otsu classes. */
  minContrast: 60,
} as const;

export interface StickerFind {
  /** Centre in the image's continuous coordinates. */
  readonly cx: number;
  readonly cy: number;
  readonly diameterPx: number;
  /** Relative SD of the diameter: ≈ ¼ px of edge noise spread over the disc's circumference. */
  readonly relativeUncertainty: number;
}

function otsu(img: GrayImage): number {
  const hist = new Array<number>(256).fill(0);
  for (const v of img.data) hist[v] = (hist[v] ?? 0) + 1;
  const total = img.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (hist[i] ?? 0);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let t = 127;
  for (let i = 0; i < 256; i++) {
    wB += hist[i] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += i * (hist[i] ?? 0);
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      t = i;
    }
  }
  return t;
}

/**
 * The sticker in `img`, or undefined. `expectedDiameterPx` (from the iris scale and the sticker's printed
 * size) only bounds the plausible size; the measured diameter never depends on it.
 */
export function findSticker(img: GrayImage, expectedDiameterPx: number): StickerFind | undefined {
  const { width: W, height: H, data } = img;
  const t = otsu(img);
  const dark = new Uint8Array(W * H);
  for (let i = 0; i < data.length; i++) dark[i] = (data[i] ?? 255) <= t ? 1 : 0;
  const label = new Int32Array(W * H).fill(-1);
  let best: (StickerFind & { score: number }) | undefined;
  const stack: number[] = [];
  for (let start = 0; start < W * H; start++) {
    if (!dark[start] || (label[start] ?? 0) >= 0) continue;
    // Flood fill one dark region (4-connected).
    const pixels: number[] = [];
    stack.push(start);
    label[start] = start;
    let x0 = W;
    let x1 = 0;
    let y0 = H;
    let y1 = 0;
    while (stack.length) {
      const p = stack.pop() ?? 0;
      pixels.push(p);
      const x = p % W;
      const y = (p - x) / W;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (const q of [
        x > 0 ? p - 1 : -1,
        x < W - 1 ? p + 1 : -1,
        y > 0 ? p - W : -1,
        y < H - 1 ? p + W : -1,
      ]) {
        if (q >= 0 && dark[q] && (label[q] ?? 0) < 0) {
          label[q] = start;
          stack.push(q);
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    const size = (w + h) / 2;
    if (
      size < STICKER.minSizeFraction * expectedDiameterPx ||
      size > STICKER.maxSizeFraction * expectedDiameterPx
    ) {
      continue;
    }
    if (Math.abs(w / h - 1) > STICKER.maxAspectDeviation) continue;
    if (x0 === 0 || y0 === 0 || x1 === W - 1 || y1 === H - 1) continue; // cut by the image edge
    const fill = pixels.length / ((Math.PI / 4) * w * h);
    if (fill < STICKER.minFill || fill > STICKER.maxFill) continue;
    // Sub-pixel area: darkness fraction between the disc's level and the label's (the median of a thin
    // annulus just outside the disc), summed over a disc a little larger than the mark. The printed label
    // must leave a white margin of at least 15 % of the diameter around the disc.
    const r0 = size / 2;
    const pad = Math.max(2, size * 0.12);
    const bx = (x0 + x1 + 1) / 2;
    const by = (y0 + y1 + 1) / 2;
    let inner = 0;
    for (const p of pixels) inner += data[p] ?? 0;
    const fg = inner / pixels.length;
    const ring: number[] = [];
    const wx0 = Math.max(0, Math.floor(bx - r0 - pad));
    const wx1 = Math.min(W - 1, Math.ceil(bx + r0 + pad));
    const wy0 = Math.max(0, Math.floor(by - r0 - pad));
    const wy1 = Math.min(H - 1, Math.ceil(by + r0 + pad));
    for (let y = wy0; y <= wy1; y++) {
      for (let x = wx0; x <= wx1; x++) {
        const r = Math.hypot(x + 0.5 - bx, y + 0.5 - by);
        if (r >= r0 + 1.5 && r <= r0 + pad) ring.push(data[y * W + x] ?? 0);
      }
    }
    if (ring.length === 0) continue;
    ring.sort((a, b) => a - b);
    const bg = ring[ring.length >> 1] ?? 255;
    if (bg - fg < STICKER.minContrast) continue;
    let area = 0;
    let mx = 0;
    let my = 0;
    for (let y = wy0; y <= wy1; y++) {
      for (let x = wx0; x <= wx1; x++) {
        if (Math.hypot(x + 0.5 - bx, y + 0.5 - by) > r0 + 1.5) continue;
        const f = Math.max(0, Math.min(1, (bg - (data[y * W + x] ?? 0)) / (bg - fg)));
        area += f;
        mx += f * (x + 0.5);
        my += f * (y + 0.5);
      }
    }
    const diameterPx = 2 * Math.sqrt(area / Math.PI);
    const score = Math.abs(fill - 1) + Math.abs(w / h - 1);
    if (!best || score < best.score) {
      best = {
        cx: mx / area,
        cy: my / area,
        diameterPx,
        relativeUncertainty: 0.25 / (Math.PI * diameterPx) + 0.001,
        score,
      };
    }
  }
  if (!best) return undefined;
  return {
    cx: best.cx,
    cy: best.cy,
    diameterPx: best.diameterPx,
    relativeUncertainty: best.relativeUncertainty,
  };
}
