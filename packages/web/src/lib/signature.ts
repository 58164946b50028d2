/**
 * Pointer signatures: strokes captured on the pad become SVG path data the server accepts (absolute M/L
 * commands, coordinates inside the pad frame, at most one decimal). Pure, so it is tested without a browser.
 */

/** The pad frame; the server and the PDF use the same box. */
export const PAD = { width: 600, height: 200 } as const;
/** Fewer commands than this is a tap, not a signature (the server's rule too). */
export const MIN_COMMANDS = 5;

export type Point = readonly [number, number];

const clamp = (v: number, max: number): number => Math.min(max, Math.max(0, v));
const fmt = (v: number): string => String(Math.round(v * 10) / 10);

/** Drops points closer than `minStep` pad units to the previous kept one (pointer events are dense). */
export function thin(stroke: readonly Point[], minStep = 1.5): Point[] {
  const out: Point[] = [];
  for (const p of stroke) {
    const last = out.at(-1);
    if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= minStep) out.push(p);
  }
  return out;
}

export function strokesToPath(strokes: readonly (readonly Point[])[]): string {
  const parts: string[] = [];
  for (const stroke of strokes) {
    thin(stroke).forEach((p, i) => {
      parts.push(`${i === 0 ? 'M' : 'L'} ${fmt(clamp(p[0], PAD.width))} ${fmt(clamp(p[1], PAD.height))}`);
    });
  }
  return parts.join(' ');
}

export const commandCount = (path: string): number => (path.match(/[ML]/g) ?? []).length;

/** A point of a pointer event in pad units, from the element's on-screen box. */
export function toPad(
  clientX: number,
  clientY: number,
  box: { left: number; top: number; width: number; height: number },
): Point {
  return [((clientX - box.left) / box.width) * PAD.width, ((clientY - box.top) / box.height) * PAD.height];
}
