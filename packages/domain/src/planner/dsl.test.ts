import { describe, expect, it } from 'vitest';
import { evalExpr, exprText } from './dsl.js';
import type { Expr, FactName, FactValue } from './rule-types.js';

const facts: Partial<Record<FactName, FactValue>> = {
  age: 55,
  skinThickness: 'thin',
  lowerFaceWidthRatio: null,
};
const look = (n: FactName) => facts[n];

describe('rule condition language', () => {
  it('compares with named thresholds and explains itself', () => {
    const e: Expr = { fact: 'age', op: 'gt', value: { threshold: 'ageHigherRiskYears' } };
    expect(evalExpr(e, look)).toEqual({ value: true, because: 'age 55 > 50 [ageHigherRiskYears] ✓' });
    expect(exprText(e)).toBe('age > 50 [ageHigherRiskYears]');
  });

  it('never lets a missing measurement satisfy an ordering', () => {
    const e: Expr = {
      fact: 'lowerFaceWidthRatio',
      op: 'lte',
      value: { threshold: 'wideMidfaceLowerFaceRatio' },
    };
    expect(evalExpr(e, look).value).toBe(false);
    expect(evalExpr({ not: e }, look).value).toBe(true);
    expect(evalExpr({ fact: 'fat', op: 'eq', value: 'heavy' }, look).because).toContain('fat unknown');
  });

  it('combines with all / any / in', () => {
    const e: Expr = {
      all: [
        { fact: 'skinThickness', op: 'in', value: ['thin', 'normal'] },
        { any: [{ fact: 'age', op: 'lt', value: 30 }, { always: true }] },
      ],
    };
    expect(evalExpr(e, look).value).toBe(true);
    expect(exprText(e)).toBe('skinThickness in ["thin", "normal"] and (age < 30 or always)');
  });
});
