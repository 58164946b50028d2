/**
 * The CLI's one error type. Each problem says what went wrong, where (a file, a file:line:column, or a JSON
 * path inside a file) and how to fix it; the exit code tells scripts which kind of failure it was.
 */
export const EXIT = {
  ok: 0,
  /** The input was read but has problems: schema violations, or a plan with unjustified errors. */
  problems: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** A file could not be read or written, or is not JSON. */
  io: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface Problem {
  /** What is wrong, in plain words. */
  readonly what: string;
  /** Where: a path, `file:line:column`, or `file $.json.path`. */
  readonly where?: string;
  /** How to fix it. */
  readonly fix?: string;
}

export class CliError extends Error {
  readonly problems: readonly Problem[];

  constructor(
    readonly exitCode: ExitCode,
    problems: Problem | readonly Problem[],
  ) {
    const list: readonly Problem[] = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => formatProblem(p)).join('\n'));
    this.name = 'CliError';
    this.problems = list;
  }
}

/** `error: <what> (<where>) — <how to fix>` */
export function formatProblem(p: Problem, level: 'error' | 'warning' = 'error'): string {
  let line = `${level}: ${p.what}`;
  if (p.where) line += ` (${p.where})`;
  if (p.fix) line += ` — ${p.fix}`;
  return line;
}
