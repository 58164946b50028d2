import { describe, expect, it } from 'vitest';
import { CaseFileSchema } from '../case/schema.js';
import { CITATIONS } from '../evidence/citations.js';
import { JOWL_POINTS } from '../face/landmarks.js';
import { USP_GAUGES } from './types.js';
import { planCase, type PlanResult } from './plan.js';
import { RULE_SET } from './rules.js';
import { makeCase, type MakeCaseOptions } from './test-factory.js';

const plan = (o: MakeCaseOptions = {}): PlanResult => planCase(makeCase(o));
const placement = (r: PlanResult, id: string) => {
  const p = r.placements.find((x) => x.id === id);
  if (!p) throw new Error(`no placement ${id}; have ${r.placements.map((x) => x.id).join(', ')}`);
  return p;
};
const traceOf = (r: PlanResult, id: string) => {
  const t = r.trace.find((x) => x.ruleId === id);
  if (!t) throw new Error(`no trace for ${id}`);
  return t;
};
const gaugeRank = (g: string): number => USP_GAUGES.indexOf(g as (typeof USP_GAUGES)[number]);
const risk = (r: PlanResult, id: string) => r.risks.find((x) => x.id === id);

describe('planCase: a typical case', () => {
  const r = plan();

  it('builds a valid case with the factory', () => {
    expect(CaseFileSchema.safeParse(makeCase()).success).toBe(true);
  });

  it('plans every graded lift region on both sides, none for grade 0, with no unjustified errors', () => {
    expect(r.candidacy.verdict).toBe('good');
    expect(r.placements.map((p) => p.id)).toEqual([
      'brow:left:1',
      'brow:right:1',
      'midface:left:1',
      'midface:right:1',
      'nasolabial:left:1',
      'nasolabial:right:1',
      'jowl:left:1',
      'jowl:right:1',
      'marionette:left:1',
      'marionette:right:1',
    ]);
    expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(traceOf(r, 'grade-zero-no-threads').because).toContain('neck:left, neck:right: grade 0 = 0 ✓');
  });

  it('follows the region defaults (clinical-facts §2)', () => {
    expect(placement(r, 'midface:left:1').count).toBe(3);
    expect(placement(r, 'nasolabial:left:1').count).toBe(5);
    expect(placement(r, 'jowl:left:1').gauge).toBe('1-0');
    expect(placement(r, 'brow:left:1').count).toBe(1);
    expect(placement(r, 'marionette:left:1').count).toBe(1 + 1); // grade 1 -> published minimum (2)
    for (const p of r.placements) {
      expect(p.paths).toHaveLength(p.count);
      expect(p.vectorDeg).toBeGreaterThan(0);
      expect(p.vectorDeg).toBeLessThanOrEqual(95);
    }
  });

  it('traces every rule of the rule set, fired or not, with the facts it read', () => {
    const ids = r.trace.map((t) => t.ruleId);
    for (const rule of RULE_SET.rules) expect(ids).toContain(rule.id);
    for (const rule of RULE_SET.zoneRules) expect(ids).toContain(rule.id);
    expect(traceOf(r, 'age-over-50-risks')).toMatchObject({ fired: false });
    expect(traceOf(r, 'age-over-50-risks').because).toContain('age 45 > 50 [ageHigherRiskYears] ✗');
  });

  it('is deterministic and JSON-serialisable', () => {
    const again = plan();
    expect(again).toEqual(r);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('records the rule-set version and the published baseline rates', () => {
    expect(r.ruleSetVersion).toBe(RULE_SET.version);
    expect(risk(r, 'infection')?.rate).toContain('2.5 %');
    expect(risk(r, 'dimpling')?.level).toBe('standard');
  });
});

describe('planCase responds to the patient', () => {
  const normal = plan();

  it('thin skin: finer gauge, deeper plane, lower tension, dimpling flagged', () => {
    const thin = plan({ skinThickness: 'thin' });
    for (const id of ['midface:left:1', 'jowl:right:1', 'nasolabial:left:1']) {
      const a = placement(normal, id);
      const b = placement(thin, id);
      expect(gaugeRank(b.gauge), id).toBeLessThan(gaugeRank(a.gauge));
      expect(a.plane).toBe('subcutaneous');
      expect(b.plane).toBe('superficial-to-smas');
      expect(b.tension).toBe('low');
      expect(b.ruleIds).toContain('thin-skin-finer-deeper');
    }
    // Near the commissure the plane stays subcutaneous.
    expect(placement(thin, 'marionette:left:1').plane).toBe('subcutaneous');
    expect(risk(thin, 'dimpling')?.level).toBe('elevated');
    expect(risk(thin, 'visible-thread')?.level).toBe('elevated');
    expect(traceOf(thin, 'thin-skin-finer-deeper').because).toContain('skinThickness "thin" = "thin" ✓');
  });

  it('heavy tissue: stronger (molded) threads anchored at the temple, with the anchoring risks', () => {
    const heavy = plan({ fat: 'heavy' });
    const a = placement(normal, 'midface:left:1');
    const b = placement(heavy, 'midface:left:1');
    expect(b.kind).toBe('molded-cog');
    expect(gaugeRank(b.gauge)).toBeGreaterThan(gaugeRank(a.gauge));
    expect(b.fixation).toBe('anchored-deep-temporal-fascia');
    expect(b.templateId).toBe('midface-temple-anchored-u');
    expect(a.fixation).toBe('floating');
    const jowl = placement(heavy, 'jowl:right:1');
    expect(jowl.fixation).toBe('anchored-deep-temporal-fascia');
    expect(jowl.templateId).toBe('jowl-temple-anchored-u');
    // U-suspension: two arms per thread, each half the usable length of a long thread.
    expect(jowl.paths).toHaveLength(jowl.count * 2);
    expect(jowl.lengthMm).toBeGreaterThan(placement(normal, 'jowl:right:1').lengthMm);
    expect(risk(heavy, 'alopecia')?.rate).toContain('2.1 %');
    expect(risk(heavy, 'dimpling')?.rate).toContain('12–18 %');
    expect(heavy.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('wide midface: anti-widening design (vertical vectors, the Kang template, counts and tension held back)', () => {
    const wide = plan({ face: { widthScale: 1.06 }, grades: { midface: 3, jowl: 3 } });
    const marked = plan({ grades: { midface: 3, jowl: 3 } });
    const t = traceOf(wide, 'widening-risk-anti-widening');
    expect(t.fired).toBe(true);
    expect(traceOf(marked, 'widening-risk-anti-widening').fired).toBe(false);
    for (const side of ['left', 'right']) {
      const w = placement(wide, `midface:${side}:1`);
      const m = placement(marked, `midface:${side}:1`);
      expect(w.templateId).toBe('midface-temple-floating');
      expect(w.tension).not.toBe('firm');
      expect(m.tension).toBe('firm');
      expect(w.count).toBeLessThanOrEqual(3);
      expect(w.count).toBeLessThan(m.count + 1);
    }
    expect(wide.findings.some((f) => f.code === 'widening-design')).toBe(true);
    expect(risk(wide, 'midface-widening')?.level).toBe('elevated');
    expect(risk(normal, 'midface-widening')?.level).toBe('standard');
    expect(wide.findings.filter((f) => f.level === 'error')).toEqual([]);
  });

  it('asymmetric jowl: more threads on the measured more-affected side', () => {
    const displace = new Map<number, [number, number, number]>(JOWL_POINTS.left.map((i) => [i, [0, -5, 0]]));
    const asym = plan({ face: { displace } });
    const a = asym.measurements?.asymmetries.find((x) => x.id === 'jowl-depth');
    expect(a?.perceptible).toBe(true);
    expect(a?.moreAffectedSide).toBe('left');
    const left = placement(asym, 'jowl:left:1');
    const right = placement(asym, 'jowl:right:1');
    expect(left.count).toBeGreaterThan(right.count);
    expect(left.ruleIds).toContain('asymmetry-more-affected-side');
    expect(traceOf(asym, 'asymmetry-more-affected-side').because).toContain(
      'jowl:left: moreAffected true = true ✓',
    );
    expect(risk(asym, 'asymmetry')?.rate).toContain('0.7 %');
  });

  it('age over 50: the published higher dimpling and infection rates', () => {
    const old = plan({ age: 55 });
    expect(risk(old, 'dimpling')).toMatchObject({ level: 'elevated' });
    expect(risk(old, 'dimpling')?.rate).toContain('16 % over 50 vs 5.6 %');
    expect(risk(old, 'infection')).toMatchObject({ level: 'elevated' });
    expect(risk(old, 'infection')?.rate).toContain('5.9 % over 50 vs 0.7 %');
    expect(risk(old, 'dimpling')?.cite).toContain('age-over-50-rates');
  });

  it('laxity grade drives strength and count', () => {
    const marked = plan({ grades: { jowl: 3 } });
    const j = placement(marked, 'jowl:left:1');
    expect(j.count).toBe(3);
    expect(gaugeRank(j.gauge)).toBeGreaterThan(gaugeRank(placement(normal, 'jowl:left:1').gauge));
    expect(j.tension).toBe('firm');
    expect(placement(plan({ grades: { midface: 1 } }), 'midface:left:1').count).toBe(2);
    expect(placement(plan({ grades: { midface: 1 } }), 'midface:left:1').tension).toBe('low');
  });

  it('pregnancy: contraindicated, no placements, a finding says why', () => {
    const r = plan({ history: { pregnant: true } });
    expect(r.candidacy.verdict).toBe('contraindicated');
    expect(r.placements).toEqual([]);
    expect(r.risks).toEqual([]);
    expect(r.findings.some((f) => f.code === 'not-planned' && f.message.includes('contraindicated'))).toBe(
      true,
    );
    expect(traceOf(r, 'candidacy-gate').fired).toBe(true);
  });

  it('without a front photo: parameters from the assessment, no geometry', () => {
    const r = plan({ frontPhoto: false });
    expect(r.measurements).toBeNull();
    expect(r.placements).toEqual([]);
    expect(traceOf(r, 'front-photo-needed').fired).toBe(true);
    const notPlaced = r.findings.filter((f) => f.message.includes('needs a front photo'));
    expect(notPlaced).toHaveLength(10);
    expect(notPlaced[0]?.message).toContain('PDO bidirectional cog thread');
  });

  it('neck is left to the clinician with a finding', () => {
    const r = plan({ grades: { neck: 2 } });
    expect(r.placements.some((p) => p.region === 'neck')).toBe(false);
    expect(r.findings.some((f) => f.code === 'not-planned' && f.message.startsWith('neck left'))).toBe(true);
  });
});

describe('rule set', () => {
  it('has unique ids and cites only registered evidence', () => {
    const ids = [...RULE_SET.rules, ...RULE_SET.zoneRules].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of [...RULE_SET.rules, ...RULE_SET.zoneRules, ...RULE_SET.regionDefaults]) {
      expect(r.cite.length).toBeGreaterThan(0);
      for (const k of r.cite) expect(CITATIONS[k], k).toBeDefined();
    }
  });

  it('keeps default counts inside their published ranges', () => {
    for (const d of RULE_SET.regionDefaults) {
      expect(d.count).toBeGreaterThanOrEqual(d.countRange[0]);
      expect(d.count).toBeLessThanOrEqual(d.countRange[1]);
    }
  });
});
