/**
 * Image decoding memory (issue 14 §5): resident memory of one process doing the server's work for 10 large
 * photos — the production detector (`visionDetector`: the face mesh in a worker thread, decode with
 * shrink-on-load) and the metadata-free derivative (`makeDerivative`) of each — with libvips' cache off and one
 * thread per operation (`boundImageMemory`, as the server sets at start). The photos are 49-MP JPEGs made by
 * enlarging the repository's public-domain portrait (packages/vision/test-fixtures/astronaut.png), each a
 * little different so no cache could serve one from another; they are written to a temp folder, never
 * committed. Prints RSS after start-up (models loaded), after each photo, 2 s after the last, and the peak,
 * against the target, in three fresh processes: the server's settings with MALLOC_ARENA_MAX=2 (how `npm start`
 * runs it and the README says to deploy), without it, and with libvips' own defaults. The issue's report:
 * 620 MB after a few 49-MP photos, and staying there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { IMAGE_THREADS_PER_OPERATION } from '@liftplan/vision';

const PHOTOS = 10;
/** 8600 × 5700 = 49.0 MP, under the decoder's 50-MP limit. */
const WIDTH = 8600;
const HEIGHT = 5700;
/** Target: resident memory 2 s after the tenth photo at most this much (MB); the issue saw 620 MB stay. */
const TARGET_RSS_AFTER_MB = 400;
const ISSUE_RSS_MB = 620;
const SETTLE_MS = 2000;
/**
 * glibc malloc arenas: by default up to 8 per core, one per thread that allocates, and memory freed in one
 * is rarely returned; libvips' and the worker's threads each get one. Two keep the growth flat (measured here).
 */
const ARENAS = 2;
const MB = 1024 * 1024;

const status = (field: 'VmRSS' | 'VmHWM'): number => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return (Number(m?.[1] ?? 0) * 1024) / MB;
};

type Mode = 'bounded' | 'defaults';

interface ChildReport {
  readonly started: number;
  readonly perPhoto: readonly number[];
  readonly settled: number;
  readonly peak: number;
  readonly analysed: number;
}

/** libvips' own defaults (50 MB / 100 operations cache, a thread per core): the comparison. */
const LIBVIPS_DEFAULT_CACHE = { memory: 50, files: 20, items: 100 };

async function child(dir: string, mode: Mode): Promise<void> {
  const { boundImageMemory, makeDerivative } = await import('@liftplan/vision');
  const { visionDetector } = await import('../src/analysis/vision-detector.js');
  boundImageMemory();
  const detector = await visionDetector(1, 'thread');
  if (mode === 'defaults') {
    // libvips settings are process-wide: this undoes what the server and the pool worker set.
    sharp.cache(LIBVIPS_DEFAULT_CACHE);
    sharp.concurrency(0);
  }
  const started = status('VmRSS');
  const perPhoto: number[] = [];
  let analysed = 0;
  for (let i = 0; i < PHOTOS; i++) {
    const file = path.join(dir, `photo-${i}.jpg`);
    const r = await detector.detect({ file, view: 'front' });
    if (r.ok) analysed++;
    await makeDerivative(readFileSync(file));
    perPhoto.push(status('VmRSS'));
  }
  // Settled with the detector still loaded, as in a running server.
  await sleep(SETTLE_MS);
  const report: ChildReport = {
    started,
    perPhoto,
    settled: status('VmRSS'),
    peak: status('VmHWM'),
    analysed,
  };
  await detector.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-image-memory-'));
  try {
    const portrait = readFileSync(path.join(import.meta.dirname, '../../vision/test-fixtures/astronaut.png'));
    let bytes = 0;
    for (let i = 0; i < PHOTOS; i++) {
      const jpeg = await sharp(portrait)
        .resize(WIDTH, HEIGHT, {
          fit: 'contain',
          background: { r: 40 + i, g: 40, b: 48 },
          kernel: 'lanczos3',
        })
        .modulate({ brightness: 1 + i / 100 })
        .jpeg({ quality: 90 })
        .toBuffer();
      bytes += jpeg.length;
      writeFileSync(path.join(dir, `photo-${i}.jpg`), jpeg);
    }
    console.log(
      `input: ${PHOTOS} JPEGs of ${WIDTH}×${HEIGHT} (${((WIDTH * HEIGHT) / 1e6).toFixed(1)} MP), ${(bytes / PHOTOS / 1e6).toFixed(1)} MB each, from astronaut.png`,
    );
    const f = (x: number): string => x.toFixed(0);
    const runs = [
      {
        label: `server settings (cache off, ${IMAGE_THREADS_PER_OPERATION} libvips thread per operation) and MALLOC_ARENA_MAX=${ARENAS}, as \`npm start\` and the README's deployment run it:`,
        mode: 'bounded' as const,
        arenas: true,
      },
      { label: 'server settings, glibc malloc defaults:', mode: 'bounded' as const, arenas: false },
      { label: 'libvips and glibc defaults (the comparison):', mode: 'defaults' as const, arenas: false },
    ];
    for (const [i, run] of runs.entries()) {
      const { mode } = run;
      // A fresh process each, so the figures are the work's own (not this generator's nor the other runs').
      const env = { ...process.env };
      delete env['MALLOC_ARENA_MAX'];
      if (run.arenas) env['MALLOC_ARENA_MAX'] = String(ARENAS);
      const p = spawn(process.execPath, [...process.execArgv, import.meta.filename, 'child', dir, mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env,
      });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => p.on('close', resolve));
      if (code !== 0) throw new Error(`the measuring process exited with ${String(code)}`);
      const r = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ChildReport;
      console.log(run.label);
      console.log(`  analysed with a face found: ${r.analysed}/${PHOTOS}`);
      console.log(`  RSS after start-up (models loaded): ${f(r.started)} MB`);
      console.log(`  RSS after each photo: ${r.perPhoto.map(f).join(', ')} MB`);
      console.log(
        `  RSS ${SETTLE_MS / 1000} s after the last: ${f(r.settled)} MB (+${f(r.settled - r.started)} MB over start-up); peak ${f(r.peak)} MB`,
      );
      if (i === 0) {
        console.log(
          `  target ≤ ${TARGET_RSS_AFTER_MB} MB after ${PHOTOS} photos: ratio ${(r.settled / TARGET_RSS_AFTER_MB).toFixed(2)} (${r.settled <= TARGET_RSS_AFTER_MB ? 'met' : 'NOT met'}); to the issue's ${ISSUE_RSS_MB} MB: ${(r.settled / ISSUE_RSS_MB).toFixed(2)}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') {
  await child(process.argv[3] ?? '', process.argv[4] === 'defaults' ? 'defaults' : 'bounded');
} else await parent();
