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
  it('keeps noticeable differences with their band and says "within error" where the band covers it', () => {
    const r = plainFindings([
      a({ difference: -4.2, perceptible: true, moreAffectedSide: 'left' }),
      a({ id: 'lateral-brow-height', difference: 3.4 }),
      a({ id: 'commissure-height', difference: 1 }),
      a({ id: 'commissure-angle', unit: 'deg', difference: 3.5, band: null }),
    ]);
    expect(r.map((f) => [f.id, f.kind, f.value, f.sem])).toEqual([
      ['jowl-depth', 'noticeable', 4.2, 0.8],
      ['lateral-brow-height', 'within-error', 3.4, 0.8],
    ]);
  });
});
