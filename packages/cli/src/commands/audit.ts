import type { Command } from 'commander';
import { auditVerify } from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

export function register(program: Command, io: CliIO): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('recompute the audit log’s hash chain; exit 1 naming the first broken row')
    .action(async () => {
      const config = serverConfig(io);
      const v = await serverWork(() => auditVerify(config));
      if (!v.ok) {
        io.out(`audit chain BROKEN: ${v.count} events verified before seq ${v.firstBrokenSeq}\n`);
        throw new CliError(EXIT.problems, {
          what: `the audit chain is broken at seq ${v.firstBrokenSeq}: ${v.reason}`,
          fix: 'restore the last verified backup and keep this database for investigation',
        });
      }
      io.out(`audit chain ok: ${v.count} events, last hash ${v.lastHash}\n`);
    });
}
