import { toImage, type DangerZone, type FaceFrame } from '@liftplan/domain';
import type { Box, Pt } from './geometry.js';

/**
 * Zone labels placed on the drawing (an iPad has no hover): each label goes at its zone's anchor or, when that
 * spot is taken, at the nearest free spot around it (with a leader line back to the zone); a label that finds
 * no free spot inside the picture falls back to its legend number, placed the same way. No two labels overlap.
 * Pure: sizes are estimated from the text (Hangul and other wide characters count as one em, others ~0.6 em).
 */

export interface LabelRequest {
  readonly id: string;
  readonly text: string;
  /** Shown instead of `text` when the full label finds no room (the legend's number). */
  readonly short: string;
  readonly anchor: Pt;
}

export interface PlacedLabel {
  readonly id: string;
  readonly text: string;
  readonly anchor: Pt;
  /** Centre of the label box. */
  readonly at: Pt;
  readonly box: Box;
  /** True when the label sits away from its anchor (draw a leader line). */
  readonly leader: boolean;
  readonly abbreviated: boolean;
}

const WIDE = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/** Estimated text width in units of the font size. */
export function textEm(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 1 : ch === ' ' ? 0.3 : 0.6;
  return w;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const inside = (a: Box, bounds: Box): boolean =>
  a.x >= bounds.x && a.y >= bounds.y && a.x + a.w <= bounds.x + bounds.w && a.y + a.h <= bounds.y + bounds.h;

/** Offsets tried around an anchor, nearest first (in font-size units), 8 directions per ring. */
const RINGS = [0, 1.6, 3, 4.5, 6.5, 9];
const DIRS: readonly Pt[] = [
  [0, 0],
  [0, -1],
  [0, 1],
  [1, 0],
  [-1, 0],
  [0.8, -0.8],
  [-0.8, -0.8],
  [0.8, 0.8],
  [-0.8, 0.8],
];

/**
 * Places labels in order (earlier requests first: pass the most important first), each at the first free spot.
 * `fontSize` and `pad` are in the drawing's units; `bounds` is the visible part of the picture.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  fontSize: number,
  bounds: Box,
  pad = fontSize * 0.25,
): PlacedLabel[] {
  const taken: Box[] = [];
  const out: PlacedLabel[] = [];
  const h = fontSize * 1.25;
  const tryPlace = (r: LabelRequest, text: string): PlacedLabel | null => {
    const w = textEm(text) * fontSize + fontSize * 0.6;
    for (const ring of RINGS) {
      for (const d of ring === 0 ? DIRS.slice(0, 1) : DIRS.slice(1)) {
        // Horizontal moves clear the label's own half-width; vertical ones its height.
        const cx = r.anchor[0] + d[0] * (ring * fontSize + (d[0] !== 0 ? w / 2 : 0));
        const cy = r.anchor[1] + d[1] * ring * fontSize;
        const box = { x: cx - w / 2, y: cy - h / 2, w, h };
        const padded = { x: box.x - pad, y: box.y - pad, w: box.w + 2 * pad, h: box.h + 2 * pad };
        if (!inside(box, bounds) || taken.some((t) => overlaps(t, padded))) continue;
        taken.push(box);
        return {
          id: r.id,
          text,
          anchor: r.anchor,
          at: [cx, cy],
          box,
          leader: ring > 0,
          abbreviated: text !== r.text,
        };
      }
    }
    return null;
  };
  for (const r of requests) {
    const placed = tryPlace(r, r.text) ?? tryPlace(r, r.short);
    if (placed) out.push(placed);
  }
  return out;
}

/** A zone's label point in image coordinates: a circle's centre, a polygon's centroid, a corridor's midpoint. */
export function zoneAnchor(z: DangerZone, frame: FaceFrame): Pt {
  const s = z.shape;
  if (s.kind === 'circle') return toImage(frame, s.centre);
  if (s.kind === 'polygon') {
    const ps = s.points.map((p) => toImage(frame, p));
    return [ps.reduce((a, p) => a + p[0], 0) / ps.length, ps.reduce((a, p) => a + p[1], 0) / ps.length];
  }
  const ps = s.line.map((p) => toImage(frame, p));
  const seg: number[] = [];
  for (let i = 1; i < ps.length; i++) {
    const a = ps[i - 1] as Pt;
    const b = ps[i] as Pt;
    seg.push(Math.hypot(b[0] - a[0], b[1] - a[1]));
  }
  let half = seg.reduce((a, v) => a + v, 0) / 2;
  for (let i = 0; i < seg.length; i++) {
    const l = seg[i] ?? 0;
    const a = ps[i] as Pt;
    const b = ps[i + 1] as Pt;
    if (half <= l && l > 0) return [a[0] + ((b[0] - a[0]) * half) / l, a[1] + ((b[1] - a[1]) * half) / l];
    half -= l;
  }
  return ps[0] ?? [0, 0];
}

/** The label of a zone on the drawing: its name without the parenthesised synonyms. */
export const shortZoneName = (name: string): string => name.replace(/\s*\(.*\)\s*$/, '').trim();
