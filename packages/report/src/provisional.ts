/**
 * The reasons a plan is provisional, in the reader's language. Reasons arrive as quality-check codes with an
 * optional view ("front:sharpness", "sharpness"); the report translates the ones it knows. Anything else is
 * counted, not quoted, in Korean (the reason text is English) and quoted in English.
 */
import { joinList } from './format.js';
import { VIEW_NAME, t } from './i18n.js';
import type { Bilingual, Locale } from './types.js';

export const QUALITY_CHECK_NAME: Record<string, Bilingual> = {
  'face-count': { en: 'not exactly one face in the photo', ko: '사진 속 얼굴이 하나가 아님' },
  'face-size': { en: 'face too small in the photo', ko: '사진 속 얼굴이 너무 작음' },
  pose: { en: 'head turned away from the standard view', ko: '얼굴 방향이 표준 촬영 각도와 다름' },
  roll: { en: 'head tilted', ko: '얼굴이 기울어짐' },
  sharpness: { en: 'photo not sharp enough', ko: '사진이 충분히 선명하지 않음' },
  exposure: { en: 'photo too dark or too bright', ko: '사진이 너무 어둡거나 밝음' },
  expression: { en: 'face not at rest (expression)', ko: '표정이 있어 얼굴이 이완 상태가 아님' },
};

const isView = (v: string): v is keyof typeof VIEW_NAME => v in VIEW_NAME;

export function provisionalReasonText(reasons: readonly string[], lang: Locale): string {
  const known: string[] = [];
  const other: string[] = [];
  for (const r of reasons) {
    const m = /^(?:([a-z-]+):)?\s*([a-z-]+)$/.exec(r.trim());
    const view = m?.[1];
    const check = m?.[2] ? QUALITY_CHECK_NAME[m[2]] : undefined;
    if (check && (view === undefined || isView(view))) {
      known.push(view && isView(view) ? `${VIEW_NAME[view][lang]}: ${check[lang]}` : check[lang]);
    } else {
      other.push(r);
    }
  }
  if (other.length > 0) {
    if (lang === 'en') known.push(...other);
    else known.push(t('provisionalOther', lang, { n: other.length }));
  }
  return joinList(known);
}
