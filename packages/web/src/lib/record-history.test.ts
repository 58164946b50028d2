import type { RecordVersion } from '@liftplan/api';
import { describe, expect, it } from 'vitest';
import { historyRows, historyUrl, valueText } from './record-history.js';

const version = (number: number, changed: string[], record: Record<string, unknown>): RecordVersion => ({
  number,
  changed,
  reason: number === 1 ? null : 'scored against the wrong photo',
  changedBy: 'u-1',
  changedByName: '김민지',
  changedAt: `2025-04-0${number}T09:00:00Z`,
  record,
});

describe('record history', () => {
  it('lists what each changed field read before and after; the original has no changes', () => {
    const rows = historyRows([
      version(1, ['created'], { status: 'scheduled', gaisClinician: null, notes: null }),
      version(2, ['status', 'gaisClinician'], { status: 'done', gaisClinician: 2, notes: null }),
      version(3, ['gaisClinician', 'notes'], { status: 'done', gaisClinician: 3, notes: 'rescored' }),
    ]);
    expect(rows.map((r) => r.changes)).toEqual([
      [],
      [
        { field: 'status', before: 'scheduled', after: 'done' },
        { field: 'gaisClinician', before: '—', after: '2' },
      ],
      [
        { field: 'gaisClinician', before: '2', after: '3' },
        { field: 'notes', before: '—', after: 'rescored' },
      ],
    ]);
  });

  it('shortens long values and builds the address', () => {
    expect(valueText({ a: 'x'.repeat(200) })).toHaveLength(80);
    expect(valueText({ a: 'x'.repeat(200) }).endsWith('…')).toBe(true);
    expect(valueText([1, 2])).toBe('[1,2]');
    expect(historyUrl('follow-ups', 'f/1')).toBe('/api/follow-ups/f%2F1/versions');
  });
});
