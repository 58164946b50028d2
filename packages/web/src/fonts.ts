/**
 * Korean text must render on machines without a Korean system font (kiosks, Linux clinic PCs, test
 * machines). Noto Sans KR (OFL) ships with the app, registered for Hangul only and after the local fonts
 * (Apple SD Gothic Neo on iPad, Malgun Gothic on Windows), so it is downloaded only when Hangul is on the page
 * and no local Korean font exists. Never fetched from a CDN.
 */
import notoKr from '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf?url';

const style = document.createElement('style');
style.textContent = `@font-face {
  font-family: 'liftplan-ko';
  src: local('Apple SD Gothic Neo'), local('Malgun Gothic'), local('Noto Sans KR'), local('Noto Sans CJK KR'), url('${notoKr}') format('truetype');
  font-display: swap;
  unicode-range: U+1100-11FF, U+3130-318F, U+AC00-D7AF, U+3000-303F, U+FF00-FFEF;
}`;
document.head.append(style);
