import { ADULTS_ONLY } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import type { Lot, Patient, Product } from '@liftplan/api';
import type { Assessment } from '@liftplan/domain';
import { buildCase, caseAgeRefusal } from './case.js';

/** A clinician's assessment as the test's input (the app never assumes one). */
const AN_ASSESSMENT: Assessment = {
  grades: { brow: 1, midface: 2, nasolabial: 2, jowl: 2, marionette: 1, neck: 0 },
  skinThickness: 'normal',
  elasticity: 'fair',
  fat: 'balanced',
  glogau: 'II',
  fitzpatrick: 'III',
};
import { consentMissing, intakeMissing, scoreMissing, scoreValue } from './choices.js';
import { lotFromScan, planDifferences, type LotChoice } from './procedure.js';
import { commandCount, PAD, strokesToPath, toPad } from './signature.js';

const patient = (birthDate: string): Patient => ({
  id: 'p1',
  chartNumber: 'A-1',
  displayName: 'x',
  birthDate,
  sex: 'female',
  history: {},
  notes: null,
  phone: null,
  email: null,
  address: null,
  createdAt: '',
  updatedAt: '',
  version: 1,
  archivedAt: null,
});

describe('case building: true ages, the domain refuses', () => {
  it('does not clamp a 15-year-old to 18; the refusal is the domain message', () => {
    const c = buildCase({
      patient: patient('2010-06-01'),
      visitId: 'v',
      visitDate: '2025-06-01',
      intake: { concerns: [], expectations: 'realistic' },
      assessment: AN_ASSESSMENT,
      photos: [],
    });
    expect(c.patient.age).toBe(15);
    expect(caseAgeRefusal(patient('2010-06-01'), '2025-06-01')?.en).toBe(
      `${ADULTS_ONLY.en}: the patient is 15`,
    );
    expect(caseAgeRefusal(patient('2010-06-01'), '2025-06-01')?.ko).toMatch(/성인/);
    expect(caseAgeRefusal(patient('1980-01-01'), '2025-06-01')).toBeNull();
    expect(caseAgeRefusal(patient('1910-01-01'), '2025-06-01')?.en).toMatch(/up to 110/);
  });
});

describe('nothing chosen for the user', () => {
  it('intake lists what is missing until chosen', () => {
    expect(intakeMissing({ concernsChosen: 0, expectations: null, photoRecordConsent: null })).toEqual([
      'missing.concerns',
      'missing.expectations',
      'missing.photoConsent',
    ]);
    expect(
      intakeMissing({ concernsChosen: 1, expectations: 'realistic', photoRecordConsent: false }),
    ).toEqual([]);
  });
  it('scores: empty until chosen; "not taken" is explicit, but not all of them', () => {
    expect(scoreMissing({ followUpId: 'f', gaisClinician: '', gaisPatient: '', satisfaction: '' })).toEqual([
      'missing.gaisClinician',
      'missing.gaisPatient',
      'missing.satisfaction',
    ]);
    expect(
      scoreMissing({ followUpId: 'f', gaisClinician: 'none', gaisPatient: 'none', satisfaction: 'none' }),
    ).toEqual(['missing.anyScore']);
    expect(
      scoreMissing({ followUpId: 'f', gaisClinician: '2', gaisPatient: 'none', satisfaction: '4' }),
    ).toEqual([]);
    expect([scoreValue('2'), scoreValue('none'), scoreValue('')]).toEqual([2, null, null]);
  });
  it('consent: each photo scope answered, performer, read, name and a real signature', () => {
    const base = {
      performers: ['d'],
      scopes: { record: true, marketing: false, research: false },
      signerName: 'x',
      signatureCommands: 9,
      readConfirmed: true,
    };
    expect(consentMissing(base, 5)).toEqual([]);
    expect(
      consentMissing({ ...base, scopes: { record: true }, signatureCommands: 1, performers: [] }, 5),
    ).toEqual([
      'missing.performer',
      'missing.scope.marketing',
      'missing.scope.research',
      'missing.signature',
    ]);
  });
});

const product = (over: Partial<Product> = {}): Product => ({
  id: 'pr1',
  name: 'Cog',
  manufacturer: 'Acme',
  threadKind: 'bidirectional-cog',
  material: 'PDO',
  gauge: '3-0',
  lengthMm: 90,
  version: 1,
  ...over,
});
const lot = (over: Partial<Lot> = {}): Lot => ({
  id: 'l1',
  productId: 'pr1',
  lotNumber: 'L-1',
  expiryDate: '2027-12-31',
  stock: 5,
  version: 1,
  ...over,
});

describe('procedure form', () => {
  const lots: LotChoice[] = [
    { lot: lot(), product: product() },
    { lot: lot({ id: 'l2', lotNumber: 'L-2' }), product: product({ id: 'pr2', gauge: '1-0', lengthMm: 60 }) },
  ];
  it('finds the lot a GS1 scan names, refusing bad or mismatched scans with the reason', () => {
    const ok = lotFromScan('(01)09506000134352(17)271231(10)L-1', lots, '2026-12-03');
    expect(ok).toMatchObject({ ok: true, gtin: '09506000134352', lot: { lot: { id: 'l1' } } });
    const bad = lotFromScan('(01)123', lots, '2026-12-03');
    expect(bad.ok ? '' : bad.error.en).toMatch(/needs exactly 14/);
    const expiry = lotFromScan('(17)280101(10)L-1', lots, '2026-12-03');
    expect(expiry.ok ? '' : expiry.error.en).toMatch(/catalogue says 2027-12-31/);
    const unknown = lotFromScan('(10)NOPE', lots, '2026-12-03');
    expect(unknown.ok ? '' : unknown.error.ko).toMatch(/제품 목록에 없습니다/);
  });
  it('shows each difference from the plan live; a reason explains them', () => {
    const planned = [
      {
        id: 'jowl:left:1',
        region: 'jowl',
        side: 'left',
        kind: 'bidirectional-cog',
        material: 'PDO',
        gauge: '3-0',
        lengthMm: 90,
        count: 5,
      },
    ] as unknown as Parameters<typeof planDifferences>[0];
    const l2 = lots[1];
    expect(planDifferences(planned, {}, {})).toEqual([]);
    const d = planDifferences(planned, { 'jowl:left:1': { lot: l2, count: 4, deviation: '' } }, {});
    expect(d.map((m) => [m.field, m.explained])).toEqual([
      ['gauge', false],
      ['lengthMm', false],
      ['count', false],
    ]);
    expect(
      planDifferences(planned, { 'jowl:left:1': { lot: l2, count: 4, deviation: 'out of stock' } }, {}).every(
        (m) => m.explained,
      ),
    ).toBe(true);
    expect(planDifferences(planned, {}, { 'jowl:left:1': 'patient asked to stop' })).toMatchObject([
      { field: 'placement', explained: true },
    ]);
  });
});

describe('signature pad', () => {
  it('turns strokes into M/L path data inside the pad, thinned and clamped', () => {
    const path = strokesToPath([
      [
        [10, 10],
        [10.5, 10.2],
        [40, 60],
        [700, 250],
      ],
      [
        [100, 100],
        [120, 110],
      ],
    ]);
    expect(path).toBe('M 10 10 L 40 60 L 600 200 M 100 100 L 120 110');
    expect(commandCount(path)).toBe(5);
    expect(toPad(150, 60, { left: 0, top: 10, width: 300, height: 100 })).toEqual([
      PAD.width / 2,
      PAD.height / 2,
    ]);
    expect(strokesToPath([])).toBe('');
  });
});
