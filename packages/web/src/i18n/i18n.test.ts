import {
  RISK_TEMPLATES,
  RULE_SET,
  ZONE_RULES,
  hasLintErrors,
  lintFragment,
  lintText,
} from '@liftplan/domain';
import {
  ANAESTHESIA_KINDS,
  ERROR_CODES,
  FOLLOW_UP_STATUSES,
  LANDMARK_SOURCES,
  PLAN_STATUSES,
  ROLES,
  SEXES,
  VISIT_KINDS,
} from '@liftplan/api';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ko } from './ko.js';
import { RISK_TEXT_KO, riskText } from './risk-text.js';

type Tree = { readonly [k: string]: string | Tree };

function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Plural forms (`_one`, `_other`) are one key: Korean has only `_other`. */
const base = (k: string): string => k.replace(/_(zero|one|two|few|many|other)$/, '');

const EN = flatten(en);
const KO = flatten(ko);

/** The UI's sources, as text (Vite's glob import; no file-system access needed in the test). */
const SOURCES = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('i18n resources', () => {
  it('Korean and English have the same keys', () => {
    const enKeys = [...new Set([...EN.keys()].map(base))].sort();
    const koKeys = [...new Set([...KO.keys()].map(base))].sort();
    expect(koKeys).toEqual(enKeys);
  });

  it('no string is empty, and placeholders match between the languages', () => {
    const vars = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
    for (const [k, v] of KO) {
      expect(v.trim(), k).not.toBe('');
      const e = EN.get(k) ?? EN.get(k.replace(/_other$/, '_one'));
      expect(e, k).toBeDefined();
      expect(vars(v), k).toEqual(vars(e ?? ''));
    }
  });

  it('every literal key the sources pass to t() exists', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    const keys = new Set([...EN.keys()].map(base));
    const missing: string[] = [];
    for (const [file, text] of Object.entries(SOURCES)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) {
        const k = m[1] ?? '';
        if (!keys.has(k)) missing.push(`${file}: ${k}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('templated keys resolve for every value of their vocabulary', () => {
    const keys = new Set([...EN.keys()].map(base));
    const need = [
      ...SEXES.map((s) => `sex.${s}`),
      ...VISIT_KINDS.map((s) => `visitKind.${s}`),
      ...ROLES.map((s) => `roles.${s}`),
      ...PLAN_STATUSES.map((s) => `planStatus.${s}`),
      ...FOLLOW_UP_STATUSES.map((s) => `followUpStatus.${s}`),
      ...ANAESTHESIA_KINDS.map((s) => `procedure.anaesthesiaKinds.${s}`),
      ...LANDMARK_SOURCES.map((s) => `analysis.source.${s}`),
      ...ERROR_CODES.map((s) => `errors.${s}`),
    ];
    for (const k of need) expect(keys.has(k), k).toBe(true);
  });
});

describe('patient-facing wording (Medical Service Act Art. 56 lint)', () => {
  const patientKeys = (m: Map<string, string>) =>
    [...m].filter(
      ([k]) => k.startsWith('consult.') || k.startsWith('risks.') || k.startsWith('patientMode.'),
    );

  for (const [lang, m] of [
    ['en', EN],
    ['ko', KO],
  ] as const) {
    it(`every consultation phrase passes the banned-term lint (${lang})`, () => {
      // The lint does catch advertising claims (so a pass below means something).
      expect(
        hasLintErrors(
          lintFragment(
            lang === 'en' ? 'Guaranteed results, the best clinic.' : '100% 효과 보장, 최고의 병원',
            { locale: lang },
          ),
        ),
      ).toBe(true);
      for (const [k, v] of patientKeys(m)) {
        const f = lintFragment(v, { locale: lang });
        expect(hasLintErrors(f), `${k}: ${JSON.stringify(f)}`).toBe(false);
      }
    });

    it(`the consultation text as a whole states side effects and individual variation (${lang})`, () => {
      const text = patientKeys(m)
        .map(([, v]) => v)
        .join('\n\n');
      const f = lintText(text, { locale: lang });
      expect(hasLintErrors(f), JSON.stringify(f.filter((x) => x.severity === 'error'))).toBe(false);
    });
  }

  it('every planner risk rate and reason has a Korean translation', () => {
    for (const tpl of Object.values(RISK_TEMPLATES)) {
      for (const s of [tpl.rate, tpl.reason]) {
        const ko = riskText(s, 'ko');
        expect(/[a-z]{4,}/.test(ko.replace(/\((?:[^()]*)\)/g, '')), `${s} -> ${ko}`).toBe(false);
      }
    }
    expect(RISK_TEXT_KO.length).toBeGreaterThan(10);
  });
});

describe('rule descriptions in the rationale panel', () => {
  /** Every id the planner's trace can carry: the rule set's rules, its zone rules and the geometry step. */
  const ids = [
    ...RULE_SET.rules.map((r) => r.id),
    ...RULE_SET.zoneRules.map((r) => r.id),
    ...ZONE_RULES.map((r) => r.id),
    'geometry-entry-choice',
  ];

  it('every planner rule id has an English and a Korean description', () => {
    expect(RULE_SET.rules.length).toBeGreaterThan(10);
    const missing = ids.filter((id) => !EN.get(`rules.${id}`) || !KO.get(`rules.${id}`));
    expect(missing).toEqual([]);
    for (const id of ids) {
      const ko = KO.get(`rules.${id}`) ?? '';
      expect(/[가-힣]/.test(ko), `rules.${id} (ko): ${ko}`).toBe(true);
      expect(ko, id).not.toBe(EN.get(`rules.${id}`));
    }
  });

  it('no rules.* key is left over for a rule id the planner no longer has', () => {
    const known = new Set(ids);
    const extra = [...EN.keys()].filter((k) => k.startsWith('rules.')).map((k) => k.slice('rules.'.length));
    expect(extra.filter((id) => !known.has(id))).toEqual([]);
  });
});
