import {
  anchorPosition,
  catalogueEntry,
  frontGeometry,
  makeCase,
  planCase,
  PlanRecordSchema,
  polylineLength,
  RULE_SET,
  techniqueTemplate,
  THREAD_CATALOGUE,
  toFace,
  usablePathLength,
  verifyPlan,
  type CaseFile,
  type ThreadPlacement,
} from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import {
  changePlacement,
  moveEntryTo,
  nearestLength,
  nextChoices,
  problemsByPlacement,
  switchPlacement,
  templateOptions,
} from './plan-edit.js';

const recordOf = (caseFile: CaseFile, placements: readonly ThreadPlacement[], edited: readonly string[]) =>
  PlanRecordSchema.parse({
    format: 'liftplan.plan',
    version: '1.0',
    caseFile,
    caseProblems: [],
    ruleSetVersion: RULE_SET.version,
    sources: { patientId: 'p', patientVersion: 1, visitId: 'v', assessmentId: 'a', photos: [] },
    intake: { concerns: caseFile.patient.concerns, expectations: caseFile.patient.expectations },
    placements,
    edited,
    justifications: [],
  });

const caseFile = makeCase({ grades: { midface: 3, jowl: 3 } });
const base = planCase(caseFile);
const geometry = frontGeometry(caseFile);
if (!geometry) throw new Error('no front geometry');

const withOne = (ps: readonly ThreadPlacement[], p: ThreadPlacement) =>
  ps.map((x) => (x.id === p.id ? p : x));
const entryOf = (p: ThreadPlacement) => anchorPosition(geometry.landmarks, p.entry);

describe('plan screen edits are what the server verifies', () => {
  it('a count and a gauge changed, a template switched, an entry moved and a reset: verifyPlan accepts them', () => {
    const jowl = base.placements.find((p) => p.region === 'jowl' && p.templateId);
    const mid = base.placements.find((p) => templateOptions(base, p.id)?.options.some((o) => o.available));
    if (!jowl?.templateId || !mid) {
      throw new Error('fixture: needs a jowl placement and one with alternatives');
    }
    const t = techniqueTemplate(jowl.templateId);
    if (!t) throw new Error('no template');
    const cat = catalogueEntry(jowl.catalogueId as (typeof THREAD_CATALOGUE)[number]['id']);
    const count = jowl.count < t.countRange[1] ? jowl.count + 1 : jowl.count - 1;
    const gauge = cat.gauges.find((g) => g !== jowl.gauge);
    if (!gauge) {
      throw new Error('fixture: the jowl thread offers one gauge only');
    }

    // Move the jowl entry first, then change count and gauge: the moved entry stays, paths re-routed.
    const at = entryOf(jowl);
    let edited = moveEntryTo(jowl, [at[0] - 6, at[1] + 4], geometry);
    edited = changePlacement(jowl, edited, { count }, geometry);
    edited = changePlacement(jowl, edited, { gauge }, geometry);
    expect(edited.count).toBe(count);
    expect(edited.gauge).toBe(gauge);
    expect(edited.paths).toHaveLength(count);
    const movedAt = entryOf(edited);
    expect(Math.hypot(movedAt[0] - (at[0] - 6), movedAt[1] - (at[1] + 4))).toBeLessThan(1);
    // Every re-routed path is the thread's usable length (no V or zig-zag left by the move).
    const usable = usablePathLength(t, edited.lengthMm);
    for (const pathAnchors of edited.paths) {
      const pts = pathAnchors.map((a) => toFace(geometry.frame, anchorPosition(geometry.landmarks, a)));
      expect(Math.abs(polylineLength(pts) - usable)).toBeLessThan(1);
    }

    const option = templateOptions(base, mid.id)?.options.find((o) => o.available);
    if (!option) throw new Error('fixture: no available alternative');
    const switched = switchPlacement(mid, option.templateId, geometry);
    expect(switched.templateId).toBe(option.templateId);

    let placements = withOne(withOne(base.placements, edited), switched);
    expect(problemsByPlacement(placements, geometry).size).toBe(0);
    const v = verifyPlan(recordOf(caseFile, placements, [jowl.id, mid.id]));
    expect(v.issues).toEqual([]);
    expect(v.plan?.placements.find((p) => p.id === jowl.id)?.gauge).toBe(gauge);

    // Reset the switched placement: the planner's own placement, verified as well.
    placements = withOne(placements, mid);
    expect(verifyPlan(recordOf(caseFile, placements, [jowl.id])).issues).toEqual([]);
  });

  it('an entry moved (no other change) verifies on faces with other grades, skin and widening risk', () => {
    const cases = [
      makeCase({ grades: { midface: 2, jowl: 2, nasolabial: 2 } }),
      makeCase({
        grades: { midface: 3, jowl: 3, marionette: 2 },
        skinThickness: 'thin',
        fat: 'heavy',
        pupillaryDistanceMm: 63,
      }),
      makeCase({ grades: { brow: 2, midface: 1, jowl: 1 }, age: 58 }),
    ];
    for (const c of cases) {
      const plan = planCase(c);
      const g = frontGeometry(c);
      if (!g) throw new Error('no front geometry');
      expect(plan.placements.length).toBeGreaterThan(0);
      const moved = plan.placements.map((p) => {
        const e = anchorPosition(g.landmarks, p.entry);
        return moveEntryTo(p, [e[0] + 3, e[1] - 3], g);
      });
      const issues = verifyPlan(
        recordOf(
          c,
          moved,
          moved.map((p) => p.id),
        ),
      ).issues.filter((i) => i.code !== 'finding-unresolved');
      expect(issues).toEqual([]);
    }
  });

  it('out-of-range choices show the server’s problem codes next to the row, and the server refuses them', () => {
    const jowl = base.placements.find((p) => p.region === 'jowl' && p.templateId);
    if (!jowl?.templateId) throw new Error('no jowl placement');
    const t = techniqueTemplate(jowl.templateId);
    if (!t) throw new Error('no template');
    const tooMany = changePlacement(jowl, jowl, { count: t.countRange[1] + 1 }, geometry);
    const problems = problemsByPlacement(withOne(base.placements, tooMany), geometry).get(jowl.id) ?? [];
    expect(problems.map((p) => p.code)).toContain('count-out-of-range');
    expect(problems.find((p) => p.code === 'count-out-of-range')?.params).toMatchObject({
      min: t.countRange[0],
      max: t.countRange[1],
    });
    const v = verifyPlan(recordOf(caseFile, withOne(base.placements, tooMany), [jowl.id]));
    expect(v.issues.map((i) => i.code)).toContain('placement-invalid');
  });

  it('after a moved entry, a count beyond the range shows as chosen (with its problem), not snapped back', () => {
    const jowl = base.placements.find((p) => p.region === 'jowl' && p.templateId);
    if (!jowl?.templateId) throw new Error('no jowl placement');
    const t = techniqueTemplate(jowl.templateId);
    if (!t) throw new Error('no template');
    const at = entryOf(jowl);
    const moved = moveEntryTo(jowl, [at[0] - 6, at[1] + 4], geometry);
    const tooMany = changePlacement(jowl, moved, { count: t.countRange[1] + 1 }, geometry);
    expect(tooMany.count).toBe(t.countRange[1] + 1);
    const problems = problemsByPlacement(withOne(base.placements, tooMany), geometry).get(jowl.id) ?? [];
    expect(problems.map((p) => p.code)).toContain('count-out-of-range');
    const back = changePlacement(jowl, tooMany, { count: jowl.count }, geometry);
    expect(back.count).toBe(jowl.count);
    expect(problemsByPlacement(withOne(base.placements, back), geometry).get(jowl.id) ?? []).toEqual([]);
  });

  it('a new catalogue thread keeps gauge and length when offered, else the nearest offered', () => {
    const jowl = base.placements.find((p) => p.region === 'jowl');
    if (!jowl) throw new Error('no jowl placement');
    const other = THREAD_CATALOGUE.find(
      (c) => c.id !== jowl.catalogueId && !(c.lengthsMm as readonly number[]).includes(jowl.lengthMm),
    );
    if (!other) throw new Error('fixture: every thread offers the same length');
    const c = nextChoices(jowl, { catalogueId: other.id });
    expect(other.lengthsMm).toContain(c.lengthMm);
    expect(other.gauges).toContain(c.gauge);
    expect(nearestLength([50, 60, 90], 70)).toBe(60);
    expect(nearestLength([50, 60, 90], 75)).toBe(90);
  });
});
