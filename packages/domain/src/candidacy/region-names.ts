import type { Region } from '../case/vocab.js';
import type { Bilingual } from './types.js';

/** Region names for patient- and clinician-facing text (glossary-ko-en.md). */
export const REGION_NAME: Record<Region, Bilingual> = {
  brow: { en: 'brow', ko: '눈썹' },
  midface: { en: 'midface (cheek)', ko: '중안부(볼)' },
  nasolabial: { en: 'nasolabial fold', ko: '팔자주름' },
  jowl: { en: 'jowl', ko: '턱살 처짐(불독살)' },
  marionette: { en: 'marionette line', ko: '마리오네트 라인' },
  neck: { en: 'neck', ko: '목' },
};

export const regionList = (regions: readonly Region[], lang: keyof Bilingual): string =>
  regions.map((r) => REGION_NAME[r][lang]).join(lang === 'en' ? ', ' : ', ');
