import { buildDangerZones, makeCase } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { frameOf, type Box } from './geometry.js';
import { placeLabels, shortZoneName, textEm, zoneAnchor, type LabelRequest } from './zone-labels.js';

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('zone labels on the drawing', () => {
  const bounds = { x: 0, y: 0, w: 400, h: 400 };

  it('never overlap and stay inside the picture, even when every anchor is the same point', () => {
    const reqs: LabelRequest[] = Array.from({ length: 12 }, (_, i) => ({
      id: `z${i}`,
      text: i % 2 ? '귀밑샘관' : 'Marginal mandibular branch',
      short: String(i + 1),
      anchor: [200, 200],
    }));
    const placed = placeLabels(reqs, 12, bounds);
    expect(placed.length).toBe(12);
    for (const [i, a] of placed.entries()) {
      expect(a.box.x).toBeGreaterThanOrEqual(0);
      expect(a.box.x + a.box.w).toBeLessThanOrEqual(400);
      for (const b of placed.slice(i + 1)) expect(overlap(a.box, b.box), `${a.id} ${b.id}`).toBe(false);
    }
    // The first keeps its anchor; the others are moved away with a leader line.
    expect(placed[0]?.leader).toBe(false);
    expect(placed.slice(1).every((p) => p.leader)).toBe(true);
  });

  it('falls back to the legend number when the full name finds no room, and drops nothing that fits', () => {
    const tiny = { x: 0, y: 0, w: 60, h: 20 };
    const placed = placeLabels(
      [
        { id: 'a', text: 'Superficial temporal artery', short: '5', anchor: [30, 10] },
        { id: 'b', text: 'x', short: '6', anchor: [30, 10] },
      ],
      10,
      tiny,
    );
    expect(placed.find((p) => p.id === 'a')).toMatchObject({ text: '5', abbreviated: true });
    expect(placed.find((p) => p.id === 'b')).toBeDefined();
  });

  it('Korean counts wider than Latin; names lose their parenthesised synonyms', () => {
    expect(textEm('귀밑샘관')).toBeGreaterThan(textEm('abcd'));
    expect(shortZoneName('귀밑샘관 (이하선관, 스텐슨관)')).toBe('귀밑샘관');
    expect(shortZoneName('Parotid duct')).toBe('Parotid duct');
  });

  it('anchors every zone of a real face inside its picture', () => {
    const c = makeCase();
    const front = c.photos[0];
    if (!front) throw new Error('no photo');
    const frame = frameOf(front.landmarks);
    const zones = buildDangerZones(front.landmarks, frame, 'front');
    expect(zones.length).toBeGreaterThan(5);
    for (const z of zones) {
      const [x, y] = zoneAnchor(z, frame);
      expect(Number.isFinite(x) && Number.isFinite(y), z.id).toBe(true);
      expect(x >= 0 && x <= front.image.width && y >= 0 && y <= front.image.height, z.id).toBe(true);
    }
  });
});
