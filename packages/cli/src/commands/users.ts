import type { Command } from 'commander';
import { ROLES, usersAdd, usersPasswd, usersRevoke, usersSetDisabled, type Role } from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { serverConfig, serverWork } from './serve.js';

/** Standard input, read to its end; tests pass their own `readStdin`. */
export interface StdinIO {
  readStdin?(): Promise<string>;
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** The password from standard input (never the command line): one trailing line break is not part of it. */
export async function passwordFromStdin(
  io: CliIO,
  enabled: boolean | undefined,
  command: string,
  group = 'users',
): Promise<string> {
  if (!enabled) {
    throw new CliError(EXIT.usage, {
      what: 'no password source given',
      fix: `pass --password-stdin and pipe the password in, e.g. printf %s "$PASSWORD" | liftplan ${group} ${command} … --password-stdin (passwords on the command line end up in shell history and process lists)`,
    });
  }
  const sio: CliIO & StdinIO = io;
  if (!sio.readStdin && process.stdin.isTTY) {
    io.err('type the password, then press Enter and Ctrl-D:\n');
  }
  const password = (await (sio.readStdin ?? readProcessStdin)()).replace(/\r?\n$/, '');
  if (password.length === 0) {
    throw new CliError(EXIT.usage, {
      what: 'the password read from standard input is empty',
      fix: `pipe the password in: printf %s "$PASSWORD" | liftplan ${group} ${command} … --password-stdin`,
    });
  }
  return password;
}

interface AddOptions {
  email: string;
  name: string;
  role: string;
  passwordStdin?: boolean;
  clinic?: string;
  clinicId?: string;
}

export function register(program: Command, io: CliIO): void {
  const users = program.command('users').description('manage the clinic server’s users');
  users
    .command('add')
    .description(
      'add a user; the first user must be an admin and creates the clinic. The password is read from standard input (never from the command line): printf %s "$PASSWORD" | liftplan users add …',
    )
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .requiredOption('--name <name>', 'name shown in the app and on signed plans')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-stdin', 'read the password from standard input (required)')
    .option('--clinic <name>', 'clinic name, when this first user creates the clinic', 'Clinic')
    .option(
      '--clinic-id <id>',
      'the clinic (required when the database holds several: liftplan clinics list)',
    )
    .action(async (opts: AddOptions) => {
      if (!isRole(opts.role)) {
        throw new CliError(EXIT.usage, {
          what: `unknown role "${opts.role}"`,
          fix: `use --role ${ROLES.join(' | ')}`,
        });
      }
      const role: Role = opts.role;
      const config = serverConfig(io);
      const password = await passwordFromStdin(io, opts.passwordStdin, 'add');
      const user = await serverWork(() =>
        usersAdd(
          config,
          { email: opts.email, displayName: opts.name, role, password },
          opts.clinic,
          opts.clinicId,
        ),
      );
      io.out(`added ${user.role} ${user.email} (${user.displayName}), id ${user.id}\n`);
    });

  users
    .command('disable')
    .description(
      'refuse sign-in for a user and end every session of theirs (records stay, attributed to them)',
    )
    .requiredOption('--email <email>', 'the user')
    .action(async (opts: { email: string }) => {
      const config = serverConfig(io);
      const u = await serverWork(() => usersSetDisabled(config, opts.email, true), opts.email);
      io.out(`disabled ${u.email}; their sessions are ended\n`);
    });
  users
    .command('enable')
    .description('allow a disabled user to sign in again')
    .requiredOption('--email <email>', 'the user')
    .action(async (opts: { email: string }) => {
      const config = serverConfig(io);
      const u = await serverWork(() => usersSetDisabled(config, opts.email, false), opts.email);
      io.out(`enabled ${u.email}\n`);
    });
  users
    .command('passwd')
    .description(
      'set a user\'s new password, read from standard input; every session of that user ends: printf %s "$PASSWORD" | liftplan users passwd --email E --password-stdin',
    )
    .requiredOption('--email <email>', 'the user')
    .option('--password-stdin', 'read the password from standard input (required)')
    .action(async (opts: { email: string; passwordStdin?: boolean }) => {
      const config = serverConfig(io);
      const password = await passwordFromStdin(io, opts.passwordStdin, 'passwd');
      const u = await serverWork(() => usersPasswd(config, opts.email, password), opts.email);
      io.out(`new password set for ${u.email}; their sessions are ended\n`);
    });
  users
    .command('revoke')
    .description('end every session of a user (a lost tablet, a shared password)')
    .requiredOption('--email <email>', 'the user')
    .action(async (opts: { email: string }) => {
      const config = serverConfig(io);
      const n = await serverWork(() => usersRevoke(config, opts.email), opts.email);
      io.out(`ended ${n} session${n === 1 ? '' : 's'} of ${opts.email}\n`);
    });
}
