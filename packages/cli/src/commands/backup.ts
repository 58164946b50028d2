import path from 'node:path';
import type { Command } from 'commander';
import { backup, type BackupCheck } from '@liftplan/server';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

/** `integrity ok; audit log ok (N events in K chains; heads …)` or what is broken. */
export function describeCheck(check: BackupCheck): string {
  const heads = check.audit.ok
    ? [...check.audit.heads].map(([c, h]) => `${c} row ${h.seq} ${h.hash}`).join(', ')
    : '';
  const audit = check.audit.ok
    ? `audit log ok (${check.audit.count} events in ${check.audit.chains.length} chains; heads: ${heads})`
    : `audit log BROKEN at seq ${check.audit.firstBrokenSeq}: ${check.audit.reason}`;
  return `integrity ${check.integrity}; ${audit}; ${check.checkpoint}`;
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
      io.out(
        `keep FILE.audit-checkpoint.json with the backup: a restore verifies the copy's audit log against it\n`,
      );
    });
}
