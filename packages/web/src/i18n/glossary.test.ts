/**
 * One term per concept in the web app's Korean (ko.ts), against the "One term per concept" table of
 * docs/glossary-ko-en.md: each violation is reported with its line.
 */
import { describe, expect, it } from 'vitest';

/** The glossary and ko.ts as text (Vite's glob import; no file-system access in a web test). */
const TEXT = import.meta.glob<string>(['../../../../docs/glossary-ko-en.md', './ko.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const read = (rel: string): string => {
  const t = TEXT[rel];
  if (t === undefined) throw new Error(`${rel} not found`);
  return t;
};

function variants(markdown: string): { use: string; variant: string }[] {
  const section = markdown.split(/^## One term per concept\s*$/m)[1] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*(concept|-)/.test(l))
    .map((l) => l.split('|').map((c) => c.trim()))
    .flatMap((c) =>
      (c[3] ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0)
        .map((variant) => ({ use: c[2] ?? '', variant })),
    );
}

describe('web Korean strings: one term per concept', () => {
  const rules = variants(read('../../../../docs/glossary-ko-en.md'));

  it('reads the glossary table', () => {
    expect(rules.length).toBeGreaterThan(3);
  });

  it('ko.ts uses the glossary terms (violations listed by line)', () => {
    const found = read('./ko.ts')
      .split('\n')
      .flatMap((line, i) =>
        rules
          .filter((r) => line.includes(r.variant))
          .map((r) => `ko.ts:${i + 1}: "${r.variant}" (use ${r.use})`),
      );
    expect(found).toEqual([]);
  });
});
