import { describe, expect, it } from 'vitest';
import { toFace, toImage } from '../face/frame.js';
import { polylineLength } from '../geometry/segment.js';
import { usablePathLength } from './layout.js';
import { techniqueTemplate } from './templates.js';
import type { FacePoint } from '../geometry/types.js';
import type { DangerZone } from '../zones/types.js';
import { anchorPosition } from './anchor.js';
import {
  applyPlanEdits,
  frontGeometry,
  moveEntry,
  movePathEnd,
  PlanEditError,
  recheckPlacements,
  ThreadPlacementSchema,
} from './edit.js';
import { planCase } from './plan.js';
import { makeCase } from './test-factory.js';

const caseFile = makeCase({ grades: { midface: 3, jowl: 3 } });
const base = planCase(caseFile);
const geometry = frontGeometry(caseFile);
if (!geometry) throw new Error('no front geometry');
const landmarks = geometry.landmarks;
const first = base.placements[0];
if (!first) throw new Error('no placement');

const centreOf = (z: DangerZone): FacePoint => {
  const s = z.shape;
  if (s.kind === 'circle') return s.centre;
  const pts = s.kind === 'polygon' ? s.points : s.line;
  return [
    pts.reduce((a, p) => a + p[0], 0) / pts.length,
    pts.reduce((a, p) => a + p[1], 0) / pts.length,
  ] as unknown as FacePoint;
};
/** An image point inside an entry-forbidding zone on the placement's side. */
const zonePoint = (): [number, number] => {
  const z = geometry.zones.find((x) => x.id === `infraorbital-foramen:${first.side}`);
  if (!z) throw new Error('no infraorbital zone');
  return toImage(geometry.frame, centreOf(z));
};
const close = (a: readonly number[], b: readonly number[]) => {
  expect(a[0]).toBeCloseTo(b[0] ?? NaN, 6);
  expect(a[1]).toBeCloseTo(b[1] ?? NaN, 6);
};

describe('the plan as edited (shared by the web app and the server)', () => {
  it('with no edits, applyPlanEdits is planCase', () => {
    const same = applyPlanEdits(caseFile, { placements: base.placements });
    expect(same).toEqual(base);
  });

  it('moves an entry (every path starts there) and a path end, face-anchored', () => {
    const at = anchorPosition(landmarks, first.entry);
    const to: [number, number] = [at[0] + 12, at[1] - 8];
    const moved = moveEntry(first, landmarks, to);
    close(anchorPosition(landmarks, moved.entry), to);
    for (const path of moved.paths) close(anchorPosition(landmarks, path[0] ?? moved.entry), to);
    const end: [number, number] = [at[0] + 60, at[1] - 40];
    const ended = movePathEnd(moved, landmarks, 0, end);
    // The dragged path turns toward the point and keeps its thread's usable length.
    const pts = (ended.paths[0] ?? []).map((a) => toFace(geometry.frame, anchorPosition(landmarks, a)));
    const t = techniqueTemplate(first.templateId ?? '');
    if (!t) throw new Error('no template');
    expect(Math.abs(polylineLength(pts) - usablePathLength(t, first.lengthMm))).toBeLessThan(0.05);
    const last = pts.at(-2) ?? [0, 0];
    const tip = pts.at(-1) ?? [0, 0];
    const aim = toFace(geometry.frame, end);
    const cross = (tip[0] - last[0]) * (aim[1] - last[1]) - (tip[1] - last[1]) * (aim[0] - last[0]);
    expect(Math.abs(cross) / Math.hypot(aim[0] - last[0], aim[1] - last[1])).toBeLessThan(0.05);
    expect(ended.paths[1]).toEqual(moved.paths[1]);
  });

  it('takes the edited placements and re-checks them: an entry moved into a zone is an unresolved error', () => {
    const moved = moveEntry(first, landmarks, zonePoint());
    const edited = applyPlanEdits(caseFile, {
      placements: base.placements.map((p) => (p.id === first.id ? moved : p)),
    });
    expect(edited.placements.find((p) => p.id === first.id)?.entry).toEqual(moved.entry);
    expect(edited.candidacy).toEqual(base.candidacy);
    expect(edited.risks).toEqual(base.risks);
    expect(edited.measurements).toEqual(base.measurements);
    const err = edited.findings.find((f) => f.code === 'entry-in-danger-zone' && f.placementId === first.id);
    expect(err).toMatchObject({ level: 'error', zoneId: `infraorbital-foramen:${first.side}` });

    // A justification recorded while planning accepts it (visible warning); same result as the live check.
    const j = {
      zoneId: `infraorbital-foramen:${first.side}`,
      region: first.region,
      side: first.side,
      reason: 'entry placed deliberately, threads run subcutaneously',
      by: 'Dr Kim',
    };
    const placements = base.placements.map((p) => (p.id === first.id ? moved : p));
    const justified = applyPlanEdits(caseFile, { placements, justifications: [j] });
    const f = justified.findings.find((x) => x.code === 'entry-in-danger-zone' && x.placementId === first.id);
    expect(f).toMatchObject({ level: 'warning', justification: j });
    expect(justified.findings.filter((x) => x.level === 'error')).toEqual([]);
    const live = recheckPlacements(base, placements, geometry, [j]);
    expect(justified.findings).toEqual(live.findings);
    expect(justified.trace).toEqual(live.trace);
  });

  it('refuses placements the planner did not place for this case', () => {
    expect(() => applyPlanEdits(caseFile, { placements: [{ ...first, id: 'neck:left:9' }] })).toThrow(
      PlanEditError,
    );
    expect(() => applyPlanEdits(caseFile, { placements: [first, first] })).toThrow(/twice/);
  });

  it('validates stored placements', () => {
    expect(ThreadPlacementSchema.safeParse(JSON.parse(JSON.stringify(first))).success).toBe(true);
    expect(
      ThreadPlacementSchema.safeParse({ ...first, entry: { tri: [0, 1, 999], bary: [1, 0, 0] } }).success,
    ).toBe(false);
  });
});
