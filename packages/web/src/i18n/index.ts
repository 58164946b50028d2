import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ko } from './ko.js';

export const LANGS = ['ko', 'en'] as const;
export type UiLang = (typeof LANGS)[number];
const STORE = 'liftplan.lang';

function initialLang(): UiLang {
  const url = new URLSearchParams(window.location.search).get('lang');
  if (url === 'ko' || url === 'en') return url;
  const saved = localStorage.getItem(STORE);
  if (saved === 'ko' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export async function initI18n(): Promise<void> {
  const lng = initialLang();
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (l) => {
    document.documentElement.lang = l;
    localStorage.setItem(STORE, l);
  });
}

export { i18next };
