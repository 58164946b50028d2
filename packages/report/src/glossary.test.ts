/**
 * One term per concept in the report's Korean: every Korean string the report can print (fixed phrases,
 * names, plain-words risks, and the built documents with the domain's texts) is checked against the
 * "One term per concept" table of docs/glossary-ko-en.md.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportInput, THREE_VIEWS } from '../bench/fixture.js';
import { buildAftercareSheet } from './aftercare-sheet.js';
import { buildConsultationReport } from './consultation.js';
import * as i18n from './i18n.js';
import { QUALITY_CHECK_NAME } from './provisional.js';
import { PATIENT_RATE, PATIENT_REASON } from './risk-plain.js';
import { documentText } from './text.js';
import type { ReportInput } from './types.js';

const GLOSSARY = fileURLToPath(new URL('../../../docs/glossary-ko-en.md', import.meta.url));

export interface TermRule {
  readonly concept: string;
  readonly use: string;
  readonly variants: readonly string[];
}

/** The rows of the glossary's "One term per concept" table. */
export function termRules(markdown: string): TermRule[] {
  const section = markdown.split(/^## One term per concept\s*$/m)[1] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*(concept|-)/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => ({
      concept: c[1] ?? '',
      use: c[2] ?? '',
      variants: (c[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0),
    }));
}

/** "variant (use: term)" for every variant found in the texts. */
export function termViolations(texts: readonly string[], rules: readonly TermRule[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    for (const r of rules) {
      for (const v of r.variants) {
        if (text.includes(v)) out.push(`"${v}" in "${text.slice(0, 60)}" (use ${r.use})`);
      }
    }
  }
  return out;
}

/** Every `ko` string in a nested value (phrase tables and name maps). */
function koStrings(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) koStrings(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'ko' && typeof v === 'string') out.push(v);
      else koStrings(v, out);
    }
  }
  return out;
}

let input: ReportInput;
beforeAll(async () => {
  input = await reportInput({ photoViews: THREE_VIEWS });
});

describe('Korean glossary: one term per concept', () => {
  const rules = termRules(readFileSync(GLOSSARY, 'utf8'));

  it('reads the glossary table', () => {
    expect(rules.map((r) => r.use)).toEqual(expect.arrayContaining(['자입점', '위험 부위', '기준점']));
    expect(rules.find((r) => r.use === '자입점')?.variants).toContain('삽입점');
  });

  it('flags a variant (the check can fail)', () => {
    expect(termViolations(['실의 삽입점을 확인합니다.'], rules)).toHaveLength(1);
  });

  it('the report’s Korean phrases, names and plain-words risks use the glossary terms', () => {
    const texts = [
      ...koStrings(Object.values(i18n)),
      ...i18n.RISK_TEXT_KO.map(([, ko]) => ko),
      ...koStrings(PATIENT_RATE),
      ...koStrings(PATIENT_REASON),
      ...koStrings(QUALITY_CHECK_NAME),
    ];
    expect(texts.length).toBeGreaterThan(200);
    expect(termViolations(texts, rules)).toEqual([]);
  });

  it('the built Korean documents (with the domain’s texts) use the glossary terms', () => {
    const docs = [
      buildConsultationReport(input, 'ko', 'patient'),
      buildConsultationReport(input, 'ko', 'clinician'),
      buildAftercareSheet(input, 'ko'),
    ];
    expect(termViolations(docs.map(documentText), rules)).toEqual([]);
  });
});
