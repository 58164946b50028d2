import { describe, expect, it } from 'vitest';
import { CITATIONS } from '../evidence/citations.js';
import { lintText } from '../wording/lint.js';
import { AFTERCARE_NOTICE, AFTERCARE_RULES, EXPECTED_COURSE, FOLLOW_UPS, WARNING_SIGNS } from './data.js';
import { addDays, addMonths } from './dates.js';
import { buildAftercareSchedule, type AftercareInput, type AftercareSchedule } from './schedule.js';

type P = AftercareInput['placements'][number];
const thread = (region: P['region'], fixation: P['fixation'] = 'floating'): P => ({
  region,
  fixation,
  kind: 'bidirectional-cog',
  material: 'PDO',
});
const days = (s: AftercareSchedule, id: string): number | undefined =>
  s.instructions.find((i) => i.id === id)?.days;

describe('dates', () => {
  it('adds days and months across month ends and leap years', () => {
    expect(addDays('2025-02-27', 2)).toBe('2025-03-01');
    expect(addDays('2024-02-27', 2)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-08-31', 6)).toBe('2025-02-28');
    expect(addMonths('2025-03-04', 3)).toBe('2025-06-04');
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('aftercare data', () => {
  it('cites registered evidence for every duration, warning sign and follow-up', () => {
    const all = [...AFTERCARE_RULES, ...EXPECTED_COURSE, ...WARNING_SIGNS, ...FOLLOW_UPS];
    for (const x of all) {
      expect(x.cite.length, x.id).toBeGreaterThan(0);
      for (const k of x.cite) expect(CITATIONS[k], `${x.id} -> ${k}`).toBeDefined();
    }
    for (const r of AFTERCARE_RULES) expect(r.days.anchored, r.id).toBeGreaterThanOrEqual(r.days.floating);
  });

  it('has every text in both languages, and the whole aftercare text passes the wording lint', () => {
    const texts = [
      ...AFTERCARE_RULES.map((r) => r.text),
      ...EXPECTED_COURSE.map((c) => c.text),
      ...WARNING_SIGNS.map((w) => w.text),
      ...FOLLOW_UPS.map((f) => f.purpose),
      AFTERCARE_NOTICE,
    ];
    for (const t of texts) expect(t.en.length * t.ko.length).toBeGreaterThan(0);
    for (const lang of ['en', 'ko'] as const) {
      expect(lintText(texts.map((t) => t[lang]).join('\n'), { locale: lang })).toEqual([]);
    }
  });
});

describe('buildAftercareSchedule', () => {
  const date = '2025-03-04';

  it('floating midface threads: short end of the ranges, mouth restriction from Kalra (3 weeks)', () => {
    const s = buildAftercareSchedule({
      placements: [thread('midface'), thread('midface')],
      procedureDate: date,
    });
    expect(s.profile).toBe('floating');
    expect(s.mouthRegions).toBe(true);
    expect(days(s, 'no-sauna')).toBe(14);
    expect(days(s, 'no-strenuous-exercise')).toBe(7);
    expect(days(s, 'no-alcohol-smoking')).toBe(7);
    expect(days(s, 'mouth-opening')).toBe(21);
    expect(days(s, 'no-dental')).toBe(21);
    expect(days(s, 'no-massage')).toBe(21);
    expect(days(s, 'no-energy-devices')).toBe(28);
    expect(days(s, 'cold-compress')).toBe(2);
    expect(days(s, 'no-shaving')).toBeUndefined();
    const sauna = s.instructions.find((i) => i.id === 'no-sauna');
    expect(sauna).toMatchObject({ until: '2025-03-18', lastDay: '2025-03-17' });
  });

  it('anchored threads take the long end: 1 month without sauna, strenuous exercise or alcohol', () => {
    const s = buildAftercareSchedule({
      placements: [thread('jowl', 'anchored-deep-temporal-fascia'), thread('jowl')],
      procedureDate: date,
    });
    expect(s.profile).toBe('anchored');
    for (const id of [
      'no-sauna',
      'no-strenuous-exercise',
      'no-alcohol-smoking',
      'mouth-opening',
      'no-massage',
    ]) {
      expect(days(s, id), id).toBe(30);
    }
    expect(days(s, 'no-dental')).toBe(21);
    expect(days(s, 'cold-compress')).toBe(5);
    expect(days(s, 'no-makeup-washing')).toBe(2);
    expect(s.warningSigns.map((w) => w.id)).toContain('temple-hair-loss');
    expect(s.instructions.find((i) => i.id === 'no-sauna')?.until).toBe('2025-04-03');
  });

  it('brow-only threads: no mouth restriction and 2 weeks without dental treatment', () => {
    const s = buildAftercareSchedule({ placements: [thread('brow')], procedureDate: date, sex: 'male' });
    expect(s.mouthRegions).toBe(false);
    expect(days(s, 'mouth-opening')).toBeUndefined();
    expect(days(s, 'no-dental')).toBe(14);
    expect(days(s, 'no-shaving')).toBe(7);
    expect(s.warningSigns.map((w) => w.id)).not.toContain('temple-hair-loss');
  });

  it('groups instructions by day and week and books follow-ups at about 1 week, 1, 3 and 6 months', () => {
    const s = buildAftercareSchedule({
      placements: [thread('jowl', 'anchored-deep-temporal-fascia')],
      procedureDate: date,
    });
    expect(s.phases.map((p) => p.id)).toEqual([
      'day-0',
      'days-1-2',
      'days-3-6',
      'week-2',
      'weeks-3-4',
      'weeks-5-8',
    ]);
    const day0 = s.phases[0];
    expect(day0?.instructionIds).toContain('rest');
    expect(s.phases.find((p) => p.id === 'days-1-2')?.instructionIds).not.toContain('rest');
    expect(s.phases.find((p) => p.id === 'weeks-5-8')?.instructionIds).toEqual([
      'mouth-opening',
      'no-massage',
      'no-sauna',
      'no-strenuous-exercise',
      'no-alcohol-smoking',
    ]);
    expect(s.followUps.map((f) => [f.id, f.date])).toEqual([
      ['week-1', '2025-03-11'],
      ['month-1', '2025-04-04'],
      ['month-3', '2025-06-04'],
      ['month-6', '2025-09-04'],
    ]);
    expect(s.followUps[0]?.window).toEqual({ from: '2025-03-11', to: '2025-03-14' });
  });

  it('floating threads end their last restriction by week 4', () => {
    const s = buildAftercareSchedule({ placements: [thread('nasolabial')], procedureDate: date });
    expect(s.phases.map((p) => p.id)).not.toContain('weeks-5-8');
  });

  it('schedules nothing when no threads are planned, and is deterministic', () => {
    const none = buildAftercareSchedule({ placements: [], procedureDate: date });
    expect(none).toMatchObject({
      planned: false,
      instructions: [],
      phases: [],
      followUps: [],
      warningSigns: [],
    });
    const input: AftercareInput = {
      placements: [thread('midface'), thread('jowl', 'anchored-deep-temporal-fascia')],
      procedureDate: date,
    };
    expect(buildAftercareSchedule(input)).toEqual(buildAftercareSchedule(input));
  });
});
