import path from 'node:path';
import type { Command } from 'commander';
import {
  formatLintFinding,
  hasLintErrors,
  lintText,
  type LintFinding,
  type LintLocale,
} from '@liftplan/domain';
import { readText } from '../case-file.js';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';

interface LintTextOptions {
  lang?: string;
  json?: boolean;
}

const LOCALES: readonly LintLocale[] = ['auto', 'ko', 'en'];

function parseLocale(lang: string | undefined): LintLocale {
  const l = lang ?? 'auto';
  if ((LOCALES as readonly string[]).includes(l)) return l as LintLocale;
  throw new CliError(EXIT.usage, {
    what: `unknown language "${l}"`,
    fix: 'use --lang ko, --lang en or --lang auto',
  });
}

export function register(program: Command, io: CliIO): void {
  program
    .command('lint-text')
    .description(
      'check patient texts and blog posts against the Korean medical-advertising wording rules (Medical Service Act Art. 56, KMA criteria): banned terms, a plain statement of side effects, and the "results vary by person" notice',
    )
    .argument('<files...>', 'text files (UTF-8)')
    .option('--lang <lang>', 'ko, en or auto (both term lists)', 'auto')
    .option('--json', 'print the findings as JSON')
    .action(async (files: string[], opts: LintTextOptions) => {
      const locale = parseLocale(opts.lang);
      const results: { file: string; findings: LintFinding[] }[] = [];
      for (const file of files) {
        const text = await readText(io, file, 'text file');
        results.push({ file, findings: lintText(text, { locale }) });
      }
      if (opts.json) {
        io.out(`${JSON.stringify(results, null, 2)}\n`);
      } else {
        for (const { file, findings } of results) {
          const shown = path.normalize(file);
          if (findings.length === 0) {
            io.out(`${shown}: no problems found\n`);
            continue;
          }
          for (const f of findings) io.out(`${shown}:${formatLintFinding(f, 'en')}\n`);
          const errors = findings.filter((f) => f.severity === 'error').length;
          io.out(
            `${shown}: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'})\n`,
          );
        }
      }
      const failing = results.filter((r) => hasLintErrors(r.findings));
      if (failing.length > 0) {
        throw new CliError(EXIT.problems, {
          what: `wording problems in ${failing.length} file${failing.length === 1 ? '' : 's'}`,
          fix: 'rewrite the lines named above; every finding names its rule and legal basis',
        });
      }
    });
}
