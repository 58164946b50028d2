import type { Command } from 'commander';
import { clinicsAdd, clinicsList, clinicsSetDisabled, superadminAdd, type Clinic } from '@liftplan/server';
import type { CliIO } from '../io.js';
import { table } from '../table.js';
import { serverConfig, serverWork } from './serve.js';
import { passwordFromStdin } from './users.js';

/*
 * Clinics as tenants (issue 14 §1): the system's clinics and its super-admins. These commands act for the
 * whole system (audited as `system:cli`); a clinic's own users are managed with `liftplan users`.
 */

interface AddOptions {
  name: string;
  timeZone: string;
  adminEmail: string;
  adminName: string;
  passwordStdin?: boolean;
}

const clinicRow = (c: Clinic): string[] => [
  c.id,
  c.name,
  c.timeZone,
  c.disabled ? 'disabled' : 'active',
  c.createdAt,
];

export function register(program: Command, io: CliIO): void {
  const clinics = program.command('clinics').description('the clinics of this system (super-admin work)');
  clinics
    .command('add')
    .description(
      'add a clinic and its first admin; the admin’s password is read from standard input: printf %s "$PASSWORD" | liftplan clinics add … --password-stdin',
    )
    .requiredOption('--name <name>', 'the clinic’s name (printed on its patient documents)')
    .requiredOption('--time-zone <tz>', 'IANA time zone of its signatures and printed times, e.g. Asia/Seoul')
    .requiredOption('--admin-email <email>', 'sign-in e-mail of the clinic’s first admin')
    .requiredOption('--admin-name <name>', 'name of the first admin')
    .option('--password-stdin', 'read the admin’s password from standard input (required)')
    .action(async (opts: AddOptions) => {
      const config = serverConfig(io);
      const password = await passwordFromStdin(io, opts.passwordStdin, 'add', 'clinics');
      const r = await serverWork(() =>
        clinicsAdd(config, {
          name: opts.name,
          timeZone: opts.timeZone,
          admin: { email: opts.adminEmail, displayName: opts.adminName, password },
        }),
      );
      io.out(`added clinic ${r.clinic.name}, id ${r.clinic.id}; admin ${r.admin.email}, id ${r.admin.id}\n`);
    });
  clinics
    .command('list')
    .description('every clinic: id, name, time zone, state, created (no patient data)')
    .option('--json', 'as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = serverConfig(io);
      const list = await serverWork(() => clinicsList(config));
      if (opts.json) {
        io.out(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      io.out(`${table(['id', 'name', 'time zone', 'state', 'created'], list.map(clinicRow))}\n`);
    });
  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    clinics
      .command(verb)
      .description(
        disabled
          ? 'disable a clinic: its users cannot sign in and their sessions end; its records are kept'
          : 'enable a disabled clinic again',
      )
      .requiredOption('--id <id>', 'the clinic (liftplan clinics list)')
      .action(async (opts: { id: string }) => {
        const config = serverConfig(io);
        const c = await serverWork(() => clinicsSetDisabled(config, opts.id, disabled), opts.id);
        io.out(`${disabled ? 'disabled' : 'enabled'} clinic ${c.name} (${c.id})\n`);
      });
  }

  const superadmin = program
    .command('superadmin')
    .description('super-admins: run the system’s clinics, belong to none, see no patient data');
  superadmin
    .command('add')
    .description(
      'add a super-admin (signs in at /api/system/login); password from standard input: printf %s "$PASSWORD" | liftplan superadmin add … --password-stdin',
    )
    .requiredOption('--email <email>', 'sign-in e-mail')
    .requiredOption('--name <name>', 'name')
    .option('--password-stdin', 'read the password from standard input (required)')
    .action(async (opts: { email: string; name: string; passwordStdin?: boolean }) => {
      const config = serverConfig(io);
      const password = await passwordFromStdin(io, opts.passwordStdin, 'add', 'superadmin');
      const o = await serverWork(() =>
        superadminAdd(config, { email: opts.email, displayName: opts.name, password }),
      );
      io.out(`added super-admin ${o.email} (${o.displayName}), id ${o.id}\n`);
    });
}
