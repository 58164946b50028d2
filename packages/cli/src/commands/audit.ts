import path from 'node:path';
import type { Command } from 'commander';
import { AuditKeyError, auditKeygen, auditLog, auditVerify, SYSTEM_CHAIN } from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

/** Most rows `audit log` prints at once. */
const LOG_LIMIT_MAX = 10_000;
const LOG_LIMIT_DEFAULT = 50;

export function register(program: Command, io: CliIO): void {
  const audit = program.command('audit').description('the hash-chained audit log (one chain per clinic)');
  audit
    .command('verify')
    .description(
      'recompute every audit chain (each clinic, the system) from the checkpoint, with the HMAC key when set; exit 1 naming the clinic and row',
    )
    .action(async () => {
      const config = serverConfig(io);
      const { verification: v, notes } = await serverWork(() => auditVerify(config));
      for (const n of notes) io.out(`${n}\n`);
      for (const c of v.chains) {
        const keyed =
          c.head?.macFrom !== undefined
            ? `, keyed from row ${c.head.macFrom}`
            : c.unkeyed
              ? ', not keyed yet'
              : '';
        io.out(
          c.ok
            ? `${c.label}: ok, ${c.count} rows verified, head row ${c.head?.seq ?? 0}${keyed}\n`
            : `${c.label}: BROKEN at row ${c.problem?.row ?? '?'}\n`,
        );
      }
      if (!v.ok) {
        io.out(`audit log BROKEN: ${v.count} events verified before seq ${v.firstBrokenSeq}\n`);
        throw new CliError(EXIT.problems, {
          what: `the audit log is broken: ${v.reason}`,
          fix: 'restore the last verified backup and keep this database for investigation',
        });
      }
      io.out(`audit log ok: ${v.count} events in ${v.chains.length} chains\n`);
    });
  audit
    .command('keygen')
    .description(
      'write a new HMAC key for the audit chain (32 random bytes, mode 0600); set AUDIT_HMAC_KEY_FILE to it',
    )
    .argument('<file>', 'new key file (must not exist); keep it outside the database and its backups')
    .action((file: string) => {
      const target = path.resolve(io.cwd, file);
      try {
        auditKeygen(target);
      } catch (e) {
        if (e instanceof AuditKeyError) throw new CliError(EXIT.io, { what: e.message, where: file });
        throw e;
      }
      io.out(
        `wrote ${file}: set AUDIT_HMAC_KEY_FILE=${target}; the next start keys every chain from its next row\n`,
      );
    });
  audit
    .command('log')
    .description('the operator’s view of one chain, newest first: the system chain, or a clinic’s')
    .option('--system', 'the system chain (start, migrations, restored triggers, sign-ins of no clinic)')
    .option('--clinic <id>', 'a clinic’s chain (its organisation id)')
    .option('--limit <n>', `rows (1-${LOG_LIMIT_MAX})`, String(LOG_LIMIT_DEFAULT))
    .action(async (opts: { system?: boolean; clinic?: string; limit: string }) => {
      if (Boolean(opts.system) === (opts.clinic !== undefined)) {
        throw new CliError(EXIT.usage, { what: 'choose one chain', fix: 'pass --system or --clinic ID' });
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > LOG_LIMIT_MAX) {
        throw new CliError(EXIT.usage, { what: `--limit must be a whole number from 1 to ${LOG_LIMIT_MAX}` });
      }
      const config = serverConfig(io);
      const rows = await serverWork(() => auditLog(config, opts.clinic ?? SYSTEM_CHAIN, limit));
      for (const r of rows) {
        io.out(
          `${String(r.chain_seq)}\t${r.at}\t${r.actor}\t${r.action}\t${r.entity}\t${r.entity_id ?? '-'}\t${r.outcome}\t${r.detail ?? ''}\n`,
        );
      }
    });
}
