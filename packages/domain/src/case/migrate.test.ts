import { describe, expect, it } from 'vitest';
import { planCase } from '../planner/plan.js';
import { makeCase } from '../planner/test-factory.js';
import { gradeOf, migrateAssessment, migrateCaseFile } from './migrate.js';
import { CASE_FORMAT_VERSION } from './schema.js';
import { validateCase } from './validate.js';

const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('case format 1.1: grades per region and side', () => {
  it('migrates a 1.0 file: it still validates, as 1.1 with both sides graded as the region', () => {
    const old = { ...makeCase({ grades: { jowl: 3 } }), version: '1.0' };
    const v = validateCase(json(old));
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.value.version).toBe(CASE_FORMAT_VERSION);
    expect(v.value.assessment.sideGrades?.left.jowl).toBe(3);
    expect(v.value.assessment.sideGrades?.right.jowl).toBe(3);
    // The 1.0 plan and the migrated plan are the same plan.
    expect(planCase(v.value).placements).toEqual(planCase(old).placements);
    // Migration leaves current files and foreign input alone.
    expect(migrateCaseFile(v.value)).toBe(v.value);
    expect(migrateCaseFile('nonsense')).toBe('nonsense');
    expect(migrateAssessment({ grades: { jowl: 2 } })).toMatchObject({ sideGrades: { left: { jowl: 2 } } });
  });

  it('grades the worse side worse: the planner and candidacy read each side', () => {
    const base = makeCase({ grades: { jowl: 3 } });
    const left = { ...base.assessment.grades, jowl: 3 };
    const right = { ...base.assessment.grades, jowl: 1 };
    const c = { ...base, assessment: { ...base.assessment, sideGrades: { left, right } } };
    expect(validateCase(json(c)).ok).toBe(true);
    expect(gradeOf(c.assessment, 'jowl', 'right')).toBe(1);
    const plan = planCase(c);
    const l = plan.placements.find((p) => p.id === 'jowl:left:1');
    const r = plan.placements.find((p) => p.id === 'jowl:right:1');
    expect(l?.tension).toBe('firm');
    expect(r?.tension).toBe('low');
    expect((l?.count ?? 0) > (r?.count ?? 0)).toBe(true);
  });

  it('refuses region grades that are not the worse side, naming the JSON path', () => {
    const base = makeCase({ grades: { jowl: 2 } });
    const sides = { left: { ...base.assessment.grades, jowl: 3 }, right: base.assessment.grades };
    const v = validateCase(json({ ...base, assessment: { ...base.assessment, sideGrades: sides } }));
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => p.path)).toContain('$.assessment.grades.jowl');
  });

  it('reads skin per region where it differs', () => {
    const base = makeCase();
    const c = { ...base, assessment: { ...base.assessment, skinByRegion: { jowl: 'thin' as const } } };
    const plan = planCase(c);
    expect(plan.placements.find((p) => p.id === 'jowl:left:1')?.plane).toBe('superficial-to-smas');
    expect(plan.placements.find((p) => p.id === 'midface:left:1')?.plane).toBe('subcutaneous');
  });
});
