/**
 * Aftercare as named data (clinical-facts §6): every instruction, duration, warning sign and follow-up carries
 * its citation. Durations are whole days counted from the procedure day (day 0): an instruction of `n` days
 * applies on days 0 … n−1 and ends on day n.
 *
 * Duration policy (the evidence is a peer-reviewed protocol, Kalra 2008, plus a range across clinic protocols):
 *  - floating threads take the short end of the clinic range, but never less than Kalra's peer-reviewed figure;
 *  - threads anchored to the deep temporal fascia take the long end, or the explicit anchored figure where the
 *    clinic table gives one (1 month for sauna, strenuous exercise, alcohol and smoking);
 *  - the restriction on opening the mouth wide applies when threads are placed in the perioral, jowl or
 *    midface regions (their paths run toward the mouth); dental treatment then takes the long end too.
 * These are defaults a clinic may edit; the sheet prints the dates they produce.
 */
import type { Bilingual } from '../candidacy/types.js';
import type { Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';

export const AFTERCARE_CATEGORIES = ['rest', 'care', 'diet', 'avoid', 'medication'] as const;
export type AftercareCategory = (typeof AFTERCARE_CATEGORIES)[number];

export type AftercareCondition = 'always' | 'mouth-regions' | 'male';

export interface AftercareRule {
  readonly id: string;
  readonly category: AftercareCategory;
  readonly text: Bilingual;
  /** Days after floating threads only, and when any thread is anchored. */
  readonly days: { readonly floating: number; readonly anchored: number };
  /** Days when threads are in the mouth regions (overrides `days` where longer). */
  readonly mouthRegionDays?: number;
  readonly when: AftercareCondition;
  readonly cite: readonly CitationKey[];
  /** Why these numbers (which end of the published range). */
  readonly note: string;
}

/** Regions whose threads run toward the mouth: opening it wide pulls on them. */
export const MOUTH_REGIONS: readonly Region[] = ['midface', 'nasolabial', 'jowl', 'marionette'];

export const AFTERCARE_RULES: readonly AftercareRule[] = [
  {
    id: 'rest',
    category: 'rest',
    text: {
      en: 'Rest and keep activity light on the day of the procedure.',
      ko: '시술 당일에는 휴식을 취하고 활동을 가볍게 하십시오.',
    },
    days: { floating: 1, anchored: 1 },
    when: 'always',
    cite: ['kalra-activity-diet'],
    note: 'Kalra: limited activity 24 h',
  },
  {
    id: 'head-elevated',
    category: 'rest',
    text: {
      en: 'Sleep with your head raised on an extra pillow on the first night.',
      ko: '첫날 밤에는 베개를 하나 더 베어 머리를 높인 상태로 주무십시오.',
    },
    days: { floating: 1, anchored: 1 },
    when: 'always',
    cite: ['kalra-head-elevated'],
    note: 'Kalra: head elevated day 1',
  },
  {
    id: 'sleep-on-back',
    category: 'rest',
    text: {
      en: 'Sleep on your back; do not lie face down or on your side.',
      ko: '바로 누워 주무시고, 엎드리거나 옆으로 눕지 마십시오.',
    },
    days: { floating: 7, anchored: 7 },
    when: 'always',
    cite: ['kalra-sleep-back', 'clinic-lying'],
    note: 'Kalra: sleep on back 1 wk; clinic range up to 1 wk',
  },
  {
    id: 'cold-compress',
    category: 'care',
    text: {
      en: 'Apply a cold pack wrapped in a cloth for about 30 minutes at a time, 4 to 5 times a day.',
      ko: '천으로 감싼 냉찜질팩을 한 번에 30분 정도, 하루 4~5회 대십시오.',
    },
    days: { floating: 2, anchored: 5 },
    when: 'always',
    cite: ['clinic-cold-compress'],
    note: 'clinic range 48 h–5 d: floating 2 d, anchored 5 d',
  },
  {
    id: 'no-makeup-washing',
    category: 'care',
    text: {
      en: 'Do not wear make-up and do not wash your face; keep the entry points clean and dry.',
      ko: '화장과 세안을 하지 말고, 실이 들어간 자리(자입점)를 깨끗하고 건조하게 유지하십시오.',
    },
    days: { floating: 1, anchored: 2 },
    when: 'always',
    cite: ['clinic-makeup'],
    note: 'clinic range 24 h (some 2 d): floating 1 d, anchored 2 d',
  },
  {
    id: 'soft-diet',
    category: 'diet',
    text: {
      en: 'Eat soft food; avoid hard and chewy food.',
      ko: '부드러운 음식을 드시고, 딱딱하거나 질긴 음식은 피하십시오.',
    },
    days: { floating: 7, anchored: 7 },
    when: 'always',
    cite: ['kalra-activity-diet'],
    note: 'Kalra: soft diet 7 d',
  },
  {
    id: 'mouth-opening',
    category: 'avoid',
    text: {
      en: 'Avoid opening your mouth wide: no chewing gum, big bites, wide smiles or wide yawns.',
      ko: '입을 크게 벌리지 마십시오: 껌, 크게 베어 무는 음식, 크게 웃기, 크게 하품하기를 피하십시오.',
    },
    days: { floating: 21, anchored: 30 },
    when: 'mouth-regions',
    cite: ['kalra-mouth-massage', 'clinic-mouth-opening'],
    note: 'Kalra 3 wk (longer than the clinic 1–2 wk) for floating; clinic "up to 1 mo" for anchored',
  },
  {
    id: 'no-massage',
    category: 'avoid',
    text: {
      en: 'Do not massage, rub or press on your face, and do not have facial treatments or use massage devices.',
      ko: '얼굴을 마사지하거나 문지르거나 누르지 말고, 피부 관리와 마사지 기기 사용도 하지 마십시오.',
    },
    days: { floating: 21, anchored: 30 },
    when: 'always',
    cite: ['kalra-mouth-massage', 'clinic-massage'],
    note: 'Kalra 3 wk for floating; clinic "commonly 1 mo" for anchored (range 2 wk–2 mo)',
  },
  {
    id: 'no-dental',
    category: 'avoid',
    text: {
      en: 'Do not have dental treatment; if it cannot wait, tell your dentist about the threads.',
      ko: '치과 치료를 받지 마십시오. 미룰 수 없는 경우 치과에 실리프팅 사실을 알리십시오.',
    },
    days: { floating: 14, anchored: 21 },
    mouthRegionDays: 21,
    when: 'always',
    cite: ['clinic-dental'],
    note: 'clinic range 2–3 wk (21 d): 2 wk floating outside the mouth regions, otherwise 21 d',
  },
  {
    id: 'no-sauna',
    category: 'avoid',
    text: {
      en: 'Avoid saunas, steam rooms, hot tubs and swimming pools.',
      ko: '사우나, 찜질방, 뜨거운 탕, 수영장을 피하십시오.',
    },
    days: { floating: 14, anchored: 30 },
    when: 'always',
    cite: ['clinic-sauna'],
    note: 'clinic range 2–3 wk; 1 mo after anchored threads',
  },
  {
    id: 'no-strenuous-exercise',
    category: 'avoid',
    text: {
      en: 'Avoid strenuous exercise; light walking is fine from the next day.',
      ko: '격한 운동을 피하십시오. 가벼운 걷기는 다음 날부터 괜찮습니다.',
    },
    days: { floating: 7, anchored: 30 },
    when: 'always',
    cite: ['clinic-exercise', 'kalra-normal-activity'],
    note: 'clinic range 1–2 wk; 1 mo anchored; Kalra: non-strenuous activity next day',
  },
  {
    id: 'no-alcohol-smoking',
    category: 'avoid',
    text: {
      en: 'Do not drink alcohol or smoke.',
      ko: '음주와 흡연을 하지 마십시오.',
    },
    days: { floating: 7, anchored: 30 },
    when: 'always',
    cite: ['clinic-alcohol-smoking'],
    note: 'clinic range 1–2 wk; 1 mo anchored',
  },
  {
    id: 'pain-relief',
    category: 'medication',
    text: {
      en: 'For pain, take acetaminophen (paracetamol); avoid ibuprofen, aspirin and similar painkillers unless prescribed. Do not stop prescribed medicines, including blood thinners, without asking your prescriber.',
      ko: '통증에는 아세트아미노펜을 복용하고, 처방받지 않은 이부프로펜·아스피린 등 소염진통제는 피하십시오. 항응고제 등 처방약은 처방한 의사와 상의 없이 중단하지 마십시오.',
    },
    days: { floating: 14, anchored: 14 },
    when: 'always',
    cite: ['kalra-pain-relief', 'clinic-nsaids', 'anticoagulants'],
    note: 'Kalra: acetaminophen, avoid ibuprofen; clinic: no NSAIDs/aspirin 2 wk',
  },
  {
    id: 'antibiotics',
    category: 'medication',
    text: {
      en: 'If antibiotics were prescribed, take the whole course exactly as prescribed.',
      ko: '항생제를 처방받았다면 처방대로 끝까지 복용하십시오.',
    },
    days: { floating: 5, anchored: 5 },
    when: 'always',
    cite: ['kalra-activity-diet'],
    note: 'Kalra: antibiotics 5 d (as prescribed)',
  },
  {
    id: 'no-energy-devices',
    category: 'avoid',
    text: {
      en: 'Do not have radiofrequency, IPL, laser, HIFU or microneedling treatments on the face.',
      ko: '얼굴에 고주파(RF), IPL, 레이저, 초음파(HIFU), 마이크로니들링 시술을 받지 마십시오.',
    },
    days: { floating: 28, anchored: 28 },
    when: 'always',
    cite: ['clinic-energy-devices'],
    note: 'clinic protocols 4 wk (some 10 wk)',
  },
  {
    id: 'sun',
    category: 'care',
    text: {
      en: 'Protect your face from strong sun and do not use tanning beds.',
      ko: '강한 햇빛을 피하고 태닝 기기를 사용하지 마십시오.',
    },
    days: { floating: 14, anchored: 14 },
    when: 'always',
    cite: ['clinic-sun'],
    note: 'clinic protocols 2 wk',
  },
  {
    id: 'no-shaving',
    category: 'care',
    text: {
      en: 'Do not shave the treated areas.',
      ko: '시술 부위를 면도하지 마십시오.',
    },
    days: { floating: 7, anchored: 7 },
    when: 'male',
    cite: ['clinic-shaving'],
    note: 'clinic protocol 7 d (men)',
  },
];

export interface CourseNote {
  readonly id: string;
  readonly text: Bilingual;
  readonly cite: readonly CitationKey[];
}

/** What to expect over time (clinical-facts §6 expected course; Kalra on social events). */
export const EXPECTED_COURSE: readonly CourseNote[] = [
  {
    id: 'swelling-bruising',
    text: {
      en: 'Swelling, bruising and a pulling feeling are common and usually settle over 2 to 3 weeks.',
      ko: '부기, 멍, 당기는 느낌은 흔하며 보통 2~3주에 걸쳐 가라앉습니다.',
    },
    cite: ['expected-course'],
  },
  {
    id: 'stinging',
    text: {
      en: 'Stinging or pulling when you move your face can last 2 to 4 weeks.',
      ko: '얼굴을 움직일 때 따끔하거나 당기는 느낌이 2~4주 정도 있을 수 있습니다.',
    },
    cite: ['expected-course'],
  },
  {
    id: 'nerve-sensations',
    text: {
      en: 'Tingling or altered sensation can last up to 6 to 8 weeks.',
      ko: '저리거나 감각이 달라진 느낌이 6~8주까지 있을 수 있습니다.',
    },
    cite: ['expected-course'],
  },
  {
    id: 'dimpling',
    text: {
      en: 'Small dimples from muscle movement usually improve within 2 to 4 weeks.',
      ko: '근육 움직임으로 생긴 작은 피부 함몰은 보통 2~4주 안에 나아집니다.',
    },
    cite: ['dimpling-settles'],
  },
  {
    id: 'social-events',
    text: {
      en: 'Visible swelling or bruising can last about a week; allow about 3 weeks before a wedding or other formal event.',
      ko: '눈에 보이는 부기나 멍은 1주 정도 갈 수 있으니, 결혼식 등 중요한 행사는 3주 정도 여유를 두십시오.',
    },
    cite: ['kalra-social-events'],
  },
];

export interface WarningSign {
  readonly id: string;
  readonly text: Bilingual;
  /** Only for anchored threads. */
  readonly anchoredOnly?: boolean;
  readonly cite: readonly CitationKey[];
}

/** Signs that need a call to the clinic (clinical-facts §5 complications and §6 expected course). */
export const WARNING_SIGNS: readonly WarningSign[] = [
  {
    id: 'fever',
    text: { en: 'Fever or chills.', ko: '열이 나거나 오한이 있을 때.' },
    cite: ['pooled-rates-table', 'complication-referrals'],
  },
  {
    id: 'worsening-pain-swelling',
    text: {
      en: 'Pain, swelling or redness that gets worse after the third day instead of settling.',
      ko: '통증, 부기, 붉은기가 3일째 이후 가라앉지 않고 오히려 심해질 때.',
    },
    cite: ['expected-course', 'non-self-resolving'],
  },
  {
    id: 'entry-point-infection',
    text: {
      en: 'Redness, warmth, or discharge (pus) at an entry point.',
      ko: '자입점이 붉어지거나 뜨겁거나 고름 같은 분비물이 나올 때.',
    },
    cite: ['pooled-rates-table', 'complication-referrals'],
  },
  {
    id: 'sudden-swelling',
    text: {
      en: 'Swelling on one side that grows quickly, or a tense, painful lump.',
      ko: '한쪽이 갑자기 빠르게 붓거나, 단단하고 아픈 멍울이 생길 때.',
    },
    cite: ['pooled-rates-table', 'non-self-resolving'],
  },
  {
    id: 'thread-exposed',
    text: {
      en: 'A thread end poking through the skin, or a thread you can clearly see under the skin.',
      ko: '실 끝이 피부 밖으로 나오거나, 피부 아래로 실이 뚜렷하게 보일 때.',
    },
    cite: ['pooled-rates-table', 'extrusion-management'],
  },
  {
    id: 'uneven-movement',
    text: {
      en: 'Uneven facial movement or weakness when you smile, close your eyes or raise your eyebrows.',
      ko: '웃거나 눈을 감거나 눈썹을 올릴 때 얼굴 움직임이 비대칭이거나 힘이 빠질 때.',
    },
    cite: ['facial-nerve-injury-series', 'deep-zygomatic-buccal'],
  },
  {
    id: 'persistent-numbness',
    text: {
      en: 'Numbness or tingling that spreads, gets worse, or lasts beyond 8 weeks.',
      ko: '저림이나 감각 저하가 퍼지거나, 심해지거나, 8주 넘게 계속될 때.',
    },
    cite: ['expected-course', 'pooled-rates-table'],
  },
  {
    id: 'persistent-dimple',
    text: {
      en: 'A dimple or puckering of the skin that has not improved after 4 weeks.',
      ko: '피부 함몰이나 주름짐이 4주가 지나도 나아지지 않을 때.',
    },
    cite: ['dimpling-settles', 'pooled-complications'],
  },
  {
    id: 'temple-hair-loss',
    text: {
      en: 'Hair loss around the entry point in the temple.',
      ko: '관자놀이 자입점 주변에 탈모가 생길 때.',
    },
    anchoredOnly: true,
    cite: ['temporal-alopecia'],
  },
];

export interface FollowUpRule {
  readonly id: 'week-1' | 'month-1' | 'month-3' | 'month-6';
  readonly offset: { readonly days: number } | { readonly months: number };
  /** Days either side that are fine for booking. */
  readonly window?: { readonly fromDays: number; readonly toDays: number };
  readonly purpose: Bilingual;
  readonly cite: readonly CitationKey[];
}

export const FOLLOW_UPS: readonly FollowUpRule[] = [
  {
    id: 'week-1',
    offset: { days: 7 },
    window: { fromDays: 7, toDays: 10 },
    purpose: {
      en: 'check healing, swelling and the entry points',
      ko: '회복 상태, 부기, 자입점 확인',
    },
    cite: ['follow-up-visits'],
  },
  {
    id: 'month-1',
    offset: { months: 1 },
    purpose: { en: 'review photos and any side effects', ko: '사진 비교 및 부작용 여부 확인' },
    cite: ['follow-up-visits', 'follow-up-research'],
  },
  {
    id: 'month-3',
    offset: { months: 3 },
    purpose: { en: 'review photos and how the result has settled', ko: '사진 비교 및 결과 변화 확인' },
    cite: ['follow-up-visits', 'follow-up-research'],
  },
  {
    id: 'month-6',
    offset: { months: 6 },
    purpose: {
      en: 'review photos and how long the change has lasted',
      ko: '사진 비교 및 변화의 유지 정도 확인',
    },
    cite: ['follow-up-research'],
  },
];

/** Printed on every aftercare text: results and side effects vary, and when to call. */
export const AFTERCARE_NOTICE: Bilingual = {
  en: 'Side effects may occur after a thread lift, and results and side effects vary from person to person. If you notice any of the warning signs, call the clinic.',
  ko: '실리프팅 후 부작용이 발생할 수 있으며, 개인에 따라 결과와 부작용에 차이가 있을 수 있습니다. 아래 주의 증상이 있으면 병원에 연락하십시오.',
};
