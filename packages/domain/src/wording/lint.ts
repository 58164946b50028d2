/**
 * The patient-text lint: finds banned terms (rules.ts) line by line and checks the whole text for a plain
 * statement of side effects, the "results and side effects vary by person" notice, and side effects phrased
 * as a question. Pure and deterministic; used on every template and generated report, and by
 * `liftplan lint-text FILE` for a clinic's own texts and blog posts.
 */
import type { Bilingual } from '../candidacy/types.js';
import type { CitationKey } from '../evidence/citations.js';
import { BANNED_TERMS, LINT_RULES, type BannedTerm, type LintRuleId, type LintSeverity } from './rules.js';

export type LintLocale = 'ko' | 'en' | 'auto';

export interface LintOptions {
  /** Which term lists and notice phrasings apply. 'auto' (default) applies both languages. */
  readonly locale?: LintLocale;
}

export interface LintFinding {
  /** The banned term as found in the text; for document-level rules, what is missing or the question. */
  readonly term: string;
  /** 1-based line; 0 for a document-level finding (something missing from the whole text). */
  readonly line: number;
  /** 1-based column in UTF-16 code units (one per Hangul syllable); 0 for a document-level finding. */
  readonly column: number;
  readonly rule: LintRuleId;
  readonly severity: LintSeverity;
  readonly message: Bilingual;
  readonly basis: Bilingual;
  readonly cite: readonly CitationKey[];
}

const HANGUL = /[\uac00-\ud7a3]/u;
const WORDISH = /[\p{L}\p{N}]/u;
/** Word characters for term boundaries: Latin letters and digits and Hangul syllables (explicit ranges compile
 *  much faster than \p{L} in ~150 patterns). */
const W = 'A-Za-z0-9\\u00c0-\\u024f\\uac00-\\ud7a3';
const EN_NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'cannot',
  "can't",
  "don't",
  "doesn't",
  "isn't",
  "aren't",
  "won't",
  'without',
  'nor',
  'neither',
]);
const KO_NEGATION = /않|없|아니|아닙|못/u;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface CompiledTerm {
  readonly def: BannedTerm;
  readonly re: RegExp;
  readonly korean: boolean;
}

function compile(def: BannedTerm): CompiledTerm {
  const korean = def.locale === 'ko' || HANGUL.test(def.term);
  const body = def.term
    .trim()
    .split(/\s+/)
    .map(escapeRe)
    .join(korean ? '\\s*' : '\\s+');
  const first = def.term.charAt(0);
  const last = def.term.charAt(def.term.length - 1);
  let before = '';
  let after = '';
  if (korean) {
    // A Korean term must start a word (어절): no Hangul syllable, letter or digit right before it.
    if (!def.anywhere) before = `(?<![${W}])`;
  } else {
    if (WORDISH.test(first)) before = `(?<![${W}-])`;
    if (WORDISH.test(last)) after = `(?![${W}]|-[${W}])`;
  }
  // A number must not continue another number ("1100%", "11위").
  if (/[0-9]/.test(first)) before = def.anywhere ? '(?<![0-9.,])' : `(?<![${W}.,])`;
  return { def, re: new RegExp(`${before}${body}${after}`, 'giu'), korean };
}

const COMPILED: readonly CompiledTerm[] = BANNED_TERMS.map(compile);

const localeApplies = (t: BannedTerm, locale: LintLocale): boolean =>
  locale === 'auto' || t.locale === 'any' || t.locale === locale;

/** The last `n` words of the clause before `index` (lower case, curly apostrophes straightened). */
function previousWords(text: string, index: number, n: number): string[] {
  const before = text.slice(Math.max(0, index - 80), index).replace(/[’‘]/g, "'");
  // Stop at clause boundaries: "no side effects, permanent" does not negate "permanent".
  const sentence = before.split(/[.!?;:,]|\n\s*\n/).pop() ?? '';
  return sentence
    .toLowerCase()
    .split(/[^\p{L}\p{N}'#-]+/u)
    .filter((w) => w.length > 0)
    .slice(-n);
}

function nextWord(text: string, end: number): string {
  const m = /^[\s"'“”‘’(]*([\p{L}\p{N}'-]+)/u.exec(text.slice(end, end + 40));
  return m?.[1]?.toLowerCase() ?? '';
}

/** The rest of the sentence after `end`, up to `max` characters (a single line break is not an end). */
function restOfSentence(text: string, end: number, max: number): string {
  const s = text.slice(end, end + max);
  const stop = s.search(/[.!?]|\n\s*\n/);
  return stop < 0 ? s : s.slice(0, stop);
}

/** True when the match starts inside an occurrence of one of the allowed longer phrases. */
function allowed(text: string, start: number, allow: readonly string[] | undefined): boolean {
  if (!allow) return false;
  for (const phrase of allow) {
    const p = phrase.toLowerCase();
    const from = Math.max(0, start - p.length);
    const window = text.slice(from, start + p.length).toLowerCase();
    for (let i = window.indexOf(p); i >= 0; i = window.indexOf(p, i + 1)) {
      if (from + i <= start && start < from + i + p.length) return true;
    }
  }
  return false;
}

function negated(c: CompiledTerm, text: string, start: number, end: number): boolean {
  if (c.korean) return KO_NEGATION.test(restOfSentence(text, end, 8));
  return previousWords(text, start, 3).some((w) => EN_NEGATIONS.has(w) || w.endsWith("n't"));
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], index: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: index - (starts[lo] ?? 0) + 1 };
}

const finding = (rule: LintRuleId, term: string, line: number, column: number): LintFinding => {
  const r = LINT_RULES[rule];
  return { term, line, column, rule, severity: r.severity, message: r.message, basis: r.basis, cite: r.cite };
};

function termFindings(text: string, locale: LintLocale, starts: readonly number[]): LintFinding[] {
  const out: LintFinding[] = [];
  const seen = new Set<string>();
  for (const c of COMPILED) {
    if (!localeApplies(c.def, locale)) continue;
    c.re.lastIndex = 0;
    for (let m = c.re.exec(text); m !== null; m = c.re.exec(text)) {
      const start = m.index;
      const matched = m[0];
      const end = start + matched.length;
      if (allowed(text, start, c.def.allow)) continue;
      if (c.def.negatable && negated(c, text, start, end)) continue;
      if (c.def.onlyAfter && !c.def.onlyAfter.includes(previousWords(text, start, 1)[0] ?? '')) continue;
      const follow = c.def.unlessFollowedBy;
      if (follow) {
        if (c.korean) {
          const rest = restOfSentence(text, end, 20);
          if (follow.some((f) => rest.includes(f))) continue;
        } else if (follow.includes(nextWord(text, end))) continue;
      }
      const key = `${start}:${c.def.rule}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { line, column } = position(starts, start);
      out.push(finding(c.def.rule, matched, line, column));
    }
  }
  return out;
}

interface Sentence {
  readonly text: string;
  readonly start: number;
  readonly question: boolean;
}

/**
 * Sentences end at . ! ? followed by a space or the end, or at a blank line; decimals stay inside, and a single
 * line break does not end one (text extracted from PDFs and pasted from web pages wraps mid-sentence).
 */
function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /[\s\S]*?(?:[.!?？]+(?=\s|$)|\n[ \t]*\n|$)/gu;
  for (let m = re.exec(text); m !== null && m[0].length > 0; m = re.exec(text)) {
    const s = m[0];
    if (s.trim().length > 0) out.push({ text: s, start: m.index, question: /[?？]\s*$/u.test(s.trimEnd()) });
  }
  return out;
}

const SIDE_EFFECT_WORD = {
  ko: /부작용|합병증/u,
  en: /\b(side[- ]effects?|complications?|adverse (?:events?|effects?))\b/iu,
};
const SIDE_EFFECT_STATED = {
  ko: /수\s*있|있습니다|있어요|발생|생길|나타날|동반|따를|따르|포함|위험/u,
  en: /\b(may|can|could|might|include|includes|including|carry|carries|occur|occurs|possible|risks?|common|reported|are|is)\b/iu,
};
/** The variation notice: a phrase saying it differs by person, in a sentence about results or side effects. */
const VARIATION_PHRASE = {
  ko: /개인에\s*따라|개인차|사람마다|사람에\s*따라|개인마다/u,
  en: /\b(?:var(?:y|ies)|differ(?:s)?)\s+(?:greatly\s+|widely\s+)?(?:from\s+person\s+to\s+person|by\s+(?:person|individual)|between\s+(?:people|individuals|patients)|among\s+(?:people|individuals))|depending\s+on\s+the\s+(?:individual|person)|individual\s+results\s+(?:may|can|will)\s+vary/iu,
};
const VARIATION_SUBJECT = {
  ko: /결과|효과|부작용|합병증|경과|회복/u,
  en: /\b(?:results|(?:the|your|a)\s+result|outcomes?|effects|side[- ]effects?|complications?|risks?|recovery)\b/iu,
};

function documentFindings(
  text: string,
  locale: LintLocale,
  starts: readonly number[],
  terms: LintFinding[],
): LintFinding[] {
  const langs: ('ko' | 'en')[] = locale === 'auto' ? ['ko', 'en'] : [locale];
  const out: LintFinding[] = [];
  const claimLines = new Set(terms.filter((f) => f.rule === 'absolute-claim').map((f) => f.line));
  let stated = false;
  let notice = false;
  for (const s of sentences(text)) {
    for (const lang of langs) {
      if (VARIATION_PHRASE[lang].test(s.text) && VARIATION_SUBJECT[lang].test(s.text)) notice = true;
      const word = SIDE_EFFECT_WORD[lang].exec(s.text);
      if (!word) continue;
      const { line, column } = position(starts, s.start + word.index);
      if (s.question) {
        out.push(finding('side-effects-as-question', s.text.trim(), line, column));
      } else if (!claimLines.has(line) && SIDE_EFFECT_STATED[lang].test(s.text)) {
        stated = true;
      }
    }
  }
  if (!stated) {
    out.push(
      finding(
        'side-effects-missing',
        langs.map((l) => (l === 'ko' ? '부작용' : 'side effects')).join(' / '),
        0,
        0,
      ),
    );
  }
  if (!notice) {
    out.push(
      finding(
        'variation-notice-missing',
        langs.map((l) => (l === 'ko' ? '개인에 따라' : 'vary from person to person')).join(' / '),
        0,
        0,
      ),
    );
  }
  return out;
}

/** Lints a patient-facing text. Findings are ordered: document-level first, then by line and column. */
export function lintText(text: string, options: LintOptions = {}): LintFinding[] {
  const locale = options.locale ?? 'auto';
  const normalised = text.replace(/\r\n?/g, '\n');
  const starts = lineStarts(normalised);
  const terms = termFindings(normalised, locale, starts);
  const doc = documentFindings(normalised, locale, starts, terms);
  return [...doc, ...terms].sort(
    (a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule),
  );
}

/**
 * Lints short template fragments (headings, table cells, single sentences): only the banned-term rules, since a
 * fragment alone cannot carry the document-level statements.
 */
export function lintFragment(text: string, options: LintOptions = {}): LintFinding[] {
  const locale = options.locale ?? 'auto';
  const normalised = text.replace(/\r\n?/g, '\n');
  return termFindings(normalised, locale, lineStarts(normalised)).sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
}

export const hasLintErrors = (findings: readonly LintFinding[]): boolean =>
  findings.some((f) => f.severity === 'error');

/** One line per finding: `line:column  severity  rule  "term"  message`. */
export function formatLintFinding(f: LintFinding, lang: keyof Bilingual = 'en'): string {
  const where = f.line === 0 ? 'document' : `${f.line}:${f.column}`;
  return `${where}  ${f.severity}  ${f.rule}  "${f.term}"  ${f.message[lang]} [${f.basis[lang]}]`;
}
