/**
 * GS1 element strings as scanned from a thread box (GS1-128 or GS1 DataMatrix) or typed from the printed
 * label: GTIN (01), expiry (17), lot (10), and the other common identifiers skipped correctly.
 *
 * A small parser of our own: the npm candidates (gs1-barcode-parser-mod 1.2.1, gs1js 0.0.2, bark-js) accept
 * month 99 as a date, skip the GTIN check digit, refuse a leading FNC1 or return dates in the local time
 * zone; the record needs all four right. `referenceYear` (the current year) resolves two-digit years.
 *
 * Accepted forms: the parenthesised human-readable form `(01)09506000134352(17)271231(10)LOT-42`; the raw
 * scanner form with an optional symbology identifier (`]C1`, `]d2`, `]Q3`, `]e0`), FNC1 sent as ASCII 29 (GS)
 * after variable-length fields, and an optional leading FNC1; spaces and tabs around the input are trimmed.
 */

/** Group separator: how scanners send FNC1 inside a GS1 string. */
export const GS1_GROUP_SEPARATOR = '\u001d';

interface AiSpec {
  readonly name: string;
  /** Fixed data length, or the maximum for variable-length fields (ended by FNC1 or the string's end). */
  readonly length: number;
  readonly fixed: boolean;
  readonly numeric: boolean;
}

/** The identifiers liftplan reads or skips (GS1 General Specifications, section 3). */
const AIS: Readonly<Record<string, AiSpec>> = {
  '00': { name: 'SSCC', length: 18, fixed: true, numeric: true },
  '01': { name: 'GTIN', length: 14, fixed: true, numeric: true },
  '02': { name: 'content GTIN', length: 14, fixed: true, numeric: true },
  '10': { name: 'batch/lot', length: 20, fixed: false, numeric: false },
  '11': { name: 'production date', length: 6, fixed: true, numeric: true },
  '13': { name: 'packaging date', length: 6, fixed: true, numeric: true },
  '15': { name: 'best before', length: 6, fixed: true, numeric: true },
  '16': { name: 'sell by', length: 6, fixed: true, numeric: true },
  '17': { name: 'expiry', length: 6, fixed: true, numeric: true },
  '21': { name: 'serial', length: 20, fixed: false, numeric: false },
  '30': { name: 'count', length: 8, fixed: false, numeric: true },
  '240': { name: 'additional product id', length: 30, fixed: false, numeric: false },
  '241': { name: 'customer part number', length: 30, fixed: false, numeric: false },
  '7003': { name: 'expiry date and time', length: 10, fixed: true, numeric: true },
};

export interface Gs1Data {
  /** 14 digits, check digit verified. */
  readonly gtin?: string;
  readonly lot?: string;
  /** YYYY-MM-DD; a label day of 00 means the last day of that month (GS1 rule). */
  readonly expiry?: string;
  readonly serial?: string;
  /** Every element in order, raw data as scanned (dates unconverted). */
  readonly elements: readonly { readonly ai: string; readonly data: string }[];
}

export interface Gs1Error {
  /** Character position in the trimmed input where the problem starts. */
  readonly at: number;
  readonly en: string;
  readonly ko: string;
}

export type Gs1Result =
  { readonly ok: true; readonly data: Gs1Data } | { readonly ok: false; readonly error: Gs1Error };

const fail = (at: number, en: string, ko: string): Gs1Result => ({ ok: false, error: { at, en, ko } });

/** GS1 mod-10 check digit over all digits but the last. */
export function gs1CheckDigitOk(digits: string): boolean {
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  const body = digits.slice(0, -1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Weights 3,1,3,… counted from the rightmost digit of the body.
    const d = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

/** YYMMDD -> YYYY-MM-DD with GS1's century rule and day 00 = end of month; null when not a date. */
export function gs1Date(yymmdd: string, referenceYear: number): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return null;
  const yy = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return null;
  // GS1 General Specifications 7.12: the century that puts the year within -49…+50 of the reference year.
  const refYY = referenceYear % 100;
  const refCentury = referenceYear - refYY;
  const diff = yy - refYY;
  const year = diff >= 51 ? refCentury - 100 + yy : diff <= -50 ? refCentury + 100 + yy : refCentury + yy;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  const dd = day === 0 ? last : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

function aiAt(s: string, i: number): string | null {
  for (const len of [2, 3, 4]) {
    const ai = s.slice(i, i + len);
    if (AIS[ai]) return ai;
  }
  return null;
}

const SYMBOLOGY = /^\](C1|d2|Q3|e0|J1)/;

function splitParenthesised(s: string): Gs1Result | { ai: string; data: string; at: number }[] {
  const out: { ai: string; data: string; at: number }[] = [];
  const re = /\((\d{2,4})\)([^(]*)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(s)) !== null) {
    out.push({ ai: m[1] ?? '', data: (m[2] ?? '').trim(), at: m.index });
    last = re.lastIndex;
  }
  if (last !== s.length) {
    return fail(
      last,
      `unexpected text at position ${last + 1}: write each element as (AI)data, e.g. (01)09506000134352(17)271231(10)LOT-42`,
      `${last + 1}번째 글자부터 형식이 맞지 않습니다. 각 항목을 (AI)값 형식으로 적어 주십시오 (예: (01)09506000134352(17)271231(10)LOT-42).`,
    );
  }
  return out;
}

function splitRaw(s: string): Gs1Result | { ai: string; data: string; at: number }[] {
  const out: { ai: string; data: string; at: number }[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === GS1_GROUP_SEPARATOR) {
      i++;
      continue;
    }
    const ai = aiAt(s, i);
    if (ai === null) {
      return fail(
        i,
        `no GS1 application identifier liftplan reads at position ${i + 1} ("${s.slice(i, i + 4)}…"): scan the GS1 barcode on the box (GTIN, lot, expiry) or type the printed line with the (AI) brackets`,
        `${i + 1}번째 글자에서 읽을 수 있는 GS1 식별자(AI)가 없습니다. 상자의 GS1 바코드(GTIN, 로트 번호, 유효기간)를 스캔하거나 인쇄된 줄을 (AI) 괄호와 함께 입력해 주십시오.`,
      );
    }
    const spec = AIS[ai];
    if (!spec) throw new Error('unreachable: aiAt returned an unknown AI');
    const start = i + ai.length;
    if (spec.fixed) {
      const data = s.slice(start, start + spec.length);
      out.push({ ai, data, at: i });
      i = start + spec.length;
    } else {
      const gs = s.indexOf(GS1_GROUP_SEPARATOR, start);
      const end = gs === -1 ? s.length : gs;
      out.push({ ai, data: s.slice(start, end), at: i });
      i = end;
    }
  }
  return out;
}

/** Parses a scanned or typed GS1 string. Never throws: bad input gives an error saying what and where. */
export function parseGs1(input: string, referenceYear: number): Gs1Result {
  let s = input.trim();
  if (s === '') {
    return fail(
      0,
      'the barcode is empty: scan the GS1 barcode on the box',
      '바코드가 비어 있습니다. 상자의 GS1 바코드를 스캔해 주십시오.',
    );
  }
  s = s.replace(SYMBOLOGY, '');
  const parts = s.startsWith('(') ? splitParenthesised(s) : splitRaw(s);
  if (!Array.isArray(parts)) return parts;
  const seen = new Set<string>();
  const data: { gtin?: string; lot?: string; expiry?: string; serial?: string } = {};
  for (const p of parts) {
    const spec = AIS[p.ai];
    const pos = p.at + 1;
    if (!spec) {
      return fail(
        p.at,
        `application identifier (${p.ai}) at position ${pos} is not one liftplan reads: use the GTIN (01), lot (10) and expiry (17) line`,
        `${pos}번째 글자의 식별자 (${p.ai})는 읽지 않는 항목입니다. GTIN (01), 로트 번호 (10), 유효기간 (17)이 있는 줄을 사용해 주십시오.`,
      );
    }
    if (seen.has(p.ai)) {
      return fail(
        p.at,
        `(${p.ai}) appears twice in the barcode`,
        `바코드에 (${p.ai}) 항목이 두 번 있습니다.`,
      );
    }
    seen.add(p.ai);
    const lengthOk = spec.fixed
      ? p.data.length === spec.length
      : p.data.length >= 1 && p.data.length <= spec.length;
    if (!lengthOk) {
      const want = spec.fixed ? `exactly ${spec.length}` : `1 to ${spec.length}`;
      const wantKo = spec.fixed ? `정확히 ${spec.length}자` : `1~${spec.length}자`;
      return fail(
        p.at,
        `(${p.ai}) ${spec.name} at position ${pos} has ${p.data.length} characters, needs ${want}: the scan may be cut off, scan again`,
        `${pos}번째 글자의 (${p.ai}) 항목은 ${p.data.length}자이며 ${wantKo}여야 합니다. 스캔이 잘렸을 수 있으니 다시 스캔해 주십시오.`,
      );
    }
    if (spec.numeric && !/^\d+$/.test(p.data)) {
      return fail(
        p.at,
        `(${p.ai}) ${spec.name} must be digits only`,
        `(${p.ai}) 항목은 숫자만 들어갈 수 있습니다.`,
      );
    }
    if (p.ai === '01') {
      if (!gs1CheckDigitOk(p.data)) {
        return fail(
          p.at,
          `GTIN ${p.data} has a wrong check digit: the scan is misread or the number mistyped`,
          `GTIN ${p.data}의 검증 숫자가 맞지 않습니다. 잘못 읽혔거나 잘못 입력되었습니다.`,
        );
      }
      data.gtin = p.data;
    } else if (p.ai === '17') {
      const d = gs1Date(p.data, referenceYear);
      if (d === null) {
        return fail(
          p.at,
          `expiry (17) ${p.data} is not a date written YYMMDD`,
          `유효기간 (17) ${p.data}은(는) YYMMDD 형식의 날짜가 아닙니다.`,
        );
      }
      data.expiry = d;
    } else if (p.ai === '10') {
      data.lot = p.data;
    } else if (p.ai === '21') {
      data.serial = p.data;
    }
  }
  if (parts.length === 0) {
    return fail(0, 'the barcode holds no GS1 elements', '바코드에 GS1 항목이 없습니다.');
  }
  return { ok: true, data: { ...data, elements: parts.map((p) => ({ ai: p.ai, data: p.data })) } };
}
