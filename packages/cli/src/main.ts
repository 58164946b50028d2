import { Command, CommanderError } from 'commander';
import * as analyzeCommand from './commands/analyze.js';
import * as auditCommand from './commands/audit.js';
import * as backupCommand from './commands/backup.js';
import * as clinicsCommand from './commands/clinics.js';
import * as interopCommand from './commands/interop.js';
import * as outcomesCommand from './commands/outcomes.js';
import * as lintTextCommand from './commands/lint-text.js';
import * as planCommand from './commands/plan.js';
import * as reportCommand from './commands/report.js';
import * as restoreCommand from './commands/restore.js';
import * as schemaCommand from './commands/schema.js';
import * as serveCommand from './commands/serve.js';
import * as usersCommand from './commands/users.js';
import * as validateCommand from './commands/validate.js';
import * as workerCommand from './commands/worker.js';
import { CliError, EXIT, formatProblem } from './errors.js';
import { nodeIO, type CliIO } from './io.js';

export const CLI_VERSION = '0.1.0';

/** A command module: adds one subcommand to the program. Add a file in commands/ and one line below. */
export interface CommandModule {
  register(program: Command, io: CliIO): void;
}

const COMMANDS: readonly CommandModule[] = [
  validateCommand,
  planCommand,
  analyzeCommand,
  schemaCommand,
  reportCommand,
  lintTextCommand,
  serveCommand,
  workerCommand,
  usersCommand,
  clinicsCommand,
  backupCommand,
  restoreCommand,
  auditCommand,
  // Issue 13: outcomes and interoperability (export, import).
  interopCommand,
  outcomesCommand,
];

function buildProgram(io: CliIO): Command {
  const program = new Command('liftplan')
    .description('Personalised thread-lift planning (decision support for clinicians).')
    .version(CLI_VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run "liftplan --help" for usage)')
    .configureOutput({
      writeOut: (s) => {
        io.out(s);
      },
      writeErr: (s) => {
        io.err(s);
      },
      outputError: (s, write) => {
        write(s);
      },
    });
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok, 1 problems found (invalid case, plan errors), 2 usage error, 3 file or JSON error.',
  );
  for (const c of COMMANDS) c.register(program, io);
  return program;
}

/**
 * Runs the CLI on `argv` (arguments after the program name) and resolves to the exit code. Never calls
 * process.exit and never prints a stack trace for expected failures.
 */
export async function main(argv: readonly string[], io: CliIO = nodeIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CliError) {
      for (const p of e.problems) io.err(`${formatProblem(p)}\n`);
      return e.exitCode;
    }
    if (e instanceof CommanderError) {
      // Commander has already printed its message (or the help / version text).
      const shown = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return shown.includes(e.code) ? EXIT.ok : EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(
      `${formatProblem({
        what: `internal error: ${message}`,
        fix: 'this is a liftplan bug; please report it with the command you ran (set LIFTPLAN_DEBUG=1 for a stack trace)',
      })}\n`,
    );
    if (process.env['LIFTPLAN_DEBUG'] && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return EXIT.problems;
  }
}
