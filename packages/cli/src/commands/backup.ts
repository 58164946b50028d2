import path from 'node:path';
import type { Command } from 'commander';
import { backup, type BackupCheck } from '@liftplan/server';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

/** `integrity ok; audit chain ok (N events, last hash …)` or what is broken. */
export function describeCheck(check: BackupCheck): string {
  const audit = check.audit.ok
    ? `audit chain ok (${check.audit.count} events, last hash ${check.audit.lastHash})`
    : `audit chain BROKEN at seq ${check.audit.firstBrokenSeq}: ${check.audit.reason}`;
  return `integrity ${check.integrity}; ${audit}`;
}

export function register(program: Command, io: CliIO): void {
  program
    .command('backup')
    .description(
      'copy the embedded SQLite database to FILE (safe while the server runs) and verify the copy; copy DATA_DIR/photos alongside (rsync)',
    )
    .argument('<file>', 'new backup file (must not exist)')
    .action(async (file: string) => {
      const config = serverConfig(io);
      const target = path.resolve(io.cwd, file);
      const check = await serverWork(() => backup(config, target), file);
      io.out(`backed up to ${file}: ${describeCheck(check)}\n`);
      io.out(`keep the last hash with the backup: it shows later whether newer audit rows were cut off\n`);
    });
}
