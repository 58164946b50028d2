import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements } from './statement-cache.js';

function handle() {
  const raw = new BetterSqlite3(':memory:');
  raw.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3);');
  return raw;
}

describe('prepared statement cache', () => {
  it('prepares one SQL text once and answers with current data', () => {
    const raw = handle();
    const db = cachingStatements(raw);
    const a = db.prepare('SELECT count(*) AS c FROM t');
    expect(a.all([])).toEqual([{ c: 3 }]);
    raw.exec('INSERT INTO t VALUES (4)');
    const b = db.prepare('SELECT count(*) AS c FROM t');
    expect(b).toBe(a);
    expect(b.all([])).toEqual([{ c: 4 }]);
    db.close();
  });

  it('never hands out a statement that is still being iterated', () => {
    const db = cachingStatements(handle());
    const sql = 'SELECT n FROM t ORDER BY n';
    const first = db.prepare(sql);
    const it1 = first.iterate([]);
    expect(it1.next().value).toEqual({ n: 1 });
    const second = db.prepare(sql);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...it1]).toEqual([{ n: 2 }, { n: 3 }]);
    db.close();
  });

  it('keeps at most its size, dropping the least recently used', () => {
    const db = cachingStatements(handle(), 2);
    const one = db.prepare('SELECT 1');
    db.prepare('SELECT 2');
    expect(db.prepare('SELECT 1')).toBe(one); // now most recent
    db.prepare('SELECT 3'); // evicts SELECT 2
    expect(db.prepare('SELECT 1')).toBe(one);
    const two = db.prepare('SELECT 2');
    expect(db.prepare('SELECT 2')).toBe(two);
    db.close();
  });
});
