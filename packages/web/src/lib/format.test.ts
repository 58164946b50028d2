import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, setClinicTimeZone, getClinicTimeZone, today } from './format.js';

describe('dates and times in the clinic time zone, per language', () => {
  it('shows an instant in the clinic zone, not the browser zone', () => {
    // 16:30 UTC is 01:30 the next day in Seoul.
    expect(formatDateTime('2026-03-01T16:30:00Z', 'ko', 'Asia/Seoul')).toContain('2026. 3. 2.');
    expect(formatDateTime('2026-03-01T16:30:00Z', 'en', 'Europe/London')).toContain('1 Mar 2026');
    expect(formatDate('2026-03-01T16:30:00Z', 'ko', 'Asia/Seoul')).toBe('2026년 3월 2일');
  });

  it('keeps a calendar date on its day whatever the zone', () => {
    expect(formatDate('2026-03-01', 'en', 'Pacific/Honolulu')).toBe('1 Mar 2026');
    expect(formatDate('2026-03-01', 'ko', 'Asia/Seoul')).toBe('2026년 3월 1일');
  });

  it('refuses an unknown zone and keeps the previous one', () => {
    setClinicTimeZone('Europe/London');
    setClinicTimeZone('Not/AZone');
    expect(getClinicTimeZone()).toBe('Europe/London');
    setClinicTimeZone('Asia/Seoul');
    expect(today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
