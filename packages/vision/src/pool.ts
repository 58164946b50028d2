import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions, AnalyzeResult } from './analyze.js';
import { VisionError, type VisionErrorInfo } from './errors.js';

/** Options a pooled job carries (the detector lives in the worker). */
export type PoolJobOptions = Omit<AnalyzeOptions, 'detector'>;

export interface PoolRequest {
  readonly id: number;
  readonly input: string | Uint8Array;
  readonly options: PoolJobOptions;
}

export type PoolMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly error: VisionErrorInfo }
  | { readonly type: 'result'; readonly id: number; readonly result: AnalyzeResult };

/** What the pool needs from a worker, thread or process alike. */
interface Endpoint {
  send(req: PoolRequest, transfer: ArrayBuffer[]): void;
  onMessage(h: (m: PoolMessage) => void): void;
  onError(h: (e: Error) => void): void;
  stop(): Promise<void>;
}

interface Slot {
  readonly endpoint: Endpoint;
  busy: boolean;
}

interface Job {
  readonly request: PoolRequest;
  resolve(r: AnalyzeResult): void;
  reject(e: unknown): void;
}

/**
 * `process` (default): forked Node processes. `thread`: worker_threads. On the 2-core box with 12-MP photos
 * one worker does 8–9 photos/s; two processes 12–14.6/s and two threads 12.5–13.5/s (box shared with other
 * jobs, so noisy). Processes are the default: at least as fast, and a crash in native code (libvips,
 * wasm) takes down one worker, not the caller.
 */
export type PoolKind = 'process' | 'thread';

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = (): URL => new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url);

/**
 * Run from TypeScript sources (tests, tsx) the worker is `pool-worker.ts` and needs tsx's loader: a child
 * process gets it through `--import tsx`; a thread through a small bootstrap (loader flags in a thread's
 * `execArgv` do not take effect). From the built package it is `pool-worker.js`, started directly.
 */
function startThread(): Endpoint {
  let worker: Worker;
  if (!fromSource) {
    worker = new Worker(workerFile());
  } else {
    // The ESM entry of tsx's API (require.resolve gives the CommonJS one, which cannot register ESM hooks).
    const tsxApi = pathToFileURL(
      createRequire(import.meta.url)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerFile().href)}); });`;
    worker = new Worker(bootstrap, { eval: true, execArgv: ['--conditions', 'source'] });
  }
  return {
    send: (req, transfer) => {
      worker.postMessage(req, transfer);
    },
    onMessage: (h) => worker.on('message', h),
    onError: (h) => worker.on('error', h),
    stop: async () => {
      await worker.terminate();
    },
  };
}

function startProcess(): Endpoint {
  const child = fork(fileURLToPath(workerFile()), [], {
    execArgv: fromSource ? ['--import', 'tsx', '--conditions', 'source'] : [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // A worker runs one photo at a time: one libuv thread is enough for its sharp calls and file reads (the
    // default 4 would only add idle threads and memory); the caller's setting wins.
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '1' },
  });
  return {
    send: (req) => {
      child.send(req);
    },
    onMessage: (h) =>
      child.on('message', (m: PoolMessage) => {
        h(m);
      }),
    onError: (h) => {
      child.on('error', h);
      child.on('exit', (code, signal) => {
        if (code !== 0 && signal !== 'SIGTERM') {
          h(new Error(`analysis worker exited (${signal ?? `code ${code}`})`));
        }
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => {
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export class AnalyzePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly pending = new Map<number, Job>();
  private nextId = 1;
  private closed = false;

  private constructor() {}

  static async create(
    size = Math.min(2, availableParallelism()),
    kind: PoolKind = 'process',
  ): Promise<AnalyzePool> {
    const pool = new AnalyzePool();
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const endpoint = kind === 'process' ? startProcess() : startThread();
      const slot: Slot = { endpoint, busy: true };
      pool.slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          endpoint.onMessage((m) => {
            if (m.type === 'ready') {
              slot.busy = false;
              resolve();
              pool.pump();
            } else if (m.type === 'init-error') {
              reject(new VisionError(m.error.code, m.error.reason));
            } else {
              const job = pool.pending.get(m.id);
              pool.pending.delete(m.id);
              slot.busy = false;
              job?.resolve(m.result);
              pool.pump();
            }
          });
          endpoint.onError((e) => {
            reject(e);
            for (const [id, job] of pool.pending) {
              job.reject(e);
              pool.pending.delete(id);
            }
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  analyze(input: string | Buffer, options: PoolJobOptions = {}): Promise<AnalyzeResult> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    const id = this.nextId++;
    // Buffers are copied into a fresh Uint8Array so the caller's buffer stays usable.
    const payload = typeof input === 'string' ? input : new Uint8Array(input);
    return new Promise<AnalyzeResult>((resolve, reject) => {
      this.queue.push({ request: { id, input: payload, options }, resolve, reject });
      this.pump();
    });
  }

  /** Analyses many inputs; `onDone` is called as each finishes (for progress bars). Order is preserved. */
  async analyzeAll(
    inputs: readonly (string | Buffer)[],
    options: PoolJobOptions = {},
    onDone?: (done: number, total: number, result: AnalyzeResult) => void,
  ): Promise<AnalyzeResult[]> {
    let done = 0;
    return Promise.all(
      inputs.map(async (input) => {
        const r = await this.analyze(input, options);
        done++;
        onDone?.(done, inputs.length, r);
        return r;
      }),
    );
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = true;
      this.pending.set(job.request.id, job);
      const transfer = typeof job.request.input === 'string' ? [] : [job.request.input.buffer as ArrayBuffer];
      slot.endpoint.send(job.request, transfer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.endpoint.stop()));
  }
}
