import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  AppError,
  ConfigError,
  configOrThrow,
  DEMO_PASSWORD,
  serve,
  visionDetector,
  type Config,
  type LandmarkDetector,
} from '@liftplan/server';
import { CliError, EXIT, formatProblem, type Problem } from '../errors.js';
import type { CliIO } from '../io.js';

/*
 * Shared by the server commands (serve, users, backup, restore, audit): configuration from the environment
 * and the mapping of the server's expected errors to CLI problems.
 */

/** The validated server configuration (env + flag overrides); every problem listed, exit code 2. */
export function serverConfig(
  io: CliIO,
  overrides: Readonly<Record<string, string | undefined>> = {},
): Config {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = v;
  try {
    return configOrThrow(env, io.cwd);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    throw new CliError(
      EXIT.usage,
      e.errors.map((what) => ({
        what: `invalid configuration: ${what}`,
        fix: 'fix the environment variable (or the flag) named here; see README.md "Configuration"',
      })),
    );
  }
}

/**
 * The server's expected failures (AppError: wrong input, conflicts) and file-system errors become CLI
 * problems; anything else stays an internal error.
 */
export function asCliError(e: unknown, where?: string): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof AppError) {
    const problems: Problem[] =
      e.fields?.map((f) => ({ what: `${e.message}: ${f.message}`, where: f.path || where })) ?? [];
    return new CliError(
      EXIT.problems,
      problems.length > 0 ? problems : [{ what: e.message, ...(where ? { where } : {}) }],
    );
  }
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') {
    if (
      [
        'ENOENT',
        'EACCES',
        'EPERM',
        'EISDIR',
        'ENOTDIR',
        'EEXIST',
        'SQLITE_CANTOPEN',
        'SQLITE_NOTADB',
      ].includes(e.code)
    ) {
      return new CliError(EXIT.io, {
        what: e.code === 'SQLITE_NOTADB' ? 'not a database file' : `cannot open the file (${e.code})`,
        ...(where ? { where } : {}),
        fix: 'check the path and permissions',
      });
    }
  }
  return e;
}

/** Runs `work`, turning expected server errors into CLI problems. */
export async function serverWork<T>(work: () => Promise<T>, where?: string): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw asCliError(e, where);
  }
}

const DEMO_PHOTO = path.join('packages', 'vision', 'test-fixtures', 'astronaut.png');

/**
 * The repository root: the nearest ancestor of this file (src/commands or dist/commands) or of the working
 * directory that holds the demo photo. Undefined for an installed CLI outside the repository.
 */
export function findRepoRoot(cwd: string): string | undefined {
  for (const start of [import.meta.dirname, cwd]) {
    let dir = path.resolve(start);
    for (;;) {
      if (existsSync(path.join(dir, DEMO_PHOTO))) return dir;
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/** Resolves when the process is asked to stop (SIGINT, SIGTERM); tests pass their own `untilStopped`. */
export interface ServeIO {
  untilStopped?(): Promise<string>;
  /** The landmark detector; the real face mesh unless a test passes one. */
  detector?(): Promise<LandmarkDetector>;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

interface ServeOptions {
  port?: string;
  host?: string;
  workers?: string;
  demo: boolean;
}

/** The embedded database belongs to one process: its jobs can only run in the server. */
export function refuseNoWorkersOnSqlite(config: Config): void {
  if (config.database.kind === 'sqlite' && config.jobWorkers === 0) {
    throw new CliError(EXIT.usage, {
      what: '--workers 0 leaves the jobs to "liftplan worker" processes, which need PostgreSQL (DATABASE_URL)',
      fix: 'with the embedded SQLite database run the jobs in the server: --workers 1 or more',
    });
  }
}

/** The face-landmark detector for `workers` job workers (a model pool of that size), or a CLI problem. */
export async function loadDetector(sio: ServeIO, workers: number): Promise<LandmarkDetector> {
  try {
    return await (sio.detector ?? (() => visionDetector(Math.max(1, workers), 'thread')))();
  } catch (e) {
    throw new CliError(EXIT.problems, {
      what: `the face-landmark models could not be loaded: ${e instanceof Error ? e.message : String(e)}`,
      fix: 'run "npm ci" in the repository (the models come with @vladmandic/human)',
    });
  }
}

export function register(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description(
      'run the clinic server (API and web app); with --demo it creates the demo clinic on an empty database. Configuration: PORT, HOST, DATA_DIR, DATABASE_URL, LOG_LEVEL (README.md)',
    )
    .option('--port <port>', 'port to listen on (default: PORT or 3000; 0 picks a free port)')
    .option('--host <address>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option(
      '--workers <n>',
      'job workers in this process: analyses and PDF renders at once (default: JOB_WORKERS or 1; 0 = serve only, with PostgreSQL and "liftplan worker")',
    )
    .option(
      '--demo',
      'create the demo clinic (published passwords, demo patient) on an empty database; refused when NODE_ENV=production',
      false,
    )
    .action(async (opts: ServeOptions) => {
      const config = serverConfig(io, { PORT: opts.port, HOST: opts.host, JOB_WORKERS: opts.workers });
      refuseNoWorkersOnSqlite(config);
      // Demo accounts share one published password: never on a production server, only when asked for.
      if (opts.demo && config.env === 'production') {
        throw new CliError(EXIT.usage, {
          what: 'demo data is never created on a production server (NODE_ENV=production)',
          fix: 'drop --demo and add the first admin with "liftplan users add --role admin --password-stdin"',
        });
      }
      const sio: CliIO & ServeIO = io;
      const root = findRepoRoot(io.cwd);
      const demoPhoto = opts.demo && root ? path.join(root, DEMO_PHOTO) : undefined;
      if (opts.demo && !demoPhoto) {
        io.err(
          `${formatProblem({ what: 'the demo photo was not found, so no demo clinic is created', fix: 'run from the liftplan repository, or add users with "liftplan users add"' }, 'warning')}\n`,
        );
      }
      // Serving only: the models are loaded by the worker processes.
      const detector = config.jobWorkers > 0 ? await loadDetector(sio, config.jobWorkers) : undefined;
      const webDir = root ? path.join(root, 'packages', 'web', 'dist') : undefined;
      const { server, demo, users } = await serverWork(async () => {
        try {
          return await serve(config, {
            ...(detector ? { detector } : {}),
            ...(demoPhoto ? { demoPhoto } : {}),
            ...(webDir ? { webDir } : {}),
          });
        } catch (e) {
          await detector?.close();
          throw e;
        }
      });
      const url = server.url ?? '';
      io.out(`liftplan is running at ${url}  (API docs: ${url}/api/docs)\n`);
      io.out(
        `database: ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL (DATABASE_URL)'}; photos: ${server.store.describe()}\n`,
      );
      if (demo && demo.logins.length > 0) {
        io.out(
          `${demo.created ? 'demo clinic created. ' : ''}demo sign-in: ${demo.logins.join(', ')} with the password "${DEMO_PASSWORD}" (demo data only)\n`,
        );
      }
      if (users === 0) {
        io.out(
          'no users yet: add the first admin with "liftplan users add --email E --name N --role admin --password-stdin"\n',
        );
      }
      if (!server.webServed) {
        io.out(
          'web app not built (packages/web/dist missing): serving the API only; run "npm start" to build it\n',
        );
      }
      io.out(
        config.jobWorkers > 0
          ? `job workers: ${config.jobWorkers} (analyses, PDF renders)\n`
          : 'job workers: none here (serve only; "liftplan worker" processes run the jobs)\n',
      );
      io.out('stop with Ctrl-C\n');
      const signal = await (sio.untilStopped ?? untilSignal)();
      io.out(`${signal}: stopping…\n`);
      await server.close();
      io.out('stopped\n');
    });
}
