import { describe, expect, it } from 'vitest';
import { followUpKind } from './follow-up-label.js';

describe('which follow-up a due date is', () => {
  it('names the booked schedule and nothing far from it', () => {
    expect(followUpKind('2026-01-10', '2026-01-17')).toBe('week-1');
    expect(followUpKind('2026-01-10', '2026-02-10')).toBe('month-1');
    expect(followUpKind('2026-01-10', '2026-04-10')).toBe('month-3');
    expect(followUpKind('2026-01-10', '2026-07-10')).toBe('month-6');
    expect(followUpKind('2026-01-10', '2026-03-01')).toBeNull();
    expect(followUpKind('2026-01-10', '2026-01-09')).toBeNull();
    expect(followUpKind(null, '2026-01-17')).toBeNull();
  });
});
