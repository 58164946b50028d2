import path from 'node:path';
import type { Command } from 'commander';
import { checkDatabaseFile, restore } from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import { fileExists, type CliIO } from '../io.js';
import { describeCheck } from './backup.js';
import { serverConfig, serverWork } from './serve.js';

export function register(program: Command, io: CliIO): void {
  program
    .command('restore')
    .description(
      'replace the embedded SQLite database with a verified backup (stop the server first); prints the integrity and audit-chain check',
    )
    .argument('<file>', 'backup file made by "liftplan backup"')
    .action(async (file: string) => {
      const config = serverConfig(io);
      const from = path.resolve(io.cwd, file);
      if (!(await fileExists(from))) {
        throw new CliError(EXIT.io, { what: 'backup file not found', where: file, fix: 'check the path' });
      }
      const check = await serverWork(() => checkDatabaseFile(from), file);
      io.out(`${file}: ${describeCheck(check)}\n`);
      await serverWork(() => restore(config, from), file);
      io.out(
        `restored ${file} into ${config.database.kind === 'sqlite' ? config.database.file : 'the database'}\n`,
      );
    });
}
