import { describe, expect, it } from 'vitest';
import { matchProcedure, type PlannedRow } from './match.js';

const row: PlannedRow = {
  id: 'jowl:left:1',
  region: 'jowl',
  side: 'left',
  kind: 'bidirectional-cog',
  material: 'PDO',
  gauge: '3-0',
  lengthMm: 90,
  count: 5,
};
const same = { kind: 'bidirectional-cog', material: 'PDO', gauge: '3-0', lengthMm: 90 };

describe('matchProcedure', () => {
  it('finds nothing when the lot and count match the plan', () => {
    expect(
      matchProcedure({
        planned: [row],
        recorded: [{ placementId: row.id, product: same, count: 5, deviation: null }],
      }),
    ).toEqual([]);
  });

  it('lists each difference: a 1-0 60 mm lot on a 3-0 90 mm row, count 5 -> 4', () => {
    const m = matchProcedure({
      planned: [row],
      recorded: [
        { placementId: row.id, product: { ...same, gauge: '1-0', lengthMm: 60 }, count: 4, deviation: '  ' },
      ],
    });
    expect(m.map((x) => [x.field, x.planned, x.recorded, x.explained])).toEqual([
      ['gauge', '3-0', '1-0', false],
      ['lengthMm', '90', '60', false],
      ['count', '5', '4', false],
    ]);
    expect(m[1]?.text.en).toBe('jowl:left:1: length 60 mm recorded, 90 mm planned');
    expect(m[1]?.text.ko).toBe('jowl:left:1: 길이 계획 90 mm, 기록 60 mm');
  });

  it('a reason explains every difference of its thread', () => {
    const m = matchProcedure({
      planned: [row],
      recorded: [
        {
          placementId: row.id,
          product: { ...same, material: 'PCL' },
          count: 5,
          deviation: 'PDO out of stock',
        },
      ],
    });
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ field: 'material', explained: true });
  });

  it('a thread outside the plan and a planned row without a thread are mismatches', () => {
    const m = matchProcedure({
      planned: [row, { ...row, id: 'jowl:right:1', side: 'right' }],
      recorded: [{ placementId: 'neck:left:1', product: same, count: 1, deviation: null }],
      notPlaced: { 'jowl:right:1': 'patient asked to stop' },
    });
    expect(m.map((x) => [x.thread, x.placementId, x.field, x.explained])).toEqual([
      [0, 'neck:left:1', 'placement', false],
      [null, 'jowl:left:1', 'placement', false],
      [null, 'jowl:right:1', 'placement', true],
    ]);
  });
});
