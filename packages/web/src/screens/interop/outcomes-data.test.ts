import { describe, expect, it } from 'vitest';
import { outcomesQuery, regionCharts, type ChangeGroup } from './outcomes-data.js';

const g = (side: string, months: number, median: number, mdc: number | null): ChangeGroup => ({
  region: 'jowl',
  side,
  metric: 'jowl-depth',
  unit: 'mm',
  months,
  n: 10,
  q1: median - 1,
  median,
  q3: median + 1,
  beyondBand: 5,
  noBand: 0,
  mdc,
});

describe('outcome charts', () => {
  it('one chart per region and metric, months in order, a series per side, the widest band', () => {
    const charts = regionCharts(
      [g('right', 3, -1.8, 1.7), g('left', 1, -2.4, 1.6), g('left', 3, -1.7, 1.7)],
      (m) => `${m} mo`,
    );
    expect(charts).toHaveLength(1);
    expect(charts[0]?.rows).toEqual([
      { label: '1 mo', months: 1, left: -2.4 },
      { label: '3 mo', months: 3, left: -1.7, right: -1.8 },
    ]);
    expect(charts[0]?.sides).toEqual(['left', 'right']);
    expect(charts[0]?.mdc).toBe(1.7);
    expect(regionCharts([g('left', 1, 0, null)], String)[0]?.mdc).toBeUndefined();
  });
  it('sends only the filters set', () => {
    expect(outcomesQuery({ from: '2025-01-01', region: '' })).toBe('from=2025-01-01');
    expect(outcomesQuery({ doctorId: 'd-1', productId: 'p-1' })).toBe('doctorId=d-1&productId=p-1');
  });
});
