import { describe, expect, it } from 'vitest';
import { previousMonth } from './CompliancePanel.js';

describe('access review month', () => {
  it('is the previous calendar month', () => {
    expect(previousMonth('2026-01-15')).toBe('2025-12');
    expect(previousMonth('2026-12-04')).toBe('2026-11');
  });
});
