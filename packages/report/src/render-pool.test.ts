import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportInput, THREE_VIEWS } from '../bench/fixture.js';
import type * as ReportModule from './index.js';
import { renderReport } from './render.js';
import { RenderPool, RenderPoolError } from './render-pool.js';
import type { ReportInput } from './types.js';

const CRASH_WORKER = new URL('../test-fixtures/crash-worker.mjs', import.meta.url);

describe('RenderPool (worker threads)', () => {
  let input: ReportInput;
  let pool: RenderPool;
  beforeAll(async () => {
    input = await reportInput({ photoViews: THREE_VIEWS });
    pool = new RenderPool({ size: 1 });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('renders the same PDF text as renderReport on the main thread, and keeps the event loop free', async () => {
    await pool.render(withCopiedPhotos(input), 'consultation', 'en'); // warm-up: worker start, fonts
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    const t0 = performance.now();
    const pdf = await pool.render(withCopiedPhotos(input), 'consultation', 'en');
    const viaWorker = performance.now() - t0;
    h.disable();
    const t1 = performance.now();
    const { pdf: direct } = await renderReport(input, 'consultation', 'en');
    const onMain = performance.now() - t1;
    console.info(
      `consultation report: worker ${viaWorker.toFixed(0)} ms, main thread ${onMain.toFixed(0)} ms`,
    );

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(pdf)).toBe(pdfText(direct));
    // The longest event-loop stall while the worker rendered stays far below the render time.
    expect(h.max / 1e6).toBeLessThan(Math.max(50, onMain / 3));
  });

  it('transfers the photo bytes (the caller keeps no copy) and returns an independent Buffer', async () => {
    const copy = withCopiedPhotos(input);
    const bytes = copy.photos?.[0]?.bytes;
    const pdf = await pool.render(copy, 'aftercare', 'ko');
    expect(bytes?.byteLength).toBe(0); // detached by the transfer
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('replaces a crashed worker: the running job fails with "crashed", the next ones succeed', async () => {
    const p = new RenderPool({ size: 1, workerUrl: CRASH_WORKER });
    try {
      const named = (name: string): ReportInput => ({ ...input, photos: [], clinic: { name } });
      const queued = p.render(named('ok'), 'consultation', 'en');
      const crash = p.render(named('crash'), 'consultation', 'en');
      const after = p.render(named('ok'), 'aftercare', 'ko');
      expect((await queued).toString()).toBe('%PDF-fake consultation en 0');
      const e: unknown = await crash.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RenderPoolError);
      expect((e as RenderPoolError).reason).toBe('crashed');
      expect((e as RenderPoolError).message).toMatch(/stopped \(exit code 70\) and was restarted/);
      expect((await after).toString()).toBe('%PDF-fake aftercare ko 0');
      expect(p.replaced).toBe(1);
      const failed: unknown = await p.render(named('throw'), 'consultation', 'en').catch((x: unknown) => x);
      expect(failed).toMatchObject({ reason: 'failed', message: 'the PDF could not be rendered: boom' });
    } finally {
      await p.close();
    }
    await expect(p.render(input, 'consultation', 'en')).rejects.toMatchObject({ reason: 'closed' });
  });

  it('gives up restarting a worker that cannot start, and fails fast', async () => {
    const p = new RenderPool({ workerUrl: new URL('../test-fixtures/no-such-worker.mjs', import.meta.url) });
    try {
      await expect(p.render(input, 'consultation', 'en')).rejects.toMatchObject({ reason: 'crashed' });
      await expect(p.render(input, 'consultation', 'en')).rejects.toThrow('the PDF renderer cannot start');
    } finally {
      await p.close();
    }
  });
});

describe('RenderPool from the build (dist)', () => {
  const distIndex = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  const distWorker = fileURLToPath(new URL('../dist/render-worker.js', import.meta.url));

  it('ships dist/render-worker.js next to the pool, and renders through it (run `npx tsc -b` first)', async () => {
    expect(existsSync(distWorker), `${distWorker} is missing: build with npx tsc -b`).toBe(true);
    const dist = (await import(distIndex)) as typeof ReportModule;
    expect(fileURLToPath(dist.RENDER_WORKER_URL)).toBe(distWorker);
    const p = new dist.RenderPool();
    try {
      const input = await reportInput();
      const pdf = await p.render(input, 'aftercare', 'en');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await p.close();
    }
  });
});

function withCopiedPhotos(input: ReportInput): ReportInput {
  return { ...input, photos: (input.photos ?? []).map((p) => ({ ...p, bytes: new Uint8Array(p.bytes) })) };
}

function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-pool-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    // Creation dates differ between the two renders; the text does not.
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
