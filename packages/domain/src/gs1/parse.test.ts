import { describe, expect, it } from 'vitest';
import { GS1_GROUP_SEPARATOR as GS, gs1CheckDigitOk, gs1Date, parseGs1 } from './parse.js';

const Y = 2026;
const ok = (s: string) => {
  const r = parseGs1(s, Y);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(s)} to parse: ${r.error.en}`);
  return r.data;
};
const err = (s: string) => {
  const r = parseGs1(s, Y);
  if (r.ok) throw new Error(`expected ${JSON.stringify(s)} to be refused`);
  return r.error;
};

describe('parseGs1', () => {
  it('reads the parenthesised (printed) form', () => {
    expect(ok('(01)09506000134352(17)271231(10)LOT-42')).toMatchObject({
      gtin: '09506000134352',
      expiry: '2027-12-31',
      lot: 'LOT-42',
    });
  });

  it('reads the raw scanner form with FNC1 as GS after a variable field, with and without symbology id', () => {
    const raw = `0109506000134352` + `10ABC123${GS}` + `17271200`;
    for (const s of [raw, `]C1${raw}`, `]d2${raw}`, `${GS}${raw}`, `  ${raw}\n`]) {
      expect(ok(s)).toMatchObject({ gtin: '09506000134352', lot: 'ABC123', expiry: '2027-12-31' });
    }
  });

  it('a lot last needs no separator; fixed fields need none either', () => {
    expect(ok('01095060001343521727063010A1')).toMatchObject({ expiry: '2027-06-30', lot: 'A1' });
  });

  it('reads a serial and skips other known identifiers', () => {
    const d = ok(`(01)09506000134352(11)250101(17)270101(10)L7(21)SN-9`);
    expect(d).toMatchObject({ lot: 'L7', serial: 'SN-9', expiry: '2027-01-01' });
    expect(d.elements.map((e) => e.ai)).toEqual(['01', '11', '17', '10', '21']);
  });

  it('refuses a wrong GTIN check digit', () => {
    expect(err('(01)09506000134353(10)X').en).toMatch(/check digit/);
  });

  it('refuses an impossible expiry instead of guessing a date', () => {
    expect(err('(01)09506000134352(17)279931').en).toMatch(/not a date/);
    expect(err('(01)09506000134352(17)270231').en).toMatch(/not a date/);
  });

  it('refuses truncated, unknown, duplicated, non-numeric and empty input with a position', () => {
    expect(err('(01)123').en).toMatch(/has 3 characters, needs exactly 14/);
    expect(err('hello').en).toMatch(/no GS1 application identifier .* position 1/);
    expect(err('(99)abc').en).toMatch(/\(99\) .* not one liftplan reads/);
    expect(err('(10)A(10)B').en).toMatch(/twice/);
    expect(err('(17)27AB01').en).toMatch(/digits only/);
    expect(err('   ').en).toMatch(/empty/);
    expect(err('(01)09506000134352 trailing').en).toMatch(/has 23 characters/);
    expect(err('01095060001343521').at).toBe(16);
    expect(err(`10${'x'.repeat(21)}`).en).toMatch(/1 to 20/);
    expect(err('(01)09506000134352)(').en).toMatch(/unexpected text|characters/);
  });

  it('every refusal has Korean text too', () => {
    for (const s of ['', 'hello', '(01)123', '(01)09506000134353', '(17)279931']) {
      expect(err(s).ko).toMatch(/[가-힣]/);
    }
  });
});

describe('gs1Date and check digits', () => {
  it('day 00 is the last day of the month, leap years included', () => {
    expect(gs1Date('280200', Y)).toBe('2028-02-29');
    expect(gs1Date('270200', Y)).toBe('2027-02-28');
  });
  it('resolves the century within -49..+50 years of the reference year', () => {
    expect(gs1Date('760101', Y)).toBe('2076-01-01');
    expect(gs1Date('770101', Y)).toBe('1977-01-01');
  });
  it('checks mod-10 check digits', () => {
    expect(gs1CheckDigitOk('09506000134352')).toBe(true);
    expect(gs1CheckDigitOk('4006381333931')).toBe(true);
    expect(gs1CheckDigitOk('4006381333932')).toBe(false);
    expect(gs1CheckDigitOk('x')).toBe(false);
  });
});
