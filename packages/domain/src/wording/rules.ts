/**
 * Patient-text wording rules as data (clinical-facts §8): the Korean Medical Service Act (의료법) Art. 56(2)
 * items and the KMA review criteria (건강한 의료광고 2판) turned into banned-term lists in Korean and English
 * and three document-level checks. Every rule names its legal basis and its evidence keys.
 *
 * How a term matches (kept simple on purpose; see lint.ts):
 *  - English terms match whole words, case-insensitively ("best" does not match "bestow").
 *  - Korean terms match where a word (어절) starts: the character before the term must not be a Hangul
 *    syllable, so "전문" is not found inside "비전문" and "최고" is found in "최고의" (particles follow words in
 *    Korean, so only the start is checked). `anywhere: true` lifts this for terms that stay banned inside a
 *    compound (e.g. "100%").
 *  - `allow` lists longer phrases that contain the term and are allowed: a match inside one of them is skipped
 *    (e.g. "전문의" is a statutory title under the Medical Service Act; "무통장" is a bank transfer; "최고조" is
 *    a peak of swelling). The clinic remains responsible for using a statutory title only when it holds it.
 *  - `negatable: true` skips a match that the text negates ("results are not guaranteed", "보장하지
 *    않습니다"): in English a negation word among the three words before; in Korean 않/없/아니/아닙 within
 *    the next eight characters.
 *  - `unlessFollowedBy` / `onlyAfter` narrow common words that are claims only in some uses (English
 *    "first" as a rank, not "the first week"; "반드시" as a promise of effect, not "반드시 상담하십시오").
 */
import type { Bilingual } from '../candidacy/types.js';
import type { CitationKey } from '../evidence/citations.js';

export const LINT_RULE_IDS = [
  'superlative',
  'absolute-claim',
  'guarantee',
  'appearance',
  'unofficial-title',
  'promotion',
  'testimonial',
  'comparison',
  'side-effects-missing',
  'variation-notice-missing',
  'side-effects-as-question',
] as const;
export type LintRuleId = (typeof LINT_RULE_IDS)[number];

export type LintSeverity = 'error' | 'warning';

export interface LintRule {
  readonly id: LintRuleId;
  readonly severity: LintSeverity;
  /** Where the rule comes from, e.g. "Medical Service Act Art. 56(2) item 8; KMA review criteria". */
  readonly basis: Bilingual;
  /** What the finding says (the term is added in front). */
  readonly message: Bilingual;
  readonly cite: readonly CitationKey[];
}

export const LINT_RULES: Record<LintRuleId, LintRule> = {
  superlative: {
    id: 'superlative',
    severity: 'error',
    basis: {
      en: 'Medical Service Act Art. 56(2) item 8 (exaggeration); KMA review criteria: superlatives',
      ko: '의료법 제56조제2항제8호(과장 광고); 대한의사협회 심의기준: 최상급 표현',
    },
    message: {
      en: 'superlative or ranking claim: describe the treatment without comparing or ranking it',
      ko: '최상급·순위 표현입니다: 비교나 순위 없이 시술을 설명하십시오',
    },
    cite: ['ms-act-56-2-8', 'kma-superlatives'],
  },
  'absolute-claim': {
    id: 'absolute-claim',
    severity: 'error',
    basis: {
      en: 'Medical Service Act Art. 56(2) items 3 and 8 (false or exaggerated content); KMA review criteria: 0 %/100 % words',
      ko: '의료법 제56조제2항제3호·제8호(거짓·과장 광고); 대한의사협회 심의기준: 0 %/100 % 표현',
    },
    message: {
      en: 'absolute claim (no pain, no side effects, permanent, perfect, 100 %): say what usually happens and that it varies by person',
      ko: '절대적 표현(통증·부작용 없음, 영구, 완벽, 100 %)입니다: 일반적인 경과와 개인차를 함께 쓰십시오',
    },
    cite: ['ms-act-56-2-3', 'ms-act-56-2-8', 'kma-absolute-words', 'mohw-only-safety'],
  },
  guarantee: {
    id: 'guarantee',
    severity: 'error',
    basis: {
      en: 'Medical Service Act Art. 56(2) item 2 and Enforcement Decree Art. 23(1)2 (claims of certain effect)',
      ko: '의료법 제56조제2항제2호, 시행령 제23조제1항제2호("반드시 효과" 등 효과 보장 표현)',
    },
    message: {
      en: 'guarantee of results: results cannot be promised; say they vary by person',
      ko: '결과를 보장하는 표현입니다: 결과는 보장할 수 없으며 개인에 따라 다르다고 쓰십시오',
    },
    cite: ['ms-act-56-2-2', 'kma-absolute-words'],
  },
  appearance: {
    id: 'appearance',
    severity: 'error',
    basis: {
      en: 'KMA review criteria: appearance-ism words',
      ko: '대한의사협회 심의기준: 외모지상주의 표현',
    },
    message: {
      en: 'appearance-ism wording (confidence, complexes): describe the treatment, not the person',
      ko: '외모지상주의 표현(자신감, 콤플렉스)입니다: 사람이 아니라 시술을 설명하십시오',
    },
    cite: ['kma-appearance'],
  },
  'unofficial-title': {
    id: 'unofficial-title',
    severity: 'error',
    basis: {
      en: 'Medical Service Act Art. 56(2) item 9 (titles without a legal basis); KMA review criteria: 특화, 전문',
      ko: '의료법 제56조제2항제9호(법적 근거 없는 자격·명칭); 대한의사협회 심의기준: 특화, 전문',
    },
    message: {
      en: 'specialisation claim without a legal basis: use only statutory titles the clinic holds (e.g. 전문의)',
      ko: '법적 근거 없는 전문·특화 표방입니다: 보유한 법정 자격(예: 전문의)만 쓰십시오',
    },
    cite: ['ms-act-56-2-9', 'kma-superlatives'],
  },
  promotion: {
    id: 'promotion',
    severity: 'warning',
    basis: {
      en: 'KMA review criteria: free-service, bundle, first-come and limited-time promotions; Art. 56(2) item 13 (discounts)',
      ko: '대한의사협회 심의기준: 무료·끼워팔기·선착순·기간 한정 이벤트; 의료법 제56조제2항제13호(비급여 할인)',
    },
    message: {
      en: 'promotion wording: discounts and free or limited offers are restricted in medical advertising',
      ko: '이벤트성 표현입니다: 할인·무료·한정 제공은 의료광고에서 제한됩니다',
    },
    cite: ['kma-promotions'],
  },
  testimonial: {
    id: 'testimonial',
    severity: 'warning',
    basis: {
      en: 'Medical Service Act Art. 56(2) item 2 (patient testimonials)',
      ko: '의료법 제56조제2항제2호(치료경험담)',
    },
    message: {
      en: 'testimonial wording: patient stories can mislead about effects',
      ko: '치료경험담 표현입니다: 환자 후기는 효과를 오인하게 할 수 있습니다',
    },
    cite: ['ms-act-56-2-2-testimonials'],
  },
  comparison: {
    id: 'comparison',
    severity: 'warning',
    basis: {
      en: 'Medical Service Act Art. 56(2) item 4 (comparison with other providers)',
      ko: '의료법 제56조제2항제4호(다른 의료인등과의 비교)',
    },
    message: {
      en: 'comparison with other clinics or doctors',
      ko: '다른 병원·의료인과 비교하는 표현입니다',
    },
    cite: ['ms-act-56-2-4'],
  },
  'side-effects-missing': {
    id: 'side-effects-missing',
    severity: 'error',
    basis: {
      en: 'Medical Service Act Art. 56(2) item 7 (omitting serious side effects); MOHW notice',
      ko: '의료법 제56조제2항제7호(심각한 부작용 등 중요 정보 누락); 보건복지부 안내',
    },
    message: {
      en: 'no statement of side effects: state plainly that side effects can occur (e.g. "Side effects may occur: swelling, bruising, …")',
      ko: '부작용 안내가 없습니다: 부작용이 발생할 수 있음을 분명히 쓰십시오 (예: "부작용이 발생할 수 있습니다: 부기, 멍, …")',
    },
    cite: ['ms-act-56-2-7', 'mohw-side-effects-legible', 'mitigating-phrasing'],
  },
  'variation-notice-missing': {
    id: 'variation-notice-missing',
    severity: 'error',
    basis: {
      en: 'KMA review practice: results and side effects vary by person',
      ko: '대한의사협회 심의 관행: 개인에 따라 결과와 부작용에 차이가 있을 수 있음',
    },
    message: {
      en: 'no notice that results and side effects vary by person: add "Results and side effects vary from person to person."',
      ko: '개인차 안내가 없습니다: "개인에 따라 결과와 부작용에 차이가 있을 수 있습니다."를 넣으십시오',
    },
    cite: ['mitigating-phrasing', 'ms-act-56-2-7'],
  },
  'side-effects-as-question': {
    id: 'side-effects-as-question',
    severity: 'error',
    basis: {
      en: 'MOHW notice: side effects must be stated, not phrased as a question',
      ko: '보건복지부 안내: 부작용은 질문 형식이 아니라 분명한 문장으로 안내해야 합니다',
    },
    message: {
      en: 'side effects phrased as a question: state them as a plain sentence',
      ko: '부작용을 질문 형식으로 썼습니다: 평서문으로 분명히 쓰십시오',
    },
    cite: ['mohw-side-effects-legible'],
  },
};

export type TermLocale = 'ko' | 'en' | 'any';

export interface BannedTerm {
  readonly term: string;
  readonly locale: TermLocale;
  readonly rule: LintRuleId;
  /** Korean only: match inside a word too (not just where a word starts). */
  readonly anywhere?: boolean;
  /** Longer phrases containing the term that are allowed (case-insensitive). */
  readonly allow?: readonly string[];
  /** Skip a match the text negates (see the file comment). */
  readonly negatable?: boolean;
  /** English: skip when the next word is one of these (lower case). Korean: when the next 20 characters of
   *  the same sentence contain one of them. */
  readonly unlessFollowedBy?: readonly string[];
  /** English: match only when the previous word is one of these (lower case). */
  readonly onlyAfter?: readonly string[];
}

/** Words after English "first" that make it an order in time, not a rank. */
const FIRST_IN_TIME = [
  'day',
  'days',
  'night',
  'nights',
  'week',
  'weeks',
  'month',
  'months',
  'hour',
  'hours',
  'few',
  'time',
  'visit',
  'follow-up',
  'sign',
  'signs',
  'step',
  'steps',
  'session',
  'photo',
  '24',
  '48',
  '72',
];

/** Korean instruction verbs after 반드시: "반드시 상담하십시오" tells the reader what to do, it promises nothing. */
const KO_INSTRUCTIONS = [
  '상담',
  '문의',
  '연락',
  '확인',
  '내원',
  '지키',
  '따르',
  '따라',
  '복용',
  '알려',
  '받으',
  '받아',
];

const ko = (term: string, rule: LintRuleId, extra: Partial<BannedTerm> = {}): BannedTerm => ({
  term,
  locale: 'ko',
  rule,
  ...extra,
});
const en = (term: string, rule: LintRuleId, extra: Partial<BannedTerm> = {}): BannedTerm => ({
  term,
  locale: 'en',
  rule,
  ...extra,
});

export const BANNED_TERMS: readonly BannedTerm[] = [
  // --- superlatives and rankings (KMA list, Art. 56(2)8) ---
  ko('최고', 'superlative', { allow: ['최고조', '최고점'] }),
  ko('최초', 'superlative'),
  ko('유일한', 'superlative'),
  ko('유일', 'superlative', { allow: ['유일한'] }),
  ko('최첨단', 'superlative'),
  ko('최상의', 'superlative'),
  ko('최상', 'superlative', { allow: ['최상의'] }),
  ko('지역 1위', 'superlative'),
  ko('1위', 'superlative', { allow: ['지역 1위'] }),
  ko('명품', 'superlative'),
  ko('최다', 'superlative'),
  ko('최신', 'superlative'),
  ko('가장', 'superlative', { unlessFollowedBy: ['흔한', '흔하', '자주', '많이 보고'] }),
  en('best', 'superlative'),
  en('finest', 'superlative'),
  en('top-rated', 'superlative'),
  en('number one', 'superlative'),
  en('no. 1', 'superlative'),
  en('#1', 'superlative'),
  en('world-class', 'superlative'),
  en('leading', 'superlative'),
  en('cutting-edge', 'superlative'),
  en('state-of-the-art', 'superlative'),
  en('most advanced', 'superlative'),
  en('latest technology', 'superlative'),
  en('premium', 'superlative'),
  en('luxury', 'superlative'),
  en('unique', 'superlative'),
  en('the only', 'superlative', { negatable: true }),
  en('first-ever', 'superlative'),
  en("world's first", 'superlative'),
  en('first', 'superlative', {
    onlyAfter: ['the', 'our', "korea's", "asia's", 'a'],
    unlessFollowedBy: FIRST_IN_TIME,
  }),
  en('safest', 'superlative'),
  en('most effective', 'superlative'),
  // --- 0 % / 100 % words (KMA list, Art. 56(2)3 and 8) ---
  ko('부작용 없이', 'absolute-claim'),
  ko('부작용 없는', 'absolute-claim'),
  ko('부작용이 없', 'absolute-claim'),
  ko('부작용 걱정 없', 'absolute-claim'),
  ko('통증 없이', 'absolute-claim'),
  ko('통증 없는', 'absolute-claim'),
  ko('통증이 없', 'absolute-claim'),
  ko('흉터 없이', 'absolute-claim'),
  ko('흉터 없는', 'absolute-claim'),
  ko('흉터가 없', 'absolute-claim'),
  ko('무흉터', 'absolute-claim'),
  ko('무통', 'absolute-claim', { allow: ['무통장'] }),
  ko('완치', 'absolute-claim', { negatable: true }),
  ko('완벽', 'absolute-claim', { negatable: true }),
  ko('안전한', 'absolute-claim'),
  ko('100% 안전', 'absolute-claim', { anywhere: true }),
  ko('영구적', 'absolute-claim', { negatable: true, allow: ['영구적 필러', '영구적인 필러'] }),
  ko('영구', 'absolute-claim', { negatable: true, allow: ['영구적', '영구 필러'] }),
  ko('평생', 'absolute-claim', { negatable: true }),
  ko('회복기간 없', 'absolute-claim'),
  ko('일상생활 바로', 'absolute-claim'),
  en('no pain', 'absolute-claim'),
  en('painless', 'absolute-claim'),
  en('pain-free', 'absolute-claim'),
  en('pain free', 'absolute-claim'),
  en('no side effects', 'absolute-claim'),
  en('no side effect', 'absolute-claim'),
  en('without side effects', 'absolute-claim'),
  en('side-effect-free', 'absolute-claim'),
  en('no scars', 'absolute-claim'),
  en('no scar', 'absolute-claim'),
  en('scarless', 'absolute-claim'),
  en('scar-free', 'absolute-claim'),
  en('no downtime', 'absolute-claim'),
  en('zero downtime', 'absolute-claim'),
  en('risk-free', 'absolute-claim'),
  en('no risk', 'absolute-claim'),
  en('completely safe', 'absolute-claim'),
  en('totally safe', 'absolute-claim'),
  en('perfectly safe', 'absolute-claim'),
  en('harmless', 'absolute-claim'),
  en('permanent', 'absolute-claim', { negatable: true, allow: ['permanent filler', 'permanent fillers'] }),
  en('permanently', 'absolute-claim', { negatable: true }),
  en('forever', 'absolute-claim', { negatable: true }),
  en('lifetime', 'absolute-claim', { negatable: true }),
  en('perfect', 'absolute-claim', { negatable: true }),
  en('perfectly', 'absolute-claim', { negatable: true }),
  en('flawless', 'absolute-claim', { negatable: true }),
  en('cure', 'absolute-claim', { negatable: true }),
  // --- guarantees (Art. 56(2)2, Decree 23(1)2) ---
  { term: '100%', locale: 'any', rule: 'guarantee', anywhere: true, allow: ['100% 안전'] },
  { term: '100 %', locale: 'any', rule: 'guarantee', anywhere: true },
  ko('반드시', 'guarantee', { unlessFollowedBy: KO_INSTRUCTIONS }),
  ko('보장', 'guarantee', { negatable: true, allow: ['보장성', '보험 보장', '보험보장'] }),
  ko('확실한 효과', 'guarantee'),
  ko('효과 확실', 'guarantee'),
  ko('무조건', 'guarantee'),
  en('guarantee', 'guarantee', { negatable: true }),
  en('guaranteed', 'guarantee', { negatable: true }),
  en('guarantees', 'guarantee', { negatable: true }),
  en('promise', 'guarantee', { negatable: true }),
  en('promised', 'guarantee', { negatable: true }),
  en('definitely', 'guarantee', { negatable: true }),
  en('always works', 'guarantee'),
  en('proven results', 'guarantee'),
  // --- appearance-ism (KMA list) ---
  ko('자신감', 'appearance'),
  ko('콤플렉스', 'appearance'),
  ko('컴플렉스', 'appearance'),
  ko('자존감', 'appearance'),
  ko('못생긴', 'appearance'),
  en('confidence', 'appearance'),
  en('self-confidence', 'appearance'),
  en('self-esteem', 'appearance'),
  en('insecurities', 'appearance'),
  en('ugly', 'appearance'),
  // --- titles without a legal basis (Art. 56(2)9; KMA 특화, 전문) ---
  ko('전문', 'unofficial-title', { allow: ['전문의', '전문의약품'] }),
  ko('특화', 'unofficial-title'),
  en('specialized clinic', 'unofficial-title'),
  en('specialised clinic', 'unofficial-title'),
  en('specialty clinic', 'unofficial-title'),
  en('expert clinic', 'unofficial-title'),
  // --- promotions (KMA) ---
  ko('이벤트', 'promotion'),
  ko('할인', 'promotion'),
  ko('선착순', 'promotion'),
  ko('특가', 'promotion'),
  ko('기간 한정', 'promotion'),
  ko('무료', 'promotion'),
  ko('1+1', 'promotion', { anywhere: true }),
  en('discount', 'promotion'),
  en('special offer', 'promotion'),
  en('limited time', 'promotion'),
  en('limited-time', 'promotion'),
  en('first come', 'promotion'),
  en('first-come', 'promotion'),
  en('free of charge', 'promotion'),
  en('for free', 'promotion'),
  // --- testimonials (Art. 56(2)2) ---
  ko('후기', 'testimonial'),
  ko('경험담', 'testimonial'),
  en('testimonial', 'testimonial'),
  en('testimonials', 'testimonial'),
  en('real reviews', 'testimonial'),
  // --- comparison (Art. 56(2)4) ---
  ko('다른 병원보다', 'comparison'),
  ko('타 병원', 'comparison'),
  ko('타병원', 'comparison'),
  en('better than other', 'comparison'),
  en('unlike other clinics', 'comparison'),
];
