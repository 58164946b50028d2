import { REGIONS } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { draftOf, EMPTY_DRAFT, toAssessment } from './assessment-draft.js';

describe('assessment draft (no pre-filled grades)', () => {
  it('starts empty and says what is missing', () => {
    const r = toAssessment(EMPTY_DRAFT);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.missing.filter((m) => m.kind === 'grade')).toHaveLength(REGIONS.length * 2);
    expect(r.missing.filter((m) => m.kind === 'select')).toHaveLength(5);
  });

  it('builds per-side grades with the worse side as the region grade', () => {
    const full = (n: number) =>
      Object.fromEntries(REGIONS.map((r) => [r, n])) as Record<(typeof REGIONS)[number], number>;
    const r = toAssessment({
      sideGrades: { left: { ...full(1), jowl: 3 }, right: full(1) },
      selects: {
        skinThickness: 'normal',
        elasticity: 'good',
        fat: 'balanced',
        glogau: 'II',
        fitzpatrick: 'III',
      },
      skinByRegion: { jowl: 'thin', midface: 'normal' },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.grades.jowl).toBe(3);
    expect(r.value.sideGrades?.right.jowl).toBe(1);
    expect(r.value.skinByRegion).toEqual({ jowl: 'thin' });
    expect(toAssessment(draftOf(r.value))).toEqual(r);
  });
});
