import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITATIONS } from '../evidence/citations.js';
import { hasLintErrors, lintFragment, lintText, type LintFinding } from './lint.js';
import { BANNED_TERMS, LINT_RULES } from './rules.js';

const seed = readFileSync(new URL('./fixtures/000_aa8800f104679e7a.txt', import.meta.url), 'utf8');

const summary = (fs: readonly LintFinding[]): string[] => fs.map((f) => `${f.line}:${f.rule}:${f.term}`);
const terms = (text: string, locale: 'ko' | 'en' | 'auto' = 'auto'): string[] =>
  lintFragment(text, { locale }).map((f) => f.term);

describe('wording rules as data', () => {
  it('cites known evidence keys and names a legal basis in both languages for every rule', () => {
    for (const r of Object.values(LINT_RULES)) {
      expect(r.cite.length, r.id).toBeGreaterThan(0);
      for (const k of r.cite) expect(CITATIONS[k], `${r.id} -> ${k}`).toBeDefined();
      expect(r.basis.en.length * r.basis.ko.length).toBeGreaterThan(0);
      expect(r.message.en.length * r.message.ko.length).toBeGreaterThan(0);
    }
  });

  it('lists every KMA word of clinical-facts §8 in Korean and the English equivalents', () => {
    const list = new Set(BANNED_TERMS.map((t) => t.term));
    const korean = [
      ...['최고', '최초', '유일한', '최첨단', '최상의', '지역 1위', '특화', '전문', '명품'],
      ...['부작용 없이', '통증 없이', '흉터 없이', '완치', '완벽', '안전한', '무통'],
      ...['자신감', '콤플렉스', '반드시', '보장', '100%'],
    ];
    for (const w of korean) expect(list).toContain(w);
    for (const w of [
      'best',
      'first',
      'the only',
      'guaranteed',
      'permanent',
      'painless',
      'no pain',
      'no side effects',
      'risk-free',
      'perfect',
      'safest',
    ]) {
      expect(list).toContain(w);
    }
  });

  it('finds every banned term when it stands alone (each entry can fire)', () => {
    for (const t of BANNED_TERMS) {
      if (t.onlyAfter) continue;
      const found = lintFragment(` ${t.term} `, { locale: t.locale === 'any' ? 'auto' : t.locale });
      expect(
        found.map((f) => f.rule),
        t.term,
      ).toContain(t.rule);
    }
  });
});

describe('lintText: banned terms', () => {
  it('flags a seeded bad Korean text, naming term, line, column and rule', () => {
    const bad = [
      '최고의 실리프팅! 부작용 없이 통증 없이 100% 효과를 보장합니다.',
      '자신감을 되찾으세요. 지역 1위 전문 병원입니다.',
      '부작용이 걱정되시나요?',
      '반드시 효과가 있습니다. 영구적인 리프팅, 완벽한 턱선.',
    ].join('\n');
    const found = lintText(bad, { locale: 'ko' });
    expect(hasLintErrors(found)).toBe(true);
    expect(summary(found)).toEqual([
      '0:side-effects-missing:부작용',
      '0:variation-notice-missing:개인에 따라',
      '1:superlative:최고',
      '1:absolute-claim:부작용 없이',
      '1:absolute-claim:통증 없이',
      '1:guarantee:100%',
      '1:guarantee:보장',
      '2:appearance:자신감',
      '2:superlative:지역 1위',
      '2:unofficial-title:전문',
      '3:side-effects-as-question:부작용이 걱정되시나요?',
      '4:guarantee:반드시',
      '4:absolute-claim:영구적',
      '4:absolute-claim:완벽',
    ]);
    const first = found.find((f) => f.term === '최고');
    expect(first).toMatchObject({ line: 1, column: 1, severity: 'error' });
    expect(first?.basis.ko).toContain('제56조');
    expect(found.find((f) => f.term === '보장')?.column).toBe(bad.indexOf('보장') + 1);
  });

  it('flags a seeded bad English text', () => {
    const bad = [
      'The best thread lift in Seoul: painless, no side effects, permanent and guaranteed results.',
      'Boost your confidence! Worried about side effects?',
      'Our clinic was the first in Korea to offer a risk-free, 100% natural lift.',
    ].join('\n');
    const found = lintText(bad, { locale: 'en' });
    expect(summary(found)).toEqual([
      '0:side-effects-missing:side effects',
      '0:variation-notice-missing:vary from person to person',
      '1:superlative:best',
      '1:absolute-claim:painless',
      '1:absolute-claim:no side effects',
      '1:absolute-claim:permanent',
      '1:guarantee:guaranteed',
      '2:appearance:confidence',
      '2:side-effects-as-question:Worried about side effects?',
      '3:superlative:first',
      '3:absolute-claim:risk-free',
      '3:guarantee:100%',
    ]);
  });

  it('avoids the documented false positives', () => {
    // Statutory title, bank transfer, peak of swelling, words inside longer words.
    expect(
      terms('전문의 상담 후 결정합니다. 무통장 입금. 부기는 이틀째 최고조입니다. 비전문가는 아닙니다.', 'ko'),
    ).toEqual([]);
    // Negated claims and instructions.
    expect(
      terms('결과를 보장하지 않습니다. 효과는 영구적이지 않습니다. 반드시 의료진과 상담하십시오.', 'ko'),
    ).toEqual([]);
    expect(terms('가장 흔한 부작용은 부기입니다.', 'ko')).toEqual([]);
    expect(terms('영구 필러가 있는 부위', 'ko')).toEqual([]);
    // English: "first" in time, negations, product categories, words containing banned words.
    expect(
      terms(
        'In the first week, and for the first 48 hours, sleep on your back. Results are not permanent and cannot be guaranteed. Threads do not give a permanent result. Permanent filler in the area. The effect is non-permanent. Many people first consider threads.',
        'en',
      ),
    ).toEqual([]);
    expect(terms('bestow, leadingly, perfection, uniquely', 'en')).toEqual([]);
  });

  it('keeps "first" as a rank and claims after a comma', () => {
    expect(terms("Korea's first PDO lift", 'en')).toEqual(['first']);
    expect(terms('no side effects, permanent', 'en')).toEqual(['no side effects', 'permanent']);
  });

  it('accepts a text that states side effects plainly and carries the variation notice', () => {
    const ko =
      '실리프팅 후 부기, 멍, 통증 같은 부작용이 발생할 수 있습니다.\n개인에 따라 결과와 부작용에 차이가 있을 수 있습니다.';
    const en =
      'Side effects may occur after a thread lift: swelling, bruising and pain.\nResults and side effects vary from person to person.';
    expect(lintText(ko, { locale: 'ko' })).toEqual([]);
    expect(lintText(en, { locale: 'en' })).toEqual([]);
    // The other language's notice does not count when the locale is fixed.
    expect(summary(lintText(en, { locale: 'ko' }))).toEqual([
      '0:side-effects-missing:부작용',
      '0:variation-notice-missing:개인에 따라',
    ]);
    expect(lintText(`${ko}\n${en}`)).toEqual([]);
  });
});

describe('the seed blog post (the product source document)', () => {
  it('passes: no banned terms, side effects stated and the variation notice present (both in its footer)', () => {
    // What the lint finds in the seed: nothing. Its footer ("All treatments carry a risk of side effects and
    // complications depending on the individual.") satisfies both document-level rules; "many people first
    // consider" is "first" in time, not a rank; "be sure to" is an instruction, not a guarantee.
    expect(lintText(seed, { locale: 'en' })).toEqual([]);
    expect(lintText(seed)).toEqual([]);
  });

  it('fails without its legal footer: the body alone states no side effects and no variation notice', () => {
    const body = seed
      .split('\n')
      .filter((l) => !l.startsWith('|'))
      .join('\n');
    expect(summary(lintText(body, { locale: 'en' }))).toEqual([
      '0:side-effects-missing:side effects',
      '0:variation-notice-missing:vary from person to person',
    ]);
  });

  it('fails when a clinic adds typical advertising lines to it', () => {
    const edited = `${seed}\nOur specialized clinic offers the best, painless thread lift with guaranteed results!`;
    const found = lintText(edited, { locale: 'en' });
    const line = edited.split('\n').length;
    expect(summary(found)).toEqual([
      `${line}:unofficial-title:specialized clinic`,
      `${line}:superlative:best`,
      `${line}:absolute-claim:painless`,
      `${line}:guarantee:guaranteed`,
    ]);
  });
});
