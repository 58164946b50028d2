import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImageOptions } from './assets.js';
import type { RenderOptions, ReportKind } from './render.js';
import type { Audience, Locale, ReportInput } from './types.js';

/** A job sent to a render worker: the plain input (structured clone), photo bytes transferred. */
export interface RenderRequest {
  readonly id: number;
  readonly input: ReportInput;
  readonly kind: ReportKind;
  readonly locale: Locale;
  readonly options: RenderOptions;
}

export type RenderReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly pdf: Uint8Array }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };

/**
 * Why a pooled render did not produce a PDF. `crashed`: the worker died (out of memory, a native fault, an
 * exit) while rendering; it has been replaced. `failed`: the renderer threw (reported with its message).
 * `closed`: the pool was shut down.
 */
export class RenderPoolError extends Error {
  readonly reason: 'crashed' | 'failed' | 'closed';
  constructor(reason: 'crashed' | 'failed' | 'closed', message: string) {
    super(message);
    this.name = 'RenderPoolError';
    this.reason = reason;
  }
}

export interface RenderPoolOptions {
  /** Worker threads (default 1: one render at a time is ~0.3 s of one core). */
  readonly size?: number;
  /** The worker module (tests substitute one); default the package's own render worker. */
  readonly workerUrl?: URL;
  readonly imageOptions?: ImageOptions;
}

const fromSource = import.meta.url.endsWith('.ts');
export const RENDER_WORKER_URL = new URL(
  fromSource ? './render-worker.ts' : './render-worker.js',
  import.meta.url,
);

/**
 * Built (`dist/render-worker.js`) the worker starts directly. From TypeScript sources (vitest, tsx) it needs
 * tsx's loader and the `source` export condition: loader flags in a thread's `execArgv` do not take effect, so
 * a small bootstrap registers tsx and then imports the worker.
 */
function spawn(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) {
    return new Worker(url, { execArgv: withoutSourceCondition(process.execArgv) });
  }
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: ['--conditions', 'source'] });
}

/** Workers that die before they are ready, in a row, before the pool gives up restarting them. */
const MAX_FAILED_STARTS = 3;

/**
 * A built worker loads built packages: a `source` condition inherited from the parent (a test runner started
 * with `--conditions source`) would resolve @liftplan/* to TypeScript files it cannot load.
 */
function withoutSourceCondition(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if ((a === '--conditions' || a === '-C') && argv[i + 1] === 'source') i++;
    else if (a !== '--conditions=source') out.push(a);
  }
  return out;
}

interface Job {
  readonly request: RenderRequest;
  readonly transfer: ArrayBuffer[];
  resolve(pdf: Buffer): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | undefined;
}

/** A Uint8Array that owns its whole ArrayBuffer can be transferred; anything else is copied first. */
function transferable(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole && bytes.buffer instanceof ArrayBuffer ? bytes : new Uint8Array(bytes);
}

/**
 * `renderReport` in a small pool of worker threads, so building a PDF (layout, font subsetting, image
 * compositing: ~0.3 s) never blocks the caller's event loop. Jobs queue when every worker is busy. A worker
 * that dies is replaced at once; the job it was running fails with `RenderPoolError('crashed')` and queued
 * jobs go to the replacement. Photo bytes are transferred, not copied: the caller's buffers are detached
 * (pass copies if they are still needed).
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly workerUrl: URL;
  private readonly imageOptions: ImageOptions;
  private nextId = 1;
  private closed = false;
  private failedStarts = 0;
  private broken: RenderPoolError | undefined;
  /** Workers replaced after a crash (for logs and tests). */
  replaced = 0;

  constructor(options: RenderPoolOptions = {}) {
    this.workerUrl = options.workerUrl ?? RENDER_WORKER_URL;
    this.imageOptions = options.imageOptions ?? {};
    const size = Math.max(1, Math.min(options.size ?? 1, 4));
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Workers rendering right now. */
  get busy(): number {
    return this.slots.filter((s) => s.job !== undefined).length;
  }

  /** The current worker threads (diagnostics; tests stop one to check recovery). */
  get workers(): readonly Worker[] {
    return this.slots.map((s) => s.worker);
  }

  render(
    input: ReportInput,
    kind: ReportKind,
    locale: Locale,
    audience: Audience = 'patient',
  ): Promise<Buffer> {
    if (this.closed) return Promise.reject(new RenderPoolError('closed', 'the PDF renderer is shut down'));
    if (this.broken) return Promise.reject(this.broken);
    const photos = (input.photos ?? []).map((p) => ({ view: p.view, bytes: transferable(p.bytes) }));
    const transfer = photos.map((p) => p.bytes.buffer as ArrayBuffer);
    const request: RenderRequest = {
      id: this.nextId++,
      input: { ...input, photos },
      kind,
      locale,
      options: { ...this.imageOptions, audience },
    };
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new RenderPoolError('closed', 'the PDF renderer is shut down');
    for (const job of this.queue.splice(0)) job.reject(err);
    await Promise.all(
      this.slots.map(async (s) => {
        s.job?.reject(err);
        s.job = undefined;
        await s.worker.terminate();
      }),
    );
  }

  private start(): Slot {
    const slot: Slot = { worker: spawn(this.workerUrl), ready: false, job: undefined };
    const w = slot.worker;
    w.on('message', (m: RenderReply) => {
      if (m.type === 'ready') {
        slot.ready = true;
        this.failedStarts = 0;
        this.pump();
        return;
      }
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        if (m.type === 'done') job.resolve(Buffer.from(m.pdf.buffer, m.pdf.byteOffset, m.pdf.byteLength));
        else job.reject(new RenderPoolError('failed', `the PDF could not be rendered: ${m.message}`));
      }
      this.pump();
    });
    // 'error' (an uncaught exception, out of memory) is followed by 'exit'; handle the death once, on exit.
    let lastError = '';
    w.on('error', (e) => {
      lastError = e.message;
    });
    w.once('exit', (code) => {
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      const job = slot.job;
      slot.job = undefined;
      job?.reject(
        new RenderPoolError(
          'crashed',
          `the PDF renderer stopped (exit code ${code}${lastError ? `: ${lastError}` : ''}) and was restarted`,
        ),
      );
      if (!slot.ready) this.failedStarts++;
      if (this.failedStarts >= MAX_FAILED_STARTS) {
        // The worker cannot even start (a broken build?): stop restarting and fail fast from now on.
        this.broken = new RenderPoolError(
          'crashed',
          `the PDF renderer cannot start${lastError ? ` (${lastError})` : ''}`,
        );
        for (const queued of this.queue.splice(0)) queued.reject(this.broken);
        return;
      }
      this.replaced++;
      this.slots[i] = this.start();
    });
    return slot;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      slot.worker.postMessage(job.request, job.transfer);
    }
  }
}
