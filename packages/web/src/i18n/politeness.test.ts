/**
 * One politeness level in what the patient reads: the consultation and patient mode are in 합쇼체 (…습니다,
 * …십시오). A sentence ending in 해요체 (…요) or the casual imperative (…세요) fails, listed by key.
 */
import { describe, expect, it } from 'vitest';
import { ko } from './ko.js';

type Tree = { readonly [k: string]: string | Tree };
const flatten = (t: Tree, prefix = ''): [string, string][] =>
  Object.entries(t).flatMap(([k, v]) =>
    typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v, `${prefix}${k}.`),
  );

/** Keys the patient reads (the staff-only exit of patient mode is worded for staff but also 합쇼체). */
const PATIENT_FACING = ['consult.', 'patientMode.', 'risks.'];

/** The last word of each sentence (before . ! ? : or the end). */
const sentenceEnds = (s: string): string[] =>
  s
    .split(/[.!?:]\s|[.!?:]$|\n/)
    .map((x) => x.replace(/[)\s]+$/, '').trim())
    .filter((x) => x.length > 0)
    .map((x) => x.split(/\s+/).at(-1) ?? '');

describe('patient-facing Korean: 합쇼체 only', () => {
  const entries = flatten(ko as unknown as Tree).filter(([k]) => PATIENT_FACING.some((p) => k.startsWith(p)));

  it('finds the patient-facing strings', () => {
    expect(entries.length).toBeGreaterThan(40);
  });

  it('no sentence ends in 해요체 or …세요', () => {
    const bad = entries.flatMap(([k, v]) =>
      sentenceEnds(v)
        .filter((w) => /요$/.test(w) || /세요$/.test(w))
        .map((w) => `${k}: …${w}`),
    );
    expect(bad).toEqual([]);
  });

  it('the check itself catches 해요체', () => {
    expect(sentenceEnds('계획이 없어요. 다음에 오세요')).toEqual(['없어요', '오세요']);
  });
});
