import { THRESHOLDS } from '../evidence/thresholds.js';
import type { Expr, FactName, FactValue, Operand } from './rule-types.js';

export type Lookup = (name: FactName) => FactValue | undefined;

export interface ExprResult {
  readonly value: boolean;
  /** Human-readable account naming each fact and its value, e.g. "age 55 > 50 [ageHigherRiskYears] ✓". */
  readonly because: string;
}

const OP_TEXT = { eq: '=', ne: '≠', gt: '>', gte: '≥', lt: '<', lte: '≤', in: 'in' } as const;

function resolve(o: Operand): { v: FactValue; text: string } {
  if (o !== null && typeof o === 'object') {
    const t = THRESHOLDS[o.threshold];
    return { v: t.value, text: `${t.value} [${o.threshold}]` };
  }
  return { v: o, text: JSON.stringify(o) };
}

function show(v: FactValue | undefined): string {
  if (v === undefined) return 'unknown';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && !Number.isInteger(v)) return v.toFixed(3);
  return String(v);
}

function compare(op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte', a: FactValue, b: FactValue): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  // Ordering needs two numbers; a missing measurement (null) never satisfies it.
  if (typeof a !== 'number' || typeof b !== 'number') return false;
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
}

/** Evaluates a condition. Pure; explains itself with the fact values it read. */
export function evalExpr(e: Expr, lookup: Lookup): ExprResult {
  if ('always' in e) return { value: true, because: 'always' };
  if ('all' in e) {
    const parts = e.all.map((x) => evalExpr(x, lookup));
    return { value: parts.every((p) => p.value), because: parts.map((p) => p.because).join(' and ') };
  }
  if ('any' in e) {
    const parts = e.any.map((x) => evalExpr(x, lookup));
    return { value: parts.some((p) => p.value), because: `(${parts.map((p) => p.because).join(' or ')})` };
  }
  if ('not' in e) {
    const r = evalExpr(e.not, lookup);
    return { value: !r.value, because: `not (${r.because})` };
  }
  const actual = lookup(e.fact);
  let value: boolean;
  let expected: string;
  if (e.op === 'in') {
    value = actual !== undefined && actual !== null && e.value.some((v) => v === actual);
    expected = `[${e.value.map((v) => JSON.stringify(v)).join(', ')}]`;
  } else {
    const r = resolve(e.value);
    value = actual !== undefined && compare(e.op, actual, r.v);
    expected = r.text;
  }
  return {
    value,
    because: `${e.fact} ${show(actual)} ${OP_TEXT[e.op]} ${expected} ${value ? '✓' : '✗'}`,
  };
}

/** The condition as text, for the generated docs. */
export function exprText(e: Expr): string {
  if ('always' in e) return 'always';
  if ('all' in e) return e.all.map(exprText).join(' and ');
  if ('any' in e) return `(${e.any.map(exprText).join(' or ')})`;
  if ('not' in e) return `not (${exprText(e.not)})`;
  if (e.op === 'in') return `${e.fact} in [${e.value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return `${e.fact} ${OP_TEXT[e.op]} ${resolve(e.value).text}`;
}
