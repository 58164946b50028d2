import { describe, expect, it } from 'vitest';
import { CITATIONS } from '../evidence/citations.js';
import { MATERIALS, THREAD_KINDS, USP_GAUGES } from '../planner/types.js';
import { catalogueEntry, lengthFor, nearestGauge, stepGauge, THREAD_CATALOGUE } from './threads.js';

describe('thread catalogue', () => {
  it('has unique ids, known vocabularies and citations that exist', () => {
    const ids = THREAD_CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of THREAD_CATALOGUE) {
      expect(THREAD_KINDS).toContain(e.kind);
      expect(MATERIALS).toContain(e.material);
      expect(e.cite.length, e.id).toBeGreaterThan(0);
      for (const k of e.cite) expect(CITATIONS[k], `${e.id} -> ${k}`).toBeDefined();
    }
  });

  it('lists gauges finest first and lengths shortest first', () => {
    for (const e of THREAD_CATALOGUE) {
      const ranks = e.gauges.map((g) => USP_GAUGES.indexOf(g));
      expect(ranks.every((r) => r >= 0)).toBe(true);
      expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
      expect([...e.lengthsMm].sort((a, b) => a - b)).toEqual([...e.lengthsMm]);
    }
  });

  it('covers every thread kind and material of the product', () => {
    expect(new Set(THREAD_CATALOGUE.map((e) => e.kind))).toEqual(new Set(THREAD_KINDS));
    expect(new Set(THREAD_CATALOGUE.map((e) => e.material))).toEqual(new Set(MATERIALS));
  });

  it('marks mono and screw threads as not lifting', () => {
    for (const e of THREAD_CATALOGUE) expect(e.lifts).toBe(e.kind !== 'mono' && e.kind !== 'screw');
  });

  it('steps gauges within the entry and picks lengths that cover the path', () => {
    const cog = catalogueEntry('pdo-bidirectional-cog');
    expect(stepGauge(cog, '2-0', 'finer')).toBe('3-0');
    expect(stepGauge(cog, '2-0', 'stronger')).toBe('1-0');
    expect(stepGauge(cog, '3-0', 'finer')).toBe('3-0');
    expect(nearestGauge(catalogueEntry('pdo-molded-cog'), '3-0')).toBe('2-0');
    expect(lengthFor(cog, 61)).toBe(90);
    expect(lengthFor(cog, 500)).toBe(150);
  });
});
