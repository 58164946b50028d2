import type { Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';

/** Least to most severe; the case verdict is the most severe verdict among its reasons. */
export const CANDIDACY_VERDICTS = ['good', 'caution', 'refer-surgical', 'defer', 'contraindicated'] as const;
export type CandidacyVerdict = (typeof CANDIDACY_VERDICTS)[number];

export interface Bilingual {
  readonly en: string;
  readonly ko: string;
}

export interface CandidacyReason {
  /** Criterion id (see CANDIDACY_CRITERIA). */
  readonly id: string;
  readonly verdict: CandidacyVerdict;
  readonly text: Bilingual;
  /** Regions the reason concerns, when it is regional (e.g. previous threads in the jowl). */
  readonly regions?: readonly Region[];
  readonly cite: readonly CitationKey[];
}

export interface Candidacy {
  readonly verdict: CandidacyVerdict;
  readonly label: Bilingual;
  /** Every criterion that applies, most severe first, then in criterion order. */
  readonly reasons: readonly CandidacyReason[];
}

export const VERDICT_LABEL: Record<CandidacyVerdict, Bilingual> = {
  good: { en: 'Good candidate', ko: '적합' },
  caution: { en: 'Candidate with cautions', ko: '주의 필요 (적합)' },
  'refer-surgical': { en: 'Refer for a surgical opinion', ko: '수술 상담 권유' },
  defer: { en: 'Defer treatment', ko: '시술 연기' },
  contraindicated: { en: 'Contraindicated', ko: '금기' },
};

export const verdictRank = (v: CandidacyVerdict): number => CANDIDACY_VERDICTS.indexOf(v);
