import { INPUT_LIMITS } from '@liftplan/api';
import { badRequest, formatPath, type AppError } from '../errors.js';

/**
 * Limits every request's parsed input must respect before a schema or the database sees it. They exist
 * because each of these reached the database or a recursive walk and came back as a 500:
 * - PostgreSQL refuses NUL (U+0000) in text and lone UTF-16 surrogates (not valid UTF-8);
 * - integer columns are 32-bit (`integer`), so a larger number overflows in PostgreSQL;
 * - very deep nesting overflows recursive code (hashing, diffs), and huge arrays cost memory and time.
 * No field of the API needs more than these (the largest arrays are 478-point landmark sets).
 */
/** The limits are part of the API contract (@liftplan/api). */
export { INPUT_LIMITS };

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(s: string): string | null {
  if (NUL.test(s)) return 'contains a NUL character (U+0000); remove it';
  if (LONE_SURROGATE.test(s)) {
    return 'contains an invalid character (a lone UTF-16 surrogate); retype the text';
  }
  return null;
}

/**
 * Walks `data` (iteratively, so the walk itself cannot overflow) and returns the first problem as a 400
 * naming the field, or null. `prefix` names the request part (`querystring`, `params`; empty for the body).
 */
export function inspectInput(data: unknown, prefix: readonly PropertyKey[] = []): AppError | null {
  const stack: { value: unknown; path: PropertyKey[]; depth: number }[] = [
    { value: data, path: [...prefix], depth: 0 },
  ];
  const fail = (path: readonly PropertyKey[], message: string): AppError =>
    badRequest('the request is not valid', [{ path: formatPath(path), message }]);
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: PropertyKey[]; depth: number };
    if (typeof value === 'string') {
      const p = textProblem(value);
      if (p) return fail(path, p);
    } else if (typeof value === 'number') {
      if (Math.abs(value) > INPUT_LIMITS.maxAbsNumber) {
        return fail(path, `numbers beyond ±${INPUT_LIMITS.maxAbsNumber} are not accepted`);
      }
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= INPUT_LIMITS.maxDepth) {
        return fail(path, `nested more than ${INPUT_LIMITS.maxDepth} levels deep; no request needs that`);
      }
      if (Array.isArray(value)) {
        if (value.length > INPUT_LIMITS.maxArrayLength) {
          return fail(path, `more than ${INPUT_LIMITS.maxArrayLength} items in one list`);
        }
        for (let i = value.length - 1; i >= 0; i--) {
          stack.push({ value: value[i] as unknown, path: [...path, i], depth: depth + 1 });
        }
      } else {
        const entries = Object.entries(value);
        if (entries.length > INPUT_LIMITS.maxObjectKeys) {
          return fail(path, `more than ${INPUT_LIMITS.maxObjectKeys} fields in one object`);
        }
        for (const [k, v] of entries) {
          const kp = textProblem(k);
          if (kp) return fail(path, `a field name ${kp}`);
          stack.push({ value: v, path: [...path, k], depth: depth + 1 });
        }
      }
    }
  }
  return null;
}
