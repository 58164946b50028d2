/**
 * Rule set 2026.12 properties: paths at the thread's usable length and on the face, depth rules respected
 * under similarity transforms and mirroring, cautions reaching the placements, widening design, asymmetry
 * work-up, and validation errors for contradictory or degenerate input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCase } from '../case/validate.js';
import { HISTORY_FLAGS, otherSide, type Region } from '../case/vocab.js';
import { toFace } from '../face/frame.js';
import { JOWL_POINTS } from '../face/landmarks.js';
import { pointInPolygon } from '../geometry/polygon.js';
import { polylineLength } from '../geometry/segment.js';
import { anchorPosition } from './anchor.js';
import {
  frontGeometry,
  rerouteEntry,
  resetPlacement,
  switchTemplate,
  validatePlacementEdits,
} from './edit.js';
import { onFace, PATH_LENGTH_TOLERANCE_MM, usablePathLength } from './layout.js';
import { planCase, type PlanResult } from './plan.js';
import { resolvePoint } from './resolve.js';
import { RULE_SET } from './rules.js';
import { segmentSafety } from './safety.js';
import { techniqueTemplate } from './templates.js';
import { makeCase, type MakeCaseOptions } from './test-factory.js';

/** Anchored points re-projected: a little more than the layout's own (exact) tolerance. */
const STORED_TOLERANCE_MM = 0.05;

function geometryChecks(o: MakeCaseOptions): PlanResult {
  const c = makeCase(o);
  const plan = planCase(c);
  const g = frontGeometry(c);
  if (!g) throw new Error('no front photo');
  const ok = segmentSafety(g.zones, RULE_SET.zoneRules);
  for (const p of plan.placements) {
    const t = techniqueTemplate(p.templateId ?? '');
    if (!t) throw new Error(`${p.id}: no template`);
    const usable = usablePathLength(t, p.lengthMm);
    const region = t.targetRegion.map((q) => resolvePoint(g, q, p.side));
    for (const path of p.paths) {
      const pts = path.map((a) => toFace(g.frame, anchorPosition(g.landmarks, a)));
      expect(Math.abs(polylineLength(pts) - usable), p.id).toBeLessThan(STORED_TOLERANCE_MM);
      for (const q of pts) expect(onFace(g, q), `${p.id} point on the face`).toBe(true);
      const end = pts[pts.length - 1];
      if (!end) throw new Error('empty path');
      expect(pointInPolygon(end, region), `${p.id} ends in ${t.targetDescription}`).toBe(true);
      // Every segment respects the depth rules, except legs the template fixes (judged by the safety check).
      const last = pts.length - 1;
      const plane = p.segmentPlanes?.[last - 1] ?? p.plane;
      expect(ok(pts[last - 1] ?? end, end, plane), `${p.id} last leg depth`).toBe(true);
    }
  }
  expect(plan.findings.filter((f) => f.code === 'path-end-outside-target')).toEqual([]);
  expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
  return plan;
}

const grade = fc.integer({ min: 1, max: 3 });

describe('rule set 2026.12: geometry', () => {
  it(`every path is its thread's usable length (±${STORED_TOLERANCE_MM} mm stored, ±${PATH_LENGTH_TOLERANCE_MM} mm laid out), on the face, ends in its target region and respects zone depths — under similarity transforms and mirroring (property)`, () => {
    fc.assert(
      fc.property(
        fc.record({
          pxPerMm: fc.double({ min: 2.5, max: 6, noNaN: true }),
          rollDeg: fc.double({ min: -15, max: 15, noNaN: true }),
          cx: fc.double({ min: 420, max: 580, noNaN: true }),
          cy: fc.double({ min: 520, max: 680, noNaN: true }),
          mirror: fc.boolean(),
          widthScale: fc.double({ min: 0.97, max: 1.03, noNaN: true }),
          midface: grade,
          jowl: grade,
          nasolabial: grade,
          fat: fc.constantFrom('deflated', 'balanced', 'heavy' as const),
          skin: fc.constantFrom('thin', 'normal', 'thick' as const),
        }),
        (r) => {
          geometryChecks({
            grades: { midface: r.midface, jowl: r.jowl, nasolabial: r.nasolabial },
            fat: r.fat,
            skinThickness: r.skin,
            elasticity: 'good',
            face: {
              pxPerMm: r.pxPerMm,
              rollDeg: r.rollDeg,
              centre: [r.cx, r.cy],
              widthScale: r.widthScale,
              ...(r.mirror ? { imageWidth: 1000 } : {}),
            },
          });
        },
      ),
      { numRuns: 12, seed: 20261203 },
    );
  });

  it('plans a mirrored face as the mirror image: same technique, length and count on the swapped side', () => {
    const a = planCase(makeCase({ face: { rollDeg: 4 } }));
    const b = planCase(makeCase({ face: { rollDeg: -4, imageWidth: 1000 } }));
    for (const p of a.placements) {
      const q = b.placements.find((x) => x.region === p.region && x.side === otherSide(p.side));
      expect(q, p.id).toBeDefined();
      expect([q?.templateId, q?.lengthMm, q?.count]).toEqual([p.templateId, p.lengthMm, p.count]);
    }
  });

  it('offers the other techniques of the region, and switchTemplate lays one out (one click)', () => {
    const c = makeCase();
    const plan = planCase(c);
    const g = frontGeometry(c);
    if (!g) throw new Error('no geometry');
    const alt = plan.alternatives.find((x) => x.placementId === 'midface:left:1');
    const option = alt?.options.find((o) => o.available);
    expect(option).toBeDefined();
    const p = plan.placements.find((x) => x.id === 'midface:left:1');
    if (!p || !option) throw new Error('no midface placement');
    const switched = switchTemplate(p, g, option.templateId);
    expect(switched.templateId).toBe(option.templateId);
    expect(switched.id).toBe(p.id);
    expect(validatePlacementEdits([switched], g)).toEqual([]);
    // Reset: the planner's own placement again.
    expect(resetPlacement(c, p.id)).toEqual(p);
  });

  it('re-routes a moved entry by the same template and length (no V or zig-zag), and validates edits', () => {
    const c = makeCase();
    const plan = planCase(c);
    const g = frontGeometry(c);
    const p = plan.placements.find((x) => x.id === 'jowl:left:1');
    if (!g || !p) throw new Error('no jowl placement');
    const at = anchorPosition(g.landmarks, p.entry);
    const moved = rerouteEntry(p, g, [at[0] - 8, at[1] + 6]);
    expect(moved.lengthMm).toBe(p.lengthMm);
    expect(moved.templateId).toBe(p.templateId);
    expect(validatePlacementEdits([moved], g)).toEqual([]);
    const bad = validatePlacementEdits([{ ...p, count: 9, gauge: '7-0', lengthMm: 77 }], g);
    expect(bad.map((x) => x.path)).toEqual(
      expect.arrayContaining(['$.placements[0].count', '$.placements[0].gauge', '$.placements[0].lengthMm']),
    );
  });
});

describe('rule set 2026.12: cautions reach the placements', () => {
  const regionsOf = (r: PlanResult, region: Region) => r.placements.filter((p) => p.region === region);

  it('anticoagulants: cannula and pressure on every placement, bruising raised with published rates, a technique finding', () => {
    const r = planCase(makeCase({ history: { anticoagulantsOrAntiplatelets: true } }));
    expect(r.placements.length).toBeGreaterThan(0);
    for (const p of r.placements) expect(p.cautions?.join(' '), p.id).toMatch(/blunt cannula/);
    const bruising = r.risks.find((x) => x.id === 'bruising');
    expect(bruising?.level).toBe('elevated');
    expect(bruising?.rate).toContain('hematoma 0.6 %');
    expect(r.findings.some((f) => f.code === 'technique-advice')).toBe(true);
  });

  it('herpes history: perioral placements carry the prophylaxis caution, others do not', () => {
    const r = planCase(makeCase({ history: { herpesLabialisHistory: true } }));
    for (const p of r.placements) {
      const has = (p.cautions ?? []).some((x) => x.includes('antiviral'));
      expect(has, p.id).toBe(p.region === 'nasolabial' || p.region === 'marionette');
    }
  });

  it('permanent filler in the midface: the midface is left out with a prior-procedure warning; other regions stay', () => {
    const r = planCase(
      makeCase({
        previousProcedures: [{ kind: 'permanent-filler', regions: ['midface'], date: '2025-06-01' }],
      }),
    );
    expect(regionsOf(r, 'midface')).toEqual([]);
    expect(regionsOf(r, 'jowl').length).toBe(2);
    expect(r.findings.some((f) => f.code === 'prior-procedure')).toBe(true);
    expect(r.triage.actionNeeded.some((f) => f.code === 'prior-procedure')).toBe(true);
  });

  it.each([
    ['temporary-filler', '2026-11-12', /temporary filler/],
    ['threads', '2025-01-10', /earlier threads/],
    ['surgical-lift', '2019-03-01', /surgical lift/],
  ] as const)('%s in the jowl: a per-placement caution on the jowl only', (kind, date, re) => {
    const r = planCase(makeCase({ previousProcedures: [{ kind, regions: ['jowl'], date }] }));
    for (const p of r.placements) {
      expect(
        (p.cautions ?? []).some((x) => re.test(x)),
        p.id,
      ).toBe(p.region === 'jowl');
    }
  });

  it.each(
    HISTORY_FLAGS.filter((f) => !['anticoagulantsOrAntiplatelets', 'herpesLabialisHistory'].includes(f)),
  )('history flag %s: no threads are planned (contraindicated or deferred)', (flag) => {
    const r = planCase(makeCase({ history: { [flag]: true } }));
    expect(['contraindicated', 'defer']).toContain(r.candidacy.verdict);
    expect(r.placements).toEqual([]);
  });
});

describe('rule set 2026.12: faces outside the routine', () => {
  it('a moderately wide synthetic face triggers the anti-widening design', () => {
    const r = planCase(makeCase({ face: { widthScale: 1.06 } }));
    expect(r.trace.find((t) => t.ruleId === 'widening-risk-anti-widening')?.fired).toBe(true);
    const mid = r.placements.filter((p) => p.region === 'midface');
    expect(mid.length).toBe(2);
    for (const p of mid) expect(techniqueTemplate(p.templateId ?? '')?.antiWidening, p.id).toBe(true);
    expect(planCase(makeCase()).trace.find((t) => t.ruleId === 'widening-risk-anti-widening')?.fired).toBe(
      false,
    );
  });

  it('a large jowl asymmetry defers for a work-up instead of adding threads', () => {
    const displace = new Map(JOWL_POINTS.left.map((i) => [i, [0, -12, 0] as const]));
    const r = planCase(makeCase({ face: { displace } }));
    expect(r.candidacy.verdict).toBe('defer');
    expect(r.candidacy.reasons.map((x) => x.id)).toContain('defer-asymmetry-work-up');
    expect(r.findings.some((f) => f.code === 'work-up')).toBe(true);
    expect(r.placements).toEqual([]);
    // A small one (5 mm) still plans, one more thread on the worse side.
    const small = planCase(
      makeCase({ face: { displace: new Map(JOWL_POINTS.left.map((i) => [i, [0, -5, 0] as const])) } }),
    );
    expect(small.candidacy.reasons.map((x) => x.id)).not.toContain('defer-asymmetry-work-up');
  });

  it('age outside the studied 30–60 band: a candidacy caution and a plan warning with what is known', () => {
    const r = planCase(makeCase({ age: 70 }));
    expect(r.candidacy.reasons.map((x) => x.id)).toContain('caution-age-outside-studied');
    const f = r.findings.find((x) => x.code === 'age-outside-studied-range');
    expect(f?.message).toContain('16 % vs 5.6 %');
    expect(planCase(makeCase({ age: 45 })).findings.some((x) => x.code === 'age-outside-studied-range')).toBe(
      false,
    );
  });

  it('contradictory history (male and pregnant): a validation error naming both facts with its JSON path', () => {
    const c = makeCase({ sex: 'male', history: { pregnant: true } });
    const v = validateCase(JSON.parse(JSON.stringify(c)));
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const p = v.problems.find((x) => x.path === '$.patient.history.pregnant');
    expect(p?.message).toMatch(/pregnant/);
    expect(p?.message).toMatch(/male/);
  });

  it('degenerate geometry (every point equal) is a validation error with its JSON path, not an internal failure', () => {
    const c = makeCase();
    const json = JSON.parse(JSON.stringify(c)) as { photos: { landmarks: { mesh: number[][] } }[] };
    const photo = json.photos[0];
    if (!photo) throw new Error('no photo');
    photo.landmarks.mesh = photo.landmarks.mesh.map(() => [500, 600, 0]);
    const v = validateCase(json);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.find((x) => x.path === '$.photos[0].landmarks.mesh')?.message).toMatch(/degenerate/);
  });

  it('implausible geometry (a face squashed flat) is a validation error', () => {
    const json = JSON.parse(JSON.stringify(makeCase())) as { photos: { landmarks: { mesh: number[][] } }[] };
    const photo = json.photos[0];
    if (!photo) throw new Error('no photo');
    photo.landmarks.mesh = photo.landmarks.mesh.map((p) => [p[0] ?? 0, 600 + ((p[1] ?? 600) - 600) * 0.1, 0]);
    const v = validateCase(json);
    expect(v.ok).toBe(false);
  });
});
