import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateCase } from '../case/validate.js';
import { anchorPosition } from '../planner/anchor.js';
import { toImage } from '../face/frame.js';
import type { FacePoint } from '../geometry/types.js';
import {
  choicesOf,
  editPlacement,
  frontGeometry,
  moveEntry,
  rerouteEntry,
  switchTemplate,
  withPlacementChoices,
} from '../planner/edit.js';
import { techniqueTemplate } from '../planner/templates.js';
import { planCase } from '../planner/plan.js';
import { RULE_SET } from '../planner/rules.js';
import { makeCase } from '../planner/test-factory.js';
import type { DangerZone } from '../zones/types.js';
import { PlanRecordSchema, type PlanRecord } from './schema.js';
import { verifyPlan } from './verify.js';

const caseFile = makeCase({ grades: { midface: 3, jowl: 3 } });
const base = planCase(caseFile);
const geometry = frontGeometry(caseFile);
if (!geometry) throw new Error('no front geometry');
const first = base.placements[0];
if (!first) throw new Error('no placement');

const recordOf = (over: Record<string, unknown> = {}): PlanRecord =>
  PlanRecordSchema.parse({
    format: 'liftplan.plan',
    version: '1.0',
    caseFile,
    caseProblems: [],
    ruleSetVersion: RULE_SET.version,
    sources: { patientId: 'p', patientVersion: 1, visitId: 'v', assessmentId: 'a', photos: [] },
    intake: { concerns: caseFile.patient.concerns, expectations: caseFile.patient.expectations },
    placements: base.placements,
    edited: [],
    justifications: [],
    ...over,
  });

const centreOf = (z: DangerZone): FacePoint => {
  const s = z.shape;
  if (s.kind === 'circle') return s.centre;
  const pts = s.kind === 'polygon' ? s.points : s.line;
  return [
    pts.reduce((a, p) => a + p[0], 0) / pts.length,
    pts.reduce((a, p) => a + p[1], 0) / pts.length,
  ] as unknown as FacePoint;
};
const zoneId = `infraorbital-foramen:${first.side}`;
const zone = geometry.zones.find((z) => z.id === zoneId);
if (!zone) throw new Error('no infraorbital zone');
const inZone = moveEntry(first, geometry.landmarks, toImage(geometry.frame, centreOf(zone)));
const withFirst = (p: typeof first) => base.placements.map((x) => (x.id === p.id ? p : x));
const codes = (r: PlanRecord) => verifyPlan(r).issues.map((i) => i.code);

describe('verifyPlan: the one check of a plan record', () => {
  it('the planner’s own placements verify with no issues and give planCase’s plan', () => {
    const v = verifyPlan(recordOf());
    expect(v.issues).toEqual([]);
    expect(v.plan).toEqual(base);
  });

  it('a moved entry is kept; moved into a zone it is an unresolved error until justified', () => {
    const moved = recordOf({ placements: withFirst(inZone), edited: [first.id] });
    const v = verifyPlan(moved);
    expect(v.plan?.placements.find((p) => p.id === first.id)?.entry).toEqual(inZone.entry);
    expect(v.issues).toContainEqual(
      expect.objectContaining({
        code: 'finding-unresolved',
        params: expect.objectContaining({ placementId: first.id, zoneId }),
      }),
    );
    const justified = verifyPlan({
      ...moved,
      placements: moved.placements,
      justifications: [
        {
          zoneId,
          region: first.region,
          side: first.side,
          reason: 'palpated the foramen, entry lateral to it',
          by: 'Dr Kim',
          byUserId: 'u1',
          at: '2025-03-01T09:00:00.000Z',
        },
      ],
    });
    expect(justified.issues).toEqual([]);
  });

  it('refuses placements the planner never made, altered ones, duplicates and none at all', () => {
    expect(
      codes(recordOf({ placements: [{ ...first, id: 'made-up' }, ...base.placements.slice(1)] })),
    ).toEqual(expect.arrayContaining(['placement-unknown', 'placement-missing']));
    const otherPlane = first.plane === 'subcutaneous' ? 'sub-smas' : 'subcutaneous';
    const altered = verifyPlan(recordOf({ placements: withFirst({ ...first, plane: otherPlane }) }));
    expect(altered.plan).toBeNull();
    expect(altered.issues).toEqual([
      expect.objectContaining({
        code: 'placement-altered',
        params: { placementId: first.id, field: 'plane' },
      }),
    ]);
    expect(codes(recordOf({ placements: [...base.placements, first] }))).toContain('placement-duplicate');
    expect(codes(recordOf({ placements: [] }))).toEqual(['placements-missing']);
    expect(codes(recordOf({ edited: ['nope'] }))).toEqual(['edited-unknown']);
  });

  it('lists a changed rule set, a missing case and a missing required view', () => {
    expect(codes(recordOf({ ruleSetVersion: 'rules-0' }))).toEqual(['rule-set-changed']);
    const none = verifyPlan(
      recordOf({
        caseFile: null,
        caseProblems: [{ code: 'assessment-missing', path: 'assessment', message: 'no assessment' }],
      }),
    );
    expect(none.plan).toBeNull();
    expect(none.issues.map((i) => i.code)).toEqual(['assessment-missing']);
    const noFront = recordOf({
      caseFile: { ...caseFile, photos: caseFile.photos.filter((p) => p.view !== 'front') },
      placements: [],
    });
    expect(codes(noFront)).toContain('required-view-missing');
  });

  it('a count, gauge or length the clinician chose verifies when the catalogue and technique allow it', () => {
    const jowl = base.placements.find((p) => p.region === 'jowl' && p.templateId);
    if (!jowl?.templateId) throw new Error('no jowl placement');
    const t = techniqueTemplate(jowl.templateId);
    if (!t) throw new Error('no template');
    const count = jowl.count === t.countRange[1] ? t.countRange[0] : jowl.count + 1;
    const edited = editPlacement(jowl, geometry, { count });
    const ok = verifyPlan(recordOf({ placements: withFirst(edited), edited: [jowl.id] }));
    expect(ok.issues).toEqual([]);
    expect(ok.plan?.placements.find((p) => p.id === jowl.id)?.count).toBe(count);
    // Beyond the technique's published range: refused, naming the field.
    const tooMany = editPlacement(jowl, geometry, { count: t.countRange[1] + 1 });
    const refused = verifyPlan(recordOf({ placements: withFirst(tooMany), edited: [jowl.id] }));
    expect(refused.plan).toBeNull();
    expect(refused.issues).toContainEqual(
      expect.objectContaining({
        code: 'placement-invalid',
        params: { placementId: jowl.id, path: expect.stringMatching(/\.count$/) as unknown as string },
      }),
    );
    // A chosen count whose derived fields were also changed by hand is still an alteration.
    const forged = verifyPlan(
      recordOf({ placements: withFirst({ ...edited, tension: edited.tension === 'low' ? 'firm' : 'low' }) }),
    );
    expect(forged.issues.map((i) => i.code)).toContain('placement-altered');
  });

  it('on every bundled example, a moved entry and a switched technique (re-laid by the same chain, fitting or not) verify', () => {
    const dir = fileURLToPath(new URL('../../../../examples/', import.meta.url));
    let checked = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.case.json'))) {
      const v = validateCase(JSON.parse(readFileSync(`${dir}${f}`, 'utf8')));
      if (!v.ok) throw new Error(`${f} is not a valid case`);
      const c = v.value;
      const plan = planCase(c);
      const g = frontGeometry(c);
      if (!g || plan.placements.length === 0) continue;
      const edited = plan.placements.map((p) => {
        const alt = plan.alternatives.find((a) => a.placementId === p.id)?.options[0];
        const q = alt ? withPlacementChoices(p, choicesOf(switchTemplate(p, g, alt.templateId)), g) : p;
        const e = anchorPosition(g.landmarks, q.entry);
        return rerouteEntry(q, g, [e[0] + 3, e[1] - 3]);
      });
      const r = recordOf({ caseFile: c, placements: edited, edited: edited.map((p) => p.id) });
      const issues = verifyPlan(r).issues.filter(
        (i) => i.code !== 'finding-unresolved' && i.code !== 'required-view-missing',
      );
      expect(issues, f).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
