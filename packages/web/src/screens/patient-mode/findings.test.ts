import type { AsymmetryResult } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { plainFindings } from './findings.js';

const a = (over: Partial<AsymmetryResult>): AsymmetryResult => ({
  id: 'jowl-depth',
  unit: 'mm',
  difference: 0,
  perceptible: false,
  threshold: 3,
  moreAffectedSide: null,
  estimate: false,
  cite: [],
  band: { sem: 0.8, mdc: 2.2, shots: 5, source: 'test' },
  ...over,
});

describe('plain-word findings', () => {
  it('lists every difference with its band, noticeable first, "within error" where the band covers it', () => {
    const r = plainFindings([
      a({ difference: -4.2, perceptible: true, moreAffectedSide: 'left' }),
      a({ id: 'lateral-brow-height', difference: 3.4 }),
      a({ id: 'commissure-height', difference: 1 }),
      a({ id: 'commissure-angle', unit: 'deg', difference: 3.5, band: null }),
    ]);
    expect(r.map((f) => [f.id, f.kind, f.value, f.sem, f.withinError])).toEqual([
      ['jowl-depth', 'noticeable', 4.2, 0.8, false],
      ['lateral-brow-height', 'within-error', 3.4, 0.8, true],
      ['commissure-angle', 'small', 3.5, null, false],
      ['commissure-height', 'small', 1, 0.8, true],
    ]);
  });
});
