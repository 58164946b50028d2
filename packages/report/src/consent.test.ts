import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAftercareSchedule, makeCase, planCase } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { lintText } from '../../domain/src/wording/lint.js';
import { CLINIC, DOCTOR } from '../bench/fixture.js';
import { buildConsentDocument, missingConsentElements, type ConsentInput } from './consent-document.js';
import { buildConsentPdfDefinition, renderConsentPdf, type ConsentSignature } from './consent-pdf.js';
import { CONSENT_SECTIONS, CONSENT_TEMPLATE } from './consent-template.js';
import { documentText } from './text.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const artifacts = path.join(root, 'test-artifacts', 'report');

function consentInput(): ConsentInput {
  const caseFile = makeCase({ caseId: 'C-1', visitDate: '2025-03-01', grades: { jowl: 3, midface: 2 } });
  const plan = planCase(caseFile);
  return {
    clinic: CLINIC,
    patient: { id: 'A-001', age: caseFile.patient.age, sex: caseFile.patient.sex },
    caseFile,
    plan,
    aftercare: buildAftercareSchedule({
      placements: plan.placements,
      procedureDate: '2025-03-01',
      sex: 'female',
    }),
    doctors: [
      { ...DOCTOR, role: 'planning' },
      { name: 'Dr. Lee', role: 'performing' },
    ],
    planVersion: { id: '00000000-0000-4000-8000-000000000001', number: 2 },
  };
}

const signature: ConsentSignature = {
  signerName: '박지우',
  signerRelation: null,
  path: 'M 20 150 L 80 60 L 140 150 L 200 60',
  signedAtText: '2025-03-01 10:15 (Asia/Seoul)',
  photoScopes: { record: true, marketing: false, research: false },
  recordedBy: 'coordinator',
};

describe('consent document', () => {
  it('fills the five required elements from the plan, in both languages', () => {
    for (const lang of ['ko', 'en'] as const) {
      const doc = buildConsentDocument(consentInput(), lang);
      expect(doc.sections.map((s) => s.id)).toEqual([...CONSENT_SECTIONS]);
      expect(missingConsentElements(doc)).toEqual([]);
      expect(doc).toMatchObject({
        templateId: CONSENT_TEMPLATE.id,
        templateVersion: CONSENT_TEMPLATE.version,
      });
      const byId = Object.fromEntries(doc.sections.map((s) => [s.id, s.items]));
      expect(byId.doctors?.join(' ')).toContain('Dr. Kim Minji');
      expect(byId.doctors?.join(' ')).toContain('Dr. Lee');
      expect(byId.method?.join(' ')).toMatch(/mm × \d/);
      expect(byId.sideEffects?.length).toBeGreaterThan(3);
      // Rates in the patient's words: no study shorthand (author-year, "pts", "MA") on a form the patient signs.
      expect(byId.sideEffects?.join(' ')).not.toMatch(/\b(19|20)\d\d\b|\bpts\b|\bMA\b|Niu|Bertossi/);
      expect(doc.photo.scopes.map((s) => s.id)).toEqual(['record', 'marketing', 'research']);
    }
    const ko = buildConsentDocument(consentInput(), 'ko');
    expect(JSON.stringify(ko)).toContain('턱살 처짐(불독살)');
    // No English words in the Korean text beyond names, units, materials, device names and the form id.
    const allowed = new Set([
      'Dr',
      'Kim',
      'Minji',
      'Lee',
      'Example',
      'Clinic',
      'Seoul',
      'Gangnam',
      'Kang',
      'liftplan',
      'consent',
      'thread',
      'lift',
      'PDO',
      'PLLA',
      'PLGA',
      'PCL',
      'SMAS',
      'IPL',
      'HIFU',
      'RF',
      'mm',
      'MA',
      'SR',
      'Niu',
      'Zhou',
      'Zhuang',
      'Bertossi',
    ]);
    const strings = [
      ko.title,
      ko.intro,
      ko.declaration,
      ko.notice,
      ko.photo.heading,
      ko.photo.intro,
      ...ko.photo.scopes.map((x) => x.text),
      ...ko.facts.flatMap((f) => [f.key, f.value]),
      ...ko.sections.flatMap((x) => [x.heading, x.intro, ...x.items]),
    ];
    const words = strings.join(' ').match(/[A-Za-z]{2,}/g) ?? [];
    expect(words.filter((w) => !allowed.has(w))).toEqual([]);
    expect(JSON.stringify(ko)).toContain('부작용이 발생할 수 있습니다');
  });

  it('an empty plan leaves the method saying so; a plan without side effects is reported missing', () => {
    const input = consentInput();
    const doc = buildConsentDocument({ ...input, plan: { ...input.plan, placements: [], risks: [] } }, 'en');
    expect(doc.sections.find((s) => s.id === 'method')?.items).toEqual(['no threads are planned']);
    expect(missingConsentElements(doc)).toContain('sideEffects');
  });

  it('passes the advertising wording lint (Art. 56) in both languages', () => {
    for (const lang of ['ko', 'en'] as const) {
      const def = buildConsentPdfDefinition(buildConsentDocument(consentInput(), lang), signature);
      expect(lintText(documentText(def), { locale: lang })).toEqual([]);
    }
  });

  it('prints the signed copy: scopes agreed or refused, signer, time, the signature image', async () => {
    const doc = buildConsentDocument(consentInput(), 'ko');
    const pdf = await renderConsentPdf(doc, signature);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, 'consent-ko.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('실리프팅 시술 동의서');
    expect(text).toContain('동의함');
    expect(text).toContain('동의하지 않음');
    expect(text).toContain('박지우');
    expect(text).toContain('2025-03-01 10:15');
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    expect(images.split('\n').filter((l) => /^\s*\d+\s+\d+\s+image/.test(l))).toHaveLength(1);
  });
});
