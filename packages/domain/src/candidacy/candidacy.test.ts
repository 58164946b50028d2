import { JOWL_POINTS } from '../face/landmarks.js';
import { describe, expect, it } from 'vitest';
import { HISTORY_FLAGS } from '../case/vocab.js';
import { CITATIONS } from '../evidence/citations.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { makeCase } from '../planner/test-factory.js';
import { assessCandidacy } from './assess.js';
import { CANDIDACY_CRITERIA } from './criteria.js';
import { daysBetween } from './dates.js';

const HANGUL = /[\uac00-\ud7a3]/;

describe('candidacy', () => {
  it('is a good candidate when nothing applies', () => {
    const c = assessCandidacy(makeCase());
    expect(c.verdict).toBe('good');
    expect(c.reasons).toEqual([]);
    expect(c.label.ko).toBe('적합');
  });

  it.each([
    ['pregnant', 'contra-pregnancy'],
    ['breastfeeding', 'contra-breastfeeding'],
    ['bleedingDisorder', 'contra-bleeding-disorder'],
    ['activeSkinInfectionAtEntrySites', 'contra-skin-infection'],
    ['acuteInfectiousDisease', 'contra-acute-infection'],
    ['activeCancer', 'contra-active-cancer'],
    ['autoimmuneDisease', 'contra-autoimmune'],
    ['keloidTendency', 'contra-keloid'],
    ['immunodeficiency', 'contra-immunodeficiency'],
  ] as const)('%s -> contraindicated', (flag, id) => {
    const c = assessCandidacy(makeCase({ history: { [flag]: true } }));
    expect(c.verdict).toBe('contraindicated');
    expect(c.reasons[0]?.id).toBe(id);
  });

  it('defers for uncontrolled diabetes, recent dental work, recent threads in the area and unrealistic expectations', () => {
    expect(assessCandidacy(makeCase({ history: { uncontrolledDiabetes: true } })).verdict).toBe('defer');
    const dental = (date: string) =>
      assessCandidacy(
        makeCase({
          visitDate: '2026-11-20',
          previousProcedures: [{ kind: 'dental-work', regions: [], date }],
        }),
      );
    expect(daysBetween('2026-11-10', '2026-11-20')).toBe(10);
    expect(dental('2026-11-10').verdict).toBe('defer');
    expect(dental('2026-11-10').reasons[0]?.text.en).toContain('10 days ago');
    // Exactly recentDentalDays before the visit is no longer "within".
    expect(THRESHOLDS.recentDentalDays.value).toBe(14);
    expect(dental('2026-11-06').verdict).toBe('good');
    const threads = assessCandidacy(
      makeCase({ previousProcedures: [{ kind: 'threads', regions: ['jowl'], date: '2026-08-01' }] }),
    );
    expect(threads.verdict).toBe('defer');
    expect(threads.reasons[0]?.regions).toEqual(['jowl']);
    // Threads long ago, or in an untreated region, only call for caution / nothing.
    expect(
      assessCandidacy(
        makeCase({ previousProcedures: [{ kind: 'threads', regions: ['jowl'], date: '2025-01-01' }] }),
      ).verdict,
    ).toBe('caution');
    expect(
      assessCandidacy(
        makeCase({
          grades: { neck: 0 },
          previousProcedures: [{ kind: 'threads', regions: ['neck'], date: '2026-10-01' }],
        }),
      ).verdict,
    ).toBe('good');
    expect(assessCandidacy(makeCase({ expectations: 'unrealistic' })).verdict).toBe('defer');
  });

  it('refers for a surgical opinion', () => {
    expect(assessCandidacy(makeCase({ grades: { jowl: 4 }, fat: 'heavy' })).verdict).toBe('refer-surgical');
    expect(
      assessCandidacy(makeCase({ grades: { midface: 3 }, skinThickness: 'thin', elasticity: 'poor' }))
        .verdict,
    ).toBe('refer-surgical');
    expect(assessCandidacy(makeCase({ glogau: 'IV' })).verdict).toBe('refer-surgical');
    expect(assessCandidacy(makeCase({ grades: { jowl: 4 }, fat: 'balanced' })).verdict).toBe('good');
  });

  it('cautions, and never advises stopping prescribed anticoagulants', () => {
    const c = assessCandidacy(makeCase({ history: { anticoagulantsOrAntiplatelets: true } }));
    expect(c.verdict).toBe('caution');
    expect(c.reasons[0]?.text.en).toContain('Do not stop prescribed anticoagulants without the prescriber');
    expect(c.reasons[0]?.text.ko).toContain('중단하지 마십시오');
    expect(
      assessCandidacy(makeCase({ history: { herpesLabialisHistory: true } })).reasons[0]?.text.en,
    ).toContain('prophylaxis');
    const old = assessCandidacy(makeCase({ age: 55 }));
    expect(old.verdict).toBe('caution');
    expect(old.reasons[0]?.text.en).toContain('16 % vs 5.6 %');
    expect(assessCandidacy(makeCase({ age: 50 })).verdict).toBe('good');
    expect(assessCandidacy(makeCase({ skinThickness: 'thin' })).verdict).toBe('caution');
    expect(
      assessCandidacy(
        makeCase({
          previousProcedures: [{ kind: 'permanent-filler', regions: ['nasolabial'], date: '2020-01-01' }],
        }),
      ).reasons[0]?.id,
    ).toBe('caution-permanent-filler');
  });

  it('takes the most severe verdict and lists reasons most severe first', () => {
    const c = assessCandidacy(
      makeCase({ age: 60, history: { pregnant: true, herpesLabialisHistory: true }, glogau: 'IV' }),
    );
    expect(c.verdict).toBe('contraindicated');
    expect(c.reasons.map((r) => r.verdict)).toEqual([
      'contraindicated',
      'refer-surgical',
      'caution',
      'caution',
    ]);
  });

  it('gives every criterion citations that exist and bilingual text', () => {
    const everything = makeCase({
      age: 70,
      glogau: 'IV',
      fat: 'heavy',
      skinThickness: 'thin',
      elasticity: 'poor',
      grades: { jowl: 4 },
      expectations: 'unrealistic',
      history: Object.fromEntries(HISTORY_FLAGS.map((f) => [f, true])),
      previousProcedures: [
        { kind: 'dental-work', regions: [], date: '2026-11-15' },
        { kind: 'threads', regions: ['jowl'], date: '2026-10-01' },
        { kind: 'threads', regions: ['midface'], date: '2024-10-01' },
        { kind: 'permanent-filler', regions: ['nasolabial'], date: '2020-10-01' },
        { kind: 'botulinum-toxin', regions: ['brow'], date: '2026-11-18' },
      ],
      // A 12 mm jowl drop on one side: beyond what threads correct (work-up criterion).
      face: { displace: new Map(JOWL_POINTS.left.map((i) => [i, [0, -12, 0] as const])) },
    });
    const c = assessCandidacy(everything);
    const notApplicable = new Set(['caution-expectations-not-assessed']);
    expect(new Set(c.reasons.map((r) => r.id))).toEqual(
      new Set(CANDIDACY_CRITERIA.map((k) => k.id).filter((id) => !notApplicable.has(id))),
    );
    for (const r of c.reasons) {
      expect(r.cite.length, r.id).toBeGreaterThan(0);
      for (const k of r.cite) expect(CITATIONS[k], `${r.id} -> ${k}`).toBeDefined();
      expect(r.text.en.length).toBeGreaterThan(10);
      expect(r.text.ko, r.id).toMatch(HANGUL);
    }
  });
});
