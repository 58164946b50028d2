import { describe, expect, it } from 'vitest';
import { wilson } from './stats.js';

describe('Wilson interval', () => {
  it('matches published values', () => {
    // Newcombe 1998, example: 81 of 263 → 0.2553 to 0.3662.
    const w = wilson(81, 263);
    expect(w?.low).toBeCloseTo(0.2553, 3);
    expect(w?.high).toBeCloseTo(0.3662, 3);
    // 0 of 10 → 0 to 0.2775.
    expect(wilson(0, 10)).toMatchObject({ rate: 0, low: 0 });
    expect(wilson(0, 10)?.high).toBeCloseTo(0.2775, 3);
    expect(wilson(1, 0)).toBeNull();
    expect(wilson(5, 3)).toBeNull();
  });
});
