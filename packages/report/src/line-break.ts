/**
 * Line breaking that keeps words whole (pure). Korean is written with spaces between words (어절), and a
 * Korean reader expects a line to break only there, as `word-break: keep-all` does on the web; pdfkit's
 * breaker follows UAX #14, which allows a break between any two Hangul syllables ("주무십/시오"). This one
 * breaks at spaces only, for every language; a single word wider than the line (a narrow table cell) is the
 * one case split inside, at the last character that fits, because nothing else would fit.
 */

/** Width of a string in the units of `maxWidth` (points, for the PDF). */
export type Measure = (text: string) => number;

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits a word that is wider than the line into pieces that fit (at least one character each). */
function splitLongWord(word: string, maxWidth: number, measure: Measure): string[] {
  // Grapheme clusters, so a split never lands inside a composed character.
  const chars = Array.from(GRAPHEMES.segment(word), (g) => g.segment);
  const out: string[] = [];
  let piece = '';
  for (const c of chars) {
    if (piece.length > 0 && measure(piece + c) > maxWidth) {
      out.push(piece);
      piece = c;
    } else {
      piece += c;
    }
  }
  if (piece.length > 0) out.push(piece);
  return out;
}

/**
 * The lines of `text` set in `maxWidth`: hard breaks at "\n", soft breaks at runs of spaces (collapsed to
 * one). An empty text gives one empty line, like an empty paragraph.
 */
export function wrapWords(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  for (const hard of text.split('\n')) {
    const words = hard.split(/[ \t]+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of words) {
      const candidate = line.length === 0 ? word : `${line} ${word}`;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line.length > 0) lines.push(line);
      if (measure(word) <= maxWidth) {
        line = word;
      } else {
        const pieces = splitLongWord(word, maxWidth, measure);
        lines.push(...pieces.slice(0, -1));
        line = pieces.at(-1) ?? '';
      }
    }
    lines.push(line);
  }
  return lines;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/**
 * Korean words of `source` that a text extracted from the rendered document shows broken across lines: a
 * line that ends in Hangul and a next line that starts with Hangul, whose joined form is one word of the
 * source, while the line-end fragment alone is not a source word. (How the PDF tests read pdftotext output.)
 */
export function brokenKoreanWords(extracted: string, source: string): string[] {
  const words = new Set(source.split(/\s+/).filter((w) => HANGUL.test(w)));
  const lines = extracted.split('\n').map((l) => l.trim());
  const out: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i]?.split(/\s+/).at(-1) ?? '';
    const b = lines[i + 1]?.split(/\s+/)[0] ?? '';
    if (!a || !b || !HANGUL.test(a.at(-1) ?? '') || !HANGUL.test(b[0] ?? '')) continue;
    if (words.has(a + b) && !words.has(a)) out.push(`${a}/${b}`);
  }
  return out;
}
