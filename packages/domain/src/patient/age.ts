/**
 * Ages and birth dates at the boundary: whole years on a date, refusal of birth dates in the future or beyond
 * a plausible lifespan, and the planner's adults-only rule with its own words (no clamping anywhere).
 */
import type { Bilingual } from '../candidacy/types.js';

/** Thread lifts are planned for adults only (liftplan-default: the age of majority in Korea). */
export const MINIMUM_PLANNING_AGE_YEARS = 18;
/** The oldest age the case format accepts (case/schema.ts). */
export const MAXIMUM_PLANNING_AGE_YEARS = 110;
/** A birth date giving an age above this is a typing error, not a patient (liftplan-default). */
export const MAXIMUM_PLAUSIBLE_AGE_YEARS = 120;

export const ADULTS_ONLY: Bilingual = {
  en: `thread lifts are planned for adults only (${MINIMUM_PLANNING_AGE_YEARS} or older)`,
  ko: `실리프팅은 성인(만 ${MINIMUM_PLANNING_AGE_YEARS}세 이상)에게만 계획합니다`,
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole years from `birthDate` to `on` (both YYYY-MM-DD); null when either is not a calendar date. */
export function ageInYears(birthDate: string, on: string): number | null {
  const b = DATE.exec(birthDate);
  const o = DATE.exec(on);
  if (!b || !o) return null;
  const [by, bm, bd] = [Number(b[1]), Number(b[2]), Number(b[3])];
  const [y, m, d] = [Number(o[1]), Number(o[2]), Number(o[3])];
  const birthday = m > bm || (m === bm && d >= bd);
  return y - by - (birthday ? 0 : 1);
}

/** Why a birth date cannot be recorded on `today`, or null when it can. */
export function birthDateProblem(birthDate: string, today: string): Bilingual | null {
  const age = ageInYears(birthDate, today);
  if (age === null) {
    return { en: 'must be a calendar date written YYYY-MM-DD', ko: 'YYYY-MM-DD 형식의 날짜여야 합니다' };
  }
  if (birthDate > today) {
    return {
      en: `birth date ${birthDate} is in the future (today is ${today}): check the year`,
      ko: `생년월일 ${birthDate}이(가) 오늘(${today})보다 뒤입니다. 연도를 확인해 주십시오`,
    };
  }
  if (age > MAXIMUM_PLAUSIBLE_AGE_YEARS) {
    return {
      en: `birth date ${birthDate} gives an age of ${age}, above ${MAXIMUM_PLAUSIBLE_AGE_YEARS}: check the year`,
      ko: `생년월일 ${birthDate}로는 나이가 ${age}세로 ${MAXIMUM_PLAUSIBLE_AGE_YEARS}세를 넘습니다. 연도를 확인해 주십시오`,
    };
  }
  return null;
}

/** Why a patient of this age is not planned, in the planner's own words, or null when they may be. */
export function planningAgeRefusal(age: number): Bilingual | null {
  if (age < MINIMUM_PLANNING_AGE_YEARS) {
    return {
      en: `${ADULTS_ONLY.en}: the patient is ${age}`,
      ko: `${ADULTS_ONLY.ko}. 환자는 만 ${age}세입니다`,
    };
  }
  if (age > MAXIMUM_PLANNING_AGE_YEARS) {
    return {
      en: `the case format accepts ages up to ${MAXIMUM_PLANNING_AGE_YEARS}: the patient is ${age}; check the birth date`,
      ko: `사례 형식은 ${MAXIMUM_PLANNING_AGE_YEARS}세까지 받습니다. 환자는 ${age}세이니 생년월일을 확인해 주십시오`,
    };
  }
  return null;
}
