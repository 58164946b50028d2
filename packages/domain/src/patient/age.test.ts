import { describe, expect, it } from 'vitest';
import { PatientSchema } from '../case/schema.js';
import { ADULTS_ONLY, ageInYears, birthDateProblem, planningAgeRefusal } from './age.js';

describe('ages and birth dates', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageInYears('2010-03-02', '2025-03-01')).toBe(14);
    expect(ageInYears('2010-03-01', '2025-03-01')).toBe(15);
    expect(ageInYears('1 April', '2025-03-01')).toBeNull();
  });
  it('refuses future and implausible birth dates, accepts the rest', () => {
    expect(birthDateProblem('2031-01-01', '2026-12-03')?.en).toMatch(/in the future/);
    expect(birthDateProblem('1900-01-01', '2026-12-03')?.en).toMatch(/age of 126, above 120/);
    expect(birthDateProblem('2026-12-03', '2026-12-03')).toBeNull();
    expect(birthDateProblem('1980-04-01', '2026-12-03')).toBeNull();
    expect(birthDateProblem('1980-13-01', '2026-12-03')).toBeNull(); // calendar checks are zod's (iso.date)
  });
  it("refuses minors in the case format's own words", () => {
    expect(planningAgeRefusal(15)?.en).toBe(`${ADULTS_ONLY.en}: the patient is 15`);
    expect(planningAgeRefusal(15)?.ko).toMatch(/만 15세/);
    expect(planningAgeRefusal(18)).toBeNull();
    expect(planningAgeRefusal(111)?.en).toMatch(/up to 110/);
    const r = PatientSchema.shape.age.safeParse(15);
    expect(r.success ? '' : r.error.issues[0]?.message).toBe(ADULTS_ONLY.en);
  });
});
