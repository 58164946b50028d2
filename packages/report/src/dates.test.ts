import { describe, expect, it } from 'vitest';
import { checkTimeZone, formatDay, formatInstant, formatShortDay } from './dates.js';

describe('dates', () => {
  it('formats calendar days per language without shifting them', () => {
    expect(formatDay('2026-03-04', 'ko')).toBe('2026년 3월 4일');
    expect(formatDay('2026-03-04', 'en')).toBe('4 March 2026');
    expect(formatShortDay('2026-03-11', 'ko')).toBe('3. 11.');
    expect(formatShortDay('2026-03-11', 'en')).toBe('11/03');
    expect(() => formatDay('04.03.2026', 'en')).toThrow(/YYYY-MM-DD/);
  });

  it('shows an instant in the clinic time zone with the zone named, 24-hour, no Latin in Korean', () => {
    const at = '2026-03-04T06:20:00.000Z';
    expect(formatInstant(at, 'ko', 'Asia/Seoul')).toBe('2026년 3월 4일 15:20 (한국 표준시)');
    expect(formatInstant(at, 'en', 'Asia/Seoul')).toBe('4 March 2026 at 15:20 (Korean Standard Time)');
    // Late evening UTC is the next morning in Seoul.
    expect(formatInstant('2026-03-04T20:00:00Z', 'en', 'Asia/Seoul')).toMatch(/^5 March 2026 at 05:00/);
    expect(formatInstant('2026-03-04', 'en', 'Asia/Seoul')).toBe('4 March 2026');
    expect(formatInstant(at, 'ko', 'Asia/Seoul')).not.toMatch(/[A-Za-z]/);
  });

  it('rejects an unknown time zone and a non-date, saying what to use', () => {
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(/IANA name such as Asia\/Seoul/);
    expect(() => formatInstant('yesterday', 'en', 'Asia/Seoul')).toThrow(/not a date/);
  });
});
