import path from 'node:path';
import { CaseFileSchema, formatPath, type CaseFile } from '@liftplan/domain';
import { CliError, EXIT, type Problem } from './errors.js';
import type { CliIO } from './io.js';
import { jsonErrorOffset, positionOf } from './json-position.js';

const FORMAT_DOC = 'docs/case-format.md';

/** Reads a file, turning file-system failures into a CliError with exit code 3. */
export async function readText(io: CliIO, file: string, what = 'file'): Promise<string> {
  const abs = path.resolve(io.cwd, file);
  try {
    return await io.readFile(abs);
  } catch (e) {
    throw new CliError(EXIT.io, fileProblem(e, file, what, 'read'));
  }
}

export async function writeText(io: CliIO, file: string, data: string, what = 'file'): Promise<void> {
  const abs = path.resolve(io.cwd, file);
  try {
    await io.writeFile(abs, data);
  } catch (e) {
    throw new CliError(EXIT.io, fileProblem(e, file, what, 'write'));
  }
}

function fileProblem(e: unknown, file: string, what: string, verb: 'read' | 'write'): Problem {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  switch (code) {
    case 'ENOENT':
      return verb === 'read'
        ? {
            what: `${what} not found`,
            where: file,
            fix: 'check the path (relative to the current directory)',
          }
        : { what: `cannot create ${what}`, where: file, fix: 'check that the directory path is valid' };
    case 'EISDIR':
      return { what: `${what} is a directory`, where: file, fix: 'give the path of a file' };
    case 'EACCES':
    case 'EPERM':
      return { what: `permission denied to ${verb} ${what}`, where: file, fix: 'check the file permissions' };
    default:
      return {
        what: `cannot ${verb} ${what}: ${e instanceof Error ? e.message : String(e)}`,
        where: file,
        fix: verb === 'read' ? 'check that the file exists and is readable' : 'check the path and free space',
      };
  }
}

/** Parses JSON text; on failure says where (line:column) and what was found there. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const fromMessage = e instanceof Error ? /at position (\d+)/.exec(e.message)?.[1] : undefined;
    const offset = fromMessage !== undefined ? Number(fromMessage) : (jsonErrorOffset(text) ?? text.length);
    const pos = positionOf(text, offset);
    const found = offset >= text.length ? 'the end of the file' : JSON.stringify(text.charAt(offset));
    throw new CliError(EXIT.io, {
      what: text.trim() === '' ? 'file is empty, not JSON' : `not valid JSON: unexpected ${found}`,
      where: `${file}:${pos.line}:${pos.column}`,
      fix:
        text.trim() === ''
          ? 'give a case file (see examples/)'
          : 'fix the JSON syntax there (a missing comma or quote, or a trailing comma, is the usual cause)',
    });
  }
}

/** A zod issue, typed through the schema so the CLI needs no direct zod dependency. */
type Issue = NonNullable<ReturnType<typeof CaseFileSchema.safeParse>['error']>['issues'][number];

function describeIssue(issue: Issue): { what: string; fix: string } {
  const generic = `correct the value (the format is described in ${FORMAT_DOC})`;
  switch (issue.code) {
    case 'invalid_type': {
      const missing = !('input' in issue) || issue.input === undefined;
      const key = issue.path[issue.path.length - 1];
      if (missing) {
        return {
          what: `missing required field${key !== undefined ? ` "${String(key)}"` : ''}`,
          fix: `add it (expected ${issue.expected}); see ${FORMAT_DOC}`,
        };
      }
      return { what: issue.message, fix: `give a ${issue.expected} here` };
    }
    case 'unrecognized_keys':
      return {
        what: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        fix: 'remove it or check its spelling',
      };
    case 'invalid_value':
      return {
        what: issue.message,
        fix:
          issue.values.length === 1
            ? `use ${JSON.stringify(issue.values[0])}`
            : `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'invalid_format':
      return { what: issue.message, fix: generic };
    case 'too_small':
    case 'too_big':
    case 'custom':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'not_multiple_of':
      return { what: issue.message, fix: generic };
  }
}

/** Every schema problem of a case file, each with its JSON path, a plain reason and a fix. */
export function schemaProblems(
  input: unknown,
  file: string,
): { ok: true; value: CaseFile } | { ok: false; problems: Problem[] } {
  const parsed = CaseFileSchema.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const { what, fix } = describeIssue(issue);
      return { what, where: `${file} ${formatPath(issue.path)}`, fix };
    }),
  };
}

export interface LoadedCase {
  /** As the user wrote it. */
  readonly file: string;
  /** Absolute path. */
  readonly absPath: string;
  readonly caseFile: CaseFile;
}

/** Reads, parses and validates a case file; throws a CliError listing every problem. */
export async function loadCase(io: CliIO, file: string): Promise<LoadedCase> {
  const text = await readText(io, file, 'case file');
  const json = parseJson(text, file);
  const result = schemaProblems(json, file);
  if (!result.ok) throw new CliError(EXIT.problems, result.problems);
  return { file, absPath: path.resolve(io.cwd, file), caseFile: result.value };
}
