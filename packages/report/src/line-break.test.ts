import { describe, expect, it } from 'vitest';
import { brokenKoreanWords, wrapWords } from './line-break.js';

/** Every character one unit wide. */
const mono = (s: string): number => Array.from(new Intl.Segmenter().segment(s)).length;

describe('wrapWords', () => {
  it('breaks Korean at spaces only, never inside a word', () => {
    const text = '시술 후 일주일 동안은 바로 누워 주무십시오';
    const lines = wrapWords(text, 9, mono);
    expect(lines).toEqual(['시술 후 일주일', '동안은 바로 누워', '주무십시오']);
    const words = new Set(text.split(' '));
    for (const l of lines) for (const w of l.split(' ')) expect(words.has(w), w).toBe(true);
  });

  it('keeps "3~4주차" whole and honours hard line breaks', () => {
    expect(wrapWords('약 3~4주차에\n좋아집니다', 6, mono)).toEqual(['약', '3~4주차에', '좋아집니다']);
  });

  it('splits a word only when it alone is wider than the line', () => {
    expect(wrapWords('가나다라마바사 아', 3, mono)).toEqual(['가나다', '라마바', '사 아']);
  });

  it('collapses runs of spaces and keeps an empty text as one empty line', () => {
    expect(wrapWords('a   b', 10, mono)).toEqual(['a b']);
    expect(wrapWords('', 10, mono)).toEqual(['']);
  });
});

describe('brokenKoreanWords', () => {
  it('finds a word split across two extracted lines', () => {
    const source = '바로 누워 주무십시오. 3~4주차에 좋아집니다';
    expect(brokenKoreanWords('바로 누워 주무십\n시오.', source)).toEqual(['주무십/시오.']);
    expect(brokenKoreanWords('바로 누워\n주무십시오.', source)).toEqual([]);
  });
});
