import type { Command } from 'commander';
import { startWorker } from '@liftplan/server';
import { CliError, EXIT } from '../errors.js';
import type { CliIO } from '../io.js';
import { loadDetector, serverConfig, serverWork, type ServeIO } from './serve.js';

interface WorkerOptions {
  workers?: string;
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

export function register(program: Command, io: CliIO): void {
  program
    .command('worker')
    .description(
      'run job workers only (photo analyses, PDF renders) from the PostgreSQL job queue, beside "liftplan serve" processes; same configuration as the server (DATABASE_URL required)',
    )
    .option('--workers <n>', 'jobs of each kind at once in this process (default: JOB_WORKERS or 1)')
    .action(async (opts: WorkerOptions) => {
      const config = serverConfig(io, { JOB_WORKERS: opts.workers });
      if (config.database.kind !== 'postgres') {
        throw new CliError(EXIT.usage, {
          what: 'a separate worker process needs the PostgreSQL job queue (DATABASE_URL)',
          fix: 'with the embedded SQLite database the server runs the jobs: liftplan serve --workers N',
        });
      }
      if (config.jobWorkers < 1) {
        throw new CliError(EXIT.usage, {
          what: 'a worker process needs at least one worker',
          fix: '--workers 1 or more',
        });
      }
      const sio: CliIO & ServeIO = io;
      const detector = await loadDetector(sio, config.jobWorkers);
      const running = await serverWork(async () => {
        try {
          return await startWorker(config, { detector });
        } catch (e) {
          await detector.close();
          throw e;
        }
      });
      io.out(
        `liftplan worker: ${config.jobWorkers} job worker(s) on the PostgreSQL queue; photos: ${running.store.describe()}\n`,
      );
      io.out('stop with Ctrl-C\n');
      const signal = await (sio.untilStopped ?? untilSignal)();
      io.out(`${signal}: stopping…\n`);
      await running.close();
      io.out('stopped\n');
    });
}
