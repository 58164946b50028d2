import type { Command } from 'commander';
import { caseJsonSchema } from '@liftplan/domain';
import type { CliIO } from '../io.js';
import { writeText } from '../case-file.js';

/** The committed docs/case.schema.json is exactly this text (a test checks it). */
export function caseSchemaText(): string {
  return `${JSON.stringify(caseJsonSchema(), null, 2)}\n`;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('schema')
    .description('print the case-file format as JSON Schema (draft 2020-12)')
    .option('-o, --out <file>', 'write it to a file instead of standard output')
    .action(async (opts: { out?: string }) => {
      const text = caseSchemaText();
      if (opts.out === undefined) {
        io.out(text);
        return;
      }
      await writeText(io, opts.out, text, 'schema file');
      io.out(`wrote ${opts.out}\n`);
    });
}
