import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalyzePool } from './pool.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'test-fixtures');

describe('AnalyzePool', () => {
  it('runs a batch on 2 worker threads, in order, failures as results', async () => {
    const pool = await AnalyzePool.create(2);
    try {
      expect(pool.size).toBe(2);
      const progress: number[] = [];
      const results = await pool.analyzeAll(
        [
          path.join(FIXTURES, 'astronaut.png'),
          Buffer.from('plain text'),
          path.join(FIXTURES, 'einstein.jpg'),
          path.join(FIXTURES, 'astronaut.png'),
        ],
        { view: 'front' },
        (done) => progress.push(done),
      );
      // Einstein's photo shows a second man behind him: refused as ambiguous unless a face is picked.
      expect(results.map((r) => (r.ok ? r.photo.view : r.error.code))).toEqual([
        'front',
        'not-an-image',
        'ambiguous-subject',
        'front',
      ]);
      expect(progress).toEqual([1, 2, 3, 4]);
      const [a, , , d] = results;
      if (!a?.ok || !d?.ok) throw new Error('expected successes');
      expect(a.photo.landmarks.mesh).toEqual(d.photo.landmarks.mesh);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('also runs on worker threads', async () => {
    const pool = await AnalyzePool.create(2, 'thread');
    try {
      const [r] = await pool.analyzeAll([path.join(FIXTURES, 'astronaut.png')]);
      expect(r?.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
