/**
 * A JSON diff of two plan payloads, for showing what a new plan version changed. Objects are compared key by
 * key; arrays whose items all carry a string `id` (thread placements) are matched by id, other arrays by
 * index. Paths read like `placements[id=jowl:left:1].count` or `risks[2]`.
 */
export type DiffEntry =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string; readonly value: unknown }
  | { readonly op: 'change'; readonly path: string; readonly from: unknown; readonly to: unknown };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const idOf = (v: unknown): string | undefined => (isObj(v) && typeof v.id === 'string' ? v.id : undefined);
const join = (base: string, key: string): string => (base === '' ? key : `${base}.${key}`);

export function jsonDiff(from: unknown, to: unknown, path = ''): DiffEntry[] {
  if (isObj(from) && isObj(to)) {
    const out: DiffEntry[] = [];
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
    for (const k of keys) {
      const p = join(path, k);
      if (!(k in to) || to[k] === undefined) {
        if (from[k] !== undefined) out.push({ op: 'remove', path: p, value: from[k] });
      } else if (!(k in from) || from[k] === undefined) out.push({ op: 'add', path: p, value: to[k] });
      else out.push(...jsonDiff(from[k], to[k], p));
    }
    return out;
  }
  if (Array.isArray(from) && Array.isArray(to)) return diffArrays(from, to, path);
  return Object.is(from, to) ? [] : [{ op: 'change', path, from, to }];
}

function diffArrays(from: readonly unknown[], to: readonly unknown[], path: string): DiffEntry[] {
  const byId = [...from, ...to].every((v) => idOf(v) !== undefined);
  const out: DiffEntry[] = [];
  if (byId) {
    const before = new Map(from.map((v) => [idOf(v) ?? '', v]));
    const after = new Map(to.map((v) => [idOf(v) ?? '', v]));
    for (const [id, v] of before) {
      const p = `${path}[id=${id}]`;
      if (!after.has(id)) out.push({ op: 'remove', path: p, value: v });
      else out.push(...jsonDiff(v, after.get(id), p));
    }
    for (const [id, v] of after) {
      if (!before.has(id)) out.push({ op: 'add', path: `${path}[id=${id}]`, value: v });
    }
    return out;
  }
  const n = Math.max(from.length, to.length);
  for (let i = 0; i < n; i++) {
    const p = `${path}[${i}]`;
    if (i >= to.length) out.push({ op: 'remove', path: p, value: from[i] });
    else if (i >= from.length) out.push({ op: 'add', path: p, value: to[i] });
    else out.push(...jsonDiff(from[i], to[i], p));
  }
  return out;
}
