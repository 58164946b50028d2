import type { z } from 'zod';
import { migrateCaseFile } from './migrate.js';
import { CaseFileSchema, type CaseFile } from './schema.js';

/** One problem in a case file: where (a JSON path such as `$.photos[0].landmarks.mesh[12]`) and why. */
export interface CaseProblem {
  path: string;
  message: string;
}

export type CaseValidation = { ok: true; value: CaseFile } | { ok: false; problems: CaseProblem[] };

/** Formats a zod issue path as a JSONPath-like string. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  return out;
}

export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): CaseProblem[] {
  return issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** Validates unknown JSON as a case file and reports every problem, not just the first. */
export function validateCase(input: unknown): CaseValidation {
  // Older 1.x files are migrated first (migrate.ts): they validate as the current version.
  const parsed = CaseFileSchema.safeParse(migrateCaseFile(input));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: issuesToProblems(parsed.error.issues) };
}
