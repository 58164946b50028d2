import type { Command } from 'commander';
import { CliError, EXIT, type ExitCode, type Problem } from '../errors.js';
import type { CliIO } from '../io.js';
import { loadCase } from '../case-file.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('validate')
    .description('check case files against the case format; lists every problem with its JSON path')
    .argument('<files...>', 'case files (.case.json)')
    .action(async (files: string[]) => {
      const problems: Problem[] = [];
      let exitCode: ExitCode = EXIT.ok;
      for (const file of files) {
        try {
          const { caseFile } = await loadCase(io, file);
          const photos = caseFile.photos.map((p) => p.view).join(', ') || 'no photos';
          io.out(`ok: ${file} — case ${caseFile.caseId}, format ${caseFile.version}, ${photos}\n`);
        } catch (e) {
          if (!(e instanceof CliError)) throw e;
          problems.push(...e.problems);
          io.out(
            `invalid: ${file} — ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} (listed on stderr)\n`,
          );
          // A file that cannot be read or parsed outranks schema problems in the exit code.
          if (e.exitCode === EXIT.io || exitCode === EXIT.ok) exitCode = e.exitCode;
        }
      }
      if (exitCode !== EXIT.ok) throw new CliError(exitCode, problems);
    });
}
