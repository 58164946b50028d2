/**
 * Korean text must render on machines without a Korean system font (kiosks, Linux clinic PCs, test
 * machines). Noto Sans KR (OFL) ships with the app as `liftplan-ko`, registered for Hangul (and CJK
 * punctuation) only, with the local Korean fonts first (Apple SD Gothic Neo on iPad, Malgun Gothic on Windows),
 * so the file is downloaded only where no local Korean font exists. Never fetched from a CDN.
 *
 * - `liftplan-ko` comes FIRST in every font stack (theme, SVG labels): its unicode-range keeps it to Hangul, so
 *   Latin text still uses the system UI font, and Hangul never depends on the system font's fallback.
 * - The face is loaded before the first render (`fontsReady`, awaited in main.tsx, capped): the header's
 *   language switch ("한국어") is on every page, and text laid out while the face was still loading could stay
 *   as empty boxes in Chromium after the face arrived.
 */
import notoKr from '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf?url';

export const KO_FONT_FAMILY = 'liftplan-ko';
export const UI_FONT_STACK = `${KO_FONT_FAMILY}, system-ui, -apple-system, "Segoe UI", sans-serif`;

const SOURCES = [
  "local('Apple SD Gothic Neo')",
  "local('Malgun Gothic')",
  "local('Noto Sans KR')",
  "local('Noto Sans CJK KR')",
  `url('${notoKr}') format('truetype')`,
].join(', ');
const UNICODE_RANGE = 'U+1100-11FF, U+3130-318F, U+AC00-D7AF, U+3000-303F, U+FF00-FFEF';

function register(): Promise<unknown> {
  if (typeof FontFace === 'function' && 'fonts' in document) {
    const face = new FontFace(KO_FONT_FAMILY, SOURCES, { unicodeRange: UNICODE_RANGE, display: 'swap' });
    document.fonts.add(face);
    return face.load();
  }
  const style = document.createElement('style');
  style.textContent = `@font-face { font-family: '${KO_FONT_FAMILY}'; src: ${SOURCES}; font-display: swap; unicode-range: ${UNICODE_RANGE}; }`;
  document.head.append(style);
  return Promise.resolve();
}

const loaded = register();

/** Resolves once the Korean face is usable, or after `capMs` (a slow link never holds the app back for long). */
export function fontsReady(capMs = 4000): Promise<void> {
  return Promise.race([
    loaded.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => setTimeout(resolve, capMs)),
  ]);
}
