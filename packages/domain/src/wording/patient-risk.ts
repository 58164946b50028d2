/**
 * Risks in words patients read (the patient copy of the report, the web's consultation and patient mode): how often, as "about N in 100 people", and why it applies,
 * with no citation shorthand (the clinician copy keeps the planner's published-rate texts and their
 * citations). One phrase per risk template of the planner; a test checks that every template has one, so a
 * new template cannot reach a patient untranslated.
 */
import type { Bilingual } from '../candidacy/types.js';
import type { RiskFlag } from '../planner/types.js';
import { RISK_TEMPLATES, type RiskTemplateId } from '../planner/risk-rates.js';

type Locale = 'ko' | 'en';

export const PATIENT_RATE: Record<RiskTemplateId, Bilingual> = {
  'swelling-pooled': {
    en: 'Common: in studies about 16 to 35 in 100 people had swelling.',
    ko: '흔합니다. 연구에서 100명 중 약 16~35명에게 부기가 있었습니다.',
  },
  'bruising-pooled': {
    en: 'Common: about 20 to 26 in 100 people had bruising.',
    ko: '흔합니다. 100명 중 약 20~26명에게 멍이 들었습니다.',
  },
  'bruising-anticoagulants': {
    en: 'More likely than usual because you take blood-thinning medicine: about 20 to 26 in 100 people bruise even without it, and no rate has been published for people who take it.',
    ko: '혈액을 묽게 하는 약을 드시고 있어 평소보다 멍이 들기 쉽습니다. 이런 약을 드시지 않는 분도 100명 중 약 20~26명에게 멍이 들며, 약을 드시는 분에 대한 발생률은 발표된 자료가 없습니다.',
  },
  'pain-pooled': {
    en: 'About 10 in 100 people had pain or tenderness.',
    ko: '100명 중 약 10명이 통증이나 압통을 겪었습니다.',
  },
  'dimpling-pooled': {
    en: 'About 7 to 10 in 100 people had dimpling or an uneven surface.',
    ko: '100명 중 약 7~10명에게 피부 함몰이나 울퉁불퉁함이 있었습니다.',
  },
  'paresthesia-pooled': {
    en: 'About 1 to 10 in 100 people had numbness or tingling.',
    ko: '100명 중 약 1~10명에게 저림 같은 감각 이상이 있었습니다.',
  },
  'visible-thread-pooled': {
    en: 'About 4 to 6 in 100 people could see or feel a thread.',
    ko: '100명 중 약 4~6명은 실이 비치거나 만져졌습니다.',
  },
  'extrusion-pooled': {
    en: 'About 2 to 5 in 100 people had a thread come through the skin.',
    ko: '100명 중 약 2~5명은 실이 피부 밖으로 나왔습니다.',
  },
  'infection-pooled': {
    en: 'About 2 in 100 people had an infection.',
    ko: '100명 중 약 2명에게 감염이 있었습니다.',
  },
  'recurrence-pdo': {
    en: 'The effect fades: in one study the improvement from barbed PDO threads was gone by 12 months; 98 in 100 people were satisfied right after the procedure and 88 in 100 at 6 months.',
    ko: '효과는 시간이 지나면 줄어듭니다. 한 연구에서 돌기 있는 PDO 실의 효과는 12개월에 사라졌고, 만족한 사람은 시술 직후 100명 중 98명, 6개월에 88명이었습니다.',
  },
  'dimpling-age': {
    en: 'Higher over 50: about 16 in 100 people over 50 had dimpling, against about 6 in 100 younger people.',
    ko: '50세 초과에서 더 높습니다. 50세 초과 100명 중 약 16명, 그보다 젊은 100명 중 약 6명에게 피부 함몰이 있었습니다.',
  },
  'infection-age': {
    en: 'Higher over 50: about 6 in 100 people over 50 had an infection, against fewer than 1 in 100 younger people.',
    ko: '50세 초과에서 더 높습니다. 50세 초과 100명 중 약 6명, 그보다 젊은 사람은 100명 중 1명 미만에게 감염이 있었습니다.',
  },
  'dimpling-thin-skin': {
    en: 'No figure has been published for thin skin; overall about 10 in 100 people had dimpling.',
    ko: '얇은 피부에 대한 수치는 보고되지 않았습니다. 전체적으로 100명 중 약 10명에게 피부 함몰이 있었습니다.',
  },
  'visible-thread-thin-skin': {
    en: 'No figure has been published for thin skin; overall about 4 to 6 in 100 people could see or feel a thread.',
    ko: '얇은 피부에 대한 수치는 보고되지 않았습니다. 전체적으로 100명 중 약 4~6명은 실이 비치거나 만져졌습니다.',
  },
  'dimpling-anchored': {
    en: 'Higher with threads anchored at the temple: about 12 to 18 in 100 people had dimpling, against fewer than 5 in 100 with threads that are not anchored.',
    ko: '관자놀이에 고정하는 실에서 더 높습니다. 100명 중 약 12~18명에게 피부 함몰이 있었고, 고정하지 않는 실에서는 100명 중 5명 미만이었습니다.',
  },
  'bruising-anchored': {
    en: 'Higher with threads anchored at the temple: about 15 to 20 in 100 people had bleeding.',
    ko: '관자놀이에 고정하는 실에서 더 높습니다. 100명 중 약 15~20명에게 출혈이 있었습니다.',
  },
  'alopecia-anchored': {
    en: 'About 2 in 100 people had hair loss where the thread was anchored at the temple.',
    ko: '관자놀이 고정 부위에서 100명 중 약 2명에게 탈모가 있었습니다.',
  },
  'midface-widening-standard': {
    en: 'No figure has been published; lifted loose tissue can bunch up and make the midface look wider.',
    ko: '보고된 수치는 없습니다. 당겨 올린 늘어진 조직이 뭉쳐 중안부가 넓어 보일 수 있습니다.',
  },
  'midface-widening-wide': {
    en: 'No figure has been published; in a very small study (3 people) a thread design meant to avoid widening was followed by a narrower cheekbone width at 6 months.',
    ko: '보고된 수치는 없습니다. 3명을 대상으로 한 매우 작은 연구에서, 넓어짐을 피하도록 설계한 방법 후 6개월에 광대 너비가 좁아졌습니다.',
  },
  'asymmetry-series': {
    en: 'About 1 to 6 in 100 people had a visible difference between the sides afterwards.',
    ko: '시술 후 100명 중 약 1~6명에게 눈에 띄는 좌우 차이가 있었습니다.',
  },
};

/** Why a risk applies, in plain words, by the planner's reason text. */
export const PATIENT_REASON: Record<string, Bilingual> = {
  'expected after any thread lift': {
    en: 'Expected after any thread lift; it usually settles.',
    ko: '모든 실리프팅 후 흔히 나타나며 보통 가라앉습니다.',
  },
  'published pooled rate': {
    en: 'Can happen after any thread lift.',
    ko: '모든 실리프팅 후 생길 수 있습니다.',
  },
  'absorbable threads do not give a permanent result': {
    en: 'Dissolving threads are absorbed, so the effect fades over time.',
    ko: '녹는 실은 흡수되므로 효과가 시간이 지나면서 줄어듭니다.',
  },
  'age over 50': { en: 'You are over 50.', ko: '50세를 넘었습니다.' },
  'thin skin, low elasticity and little fat lead to dimpling and visible threads': {
    en: 'Thin skin, low elasticity or little fat make dimpling and visible threads more likely.',
    ko: '피부가 얇거나 탄력이 낮거나 지방이 적으면 피부 함몰과 실 비침이 생기기 쉽습니다.',
  },
  'thin skin: superficial threads show': {
    en: 'Your skin is thin, so a thread close to the surface can show.',
    ko: '피부가 얇아 얕게 들어간 실이 비칠 수 있습니다.',
  },
  'temple-anchored (U-shaped) threads': {
    en: 'Your plan anchors threads at the temple.',
    ko: '계획에 관자놀이 고정 실이 있습니다.',
  },
  'anchoring in the hair-bearing temple': {
    en: 'The threads are anchored in the hair at the temple.',
    ko: '모발이 있는 관자놀이에 실을 고정합니다.',
  },
  'midface threads planned': {
    en: 'Your plan includes cheek threads.',
    ko: '계획에 볼(중안부) 실이 있습니다.',
  },
  'midface already wide (lower-face width ratio or width-to-height at the liftplan-default cut-off)': {
    en: 'Your cheekbones are already wide compared with your jaw.',
    ko: '턱에 비해 광대가 이미 넓습니다.',
  },
  'takes anticoagulants or antiplatelets': {
    en: 'You take medicine that thins the blood.',
    ko: '혈액을 묽게 하는 약을 드시고 있습니다.',
  },
  'perceptible measured asymmetry: sides planned differently': {
    en: 'Your sides differ, so they are planned differently.',
    ko: '좌우 차이가 있어 좌우를 다르게 계획했습니다.',
  },
};

/** The templates that make up a merged risk flag, in the flag's order. */
export function templatesOf(flag: RiskFlag): RiskTemplateId[] {
  const ids = Object.keys(RISK_TEMPLATES) as RiskTemplateId[];
  return ids
    .filter((k) => RISK_TEMPLATES[k].id === flag.id && flag.rate.includes(RISK_TEMPLATES[k].rate))
    .sort((a, b) => flag.rate.indexOf(RISK_TEMPLATES[a].rate) - flag.rate.indexOf(RISK_TEMPLATES[b].rate));
}

export function patientRate(flag: RiskFlag, lang: Locale): string {
  return templatesOf(flag)
    .map((k) => PATIENT_RATE[k][lang])
    .join(' ');
}

export function patientReason(flag: RiskFlag, lang: Locale): string {
  return flag.reason
    .split('; ')
    .map((r) => PATIENT_REASON[r]?.[lang])
    .filter((x): x is string => x !== undefined)
    .join(' ');
}
