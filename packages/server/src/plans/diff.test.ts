import { describe, expect, it } from 'vitest';
import { jsonDiff } from './diff.js';

describe('jsonDiff', () => {
  it('is empty for equal payloads regardless of key order', () => {
    expect(jsonDiff({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it('matches placements by id and reports field changes, additions and removals', () => {
    const before = {
      placements: [
        { id: 'jowl:left:1', count: 2 },
        { id: 'jowl:right:1', count: 2 },
      ],
    };
    const after = {
      placements: [
        { id: 'jowl:right:1', count: 3 },
        { id: 'midface:left:1', count: 1 },
      ],
    };
    expect(jsonDiff(before, after)).toEqual([
      { op: 'remove', path: 'placements[id=jowl:left:1]', value: { id: 'jowl:left:1', count: 2 } },
      { op: 'change', path: 'placements[id=jowl:right:1].count', from: 2, to: 3 },
      { op: 'add', path: 'placements[id=midface:left:1]', value: { id: 'midface:left:1', count: 1 } },
    ]);
  });

  it('compares plain arrays by index and scalars by value', () => {
    expect(jsonDiff({ risks: ['a'], n: 1 }, { risks: ['a', 'b'], m: 2 })).toEqual([
      { op: 'add', path: 'm', value: 2 },
      { op: 'remove', path: 'n', value: 1 },
      { op: 'add', path: 'risks[1]', value: 'b' },
    ]);
  });
});
