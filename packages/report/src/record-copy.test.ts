import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lintText } from '../../domain/src/wording/lint.js';
import { buildRecordCopy, renderRecordCopy, type RecordCopyInput } from './record-copy.js';
import { documentText } from './text.js';

/** What the clinic recorded in its own words: printed as written in either language. */
const RECORDED = {
  clinic: 'Seoul Line Clinic',
  name: '박지우',
  product: 'Acme Cog PDO 19G',
  lot: 'LOT-2291',
  agent: 'lidocaine 1% with epinephrine',
  kind: '멍',
  chart: 'A-001',
};

const INPUT: RecordCopyInput = {
  clinic: { name: RECORDED.clinic, phone: '+82 2-555-0101', timeZone: 'Asia/Seoul' },
  patient: {
    chart: RECORDED.chart,
    name: RECORDED.name,
    birthDate: '1979-04-12',
    sex: 'female',
    phone: '010-1234-5678',
    email: null,
    address: null,
  },
  printedAt: '2026-12-06T09:00:00Z',
  visits: [
    {
      date: '2025-03-01',
      kind: 'consultation',
      photos: [{ view: 'front', takenAt: '2025-03-01T01:10:00Z', analysis: 'passed' }],
      measurements: [
        { metric: 'jowl-depth', side: 'left', value: 4.21, unit: 'mm', band: 0.82, estimate: false },
        { metric: 'commissure-angle', side: 'right', value: -3.4, unit: 'deg', band: null, estimate: true },
        {
          metric: 'lower-face-width-ratio',
          side: 'bilateral',
          value: 0.812,
          unit: 'ratio',
          band: 0.02,
          estimate: false,
        },
      ],
      assessments: [
        {
          by: '김민지',
          at: '2025-03-01T01:30:00Z',
          grades: { jowl: 3, midface: 1 },
          skinThickness: 'normal',
          elasticity: 'fair',
          fat: 'balanced',
        },
      ],
      plans: [
        {
          version: 2,
          signedBy: '김민지',
          signedAt: '2025-03-01T02:00:00Z',
          placements: [
            {
              region: 'jowl',
              side: 'left',
              kind: 'bidirectional-cog',
              material: 'PDO',
              gauge: '19G',
              lengthMm: 100,
              count: 2,
            },
          ],
        },
      ],
      consents: [
        {
          signedAt: '2025-03-01T02:20:00Z',
          signerName: RECORDED.name,
          scopes: { record: true, marketing: false, research: true },
        },
      ],
      procedures: [],
      aftercare: [],
      followUps: [],
    },
    {
      date: '2025-03-08',
      kind: 'procedure',
      photos: [],
      measurements: [],
      assessments: [],
      plans: [],
      consents: [],
      procedures: [
        {
          performedOn: '2025-03-08',
          performedBy: '김민지',
          anaesthesia: { kind: 'local-infiltration', agent: RECORDED.agent, doseMl: 4 },
          threads: [
            {
              region: 'jowl',
              side: 'left',
              product: RECORDED.product,
              lot: RECORDED.lot,
              expiry: '2027-01-31',
              count: 2,
            },
          ],
          notes: null,
        },
      ],
      aftercare: [
        {
          text: { en: 'Avoid saunas and hot baths.', ko: '사우나와 뜨거운 목욕을 피하십시오.' },
          lastDay: '2025-03-22',
        },
      ],
      followUps: [
        {
          dueDate: '2025-04-08',
          status: 'done',
          gaisClinician: 2,
          gaisPatient: null,
          satisfaction: 4,
          notes: null,
        },
      ],
    },
  ],
  followUps: [
    {
      dueDate: '2025-09-08',
      status: 'scheduled',
      gaisClinician: null,
      gaisPatient: null,
      satisfaction: null,
      notes: null,
    },
  ],
  complications: [
    {
      kind: RECORDED.kind,
      severity: 'mild',
      onsetDate: '2025-03-09',
      management: null,
      resolution: null,
      resolvedDate: '2025-03-18',
    },
  ],
};

const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-record-copy-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const GLOSSARY = fileURLToPath(new URL('../../../docs/glossary-ko-en.md', import.meta.url));
/** The variants the glossary's "One term per concept" table forbids. */
const forbiddenVariants = (): string[] =>
  (readFileSync(GLOSSARY, 'utf8').split(/^## One term per concept\s*$/m)[1] ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*(concept|-)/.test(l))
    .flatMap((l) => (l.split('|')[3] ?? '').split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

describe('the patient’s copy of the record (Art. 21)', () => {
  it('covers every part of the record, in Korean without an English fragment and in the glossary’s terms', () => {
    const ko = documentText(buildRecordCopy(INPUT, 'ko'));
    for (const part of [
      '진료기록 사본',
      '사진',
      '측정값',
      '평가',
      '서명된 계획',
      '동의',
      '시술',
      '시술 후 관리',
      '경과 관찰',
      '부작용과 합병증',
    ]) {
      expect(ko).toContain(part);
    }
    expect(ko).toContain('4.2 mm ± 0.8 mm');
    expect(ko).toContain('-3.4° † (추정)');
    expect(ko).toContain(`${RECORDED.lot} (2027년 1월 31일)`);
    expect(ko).toContain('진료 기록 동의함, 광고 동의하지 않음, 연구 동의함');
    // Latin letters only where the clinic recorded them (names, product, lot, agent) and in units and codes.
    let rest = ko;
    for (const v of Object.values(RECORDED)) rest = rest.split(v).join('');
    const latin = rest.match(/[A-Za-z]+/g) ?? [];
    expect(latin.filter((w) => !['mm', 'ml', 'PDO', 'G', 'FHIR', 'R'].includes(w))).toEqual([]);
    expect(forbiddenVariants().filter((v) => ko.includes(v))).toEqual([]);
    for (const lang of ['ko', 'en'] as const) {
      const text = documentText(buildRecordCopy(INPUT, lang));
      expect(lintText(text, { locale: lang }).filter((f) => f.severity === 'error')).toEqual([]);
    }
    const en = documentText(buildRecordCopy(INPUT, 'en'));
    expect(en).toContain('Copy of your medical record');
    expect(en).toContain('improvement (doctor) 2; improvement (you) not scored; satisfaction 4');
    // No Korean in the English copy but what was recorded in Korean (names, the complication as written).
    let enRest = en;
    for (const v of [...Object.values(RECORDED), '김민지']) enRest = enRest.split(v).join('');
    expect(enRest).not.toMatch(/[\uAC00-\uD7A3]/);
  });

  it('renders one PDF in either language with the report’s font (text extractable, Korean words whole)', async () => {
    for (const lang of ['ko', 'en'] as const) {
      const { pdf } = await renderRecordCopy(INPUT, lang);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const file = path.join(dir, `copy-${lang}.pdf`);
      writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      expect(text).toContain(lang === 'ko' ? '진료기록 사본' : 'Copy of your medical record');
      expect(text).toContain(RECORDED.lot);
      expect(text).toContain(lang === 'ko' ? '턱살 처짐 깊이' : 'Jowl depth');
    }
  });
});
