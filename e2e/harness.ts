/**
 * Browser-test harness: builds the web app when its dist is missing or older than its sources, starts the
 * real `liftplan serve` (CLI from source, real face-mesh detector, temp DATA_DIR, free port on 127.0.0.1)
 * and launches Debian's Chromium through playwright-core (never a downloaded browser).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB = path.join(ROOT, 'packages', 'web');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');
export const ASTRONAUT = path.join(ROOT, 'packages', 'vision', 'test-fixtures', 'astronaut.png');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sleep = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * `vite build` of packages/web unless dist is newer than every source file. Test files run in parallel
 * workers: a lock directory (atomic mkdir) keeps two builds from writing dist at once.
 */
export function ensureWebBuilt(force = false): void {
  const lock = path.join(WEB, '.dist-build.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    buildIfStale(force);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function buildIfStale(force: boolean): void {
  const index = path.join(WEB, 'dist', 'index.html');
  const stale =
    force ||
    !existsSync(index) ||
    statSync(index).mtimeMs <
      Math.max(
        newestMtime(path.join(WEB, 'src')),
        statSync(path.join(WEB, 'index.html')).mtimeMs,
        // The packages the web bundles (through their built dist): a change there is a change of the app.
        ...['domain', 'api'].map((p) => newestMtime(path.join(WEB, '..', p, 'dist'))),
      );
  if (!stale) return;
  // A production build whatever the test runner set (vitest sets NODE_ENV=test, which would measure React's
  // development bundle against the initial-JS budget).
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: WEB,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('vite build of packages/web failed');
}

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** `liftplan serve --port 0` in its own process, as `npm start` runs it; resolves with its URL. */
export async function startServer(): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'liftplan-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions',
      'source',
      path.join(ROOT, 'packages', 'cli', 'src', 'bin.ts'),
      'serve',
      '--demo',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`server did not start in 120 s:\n${out}`));
    }, 120_000);
    const onData = (b: Buffer): void => {
      out += b.toString();
      const m = /running at (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A short Y4M clip (4:2:0, 640×480, 10 fps, a few identical frames; Chromium loops it) of the astronaut
 * portrait, for Chromium's fake camera (`--use-file-for-fake-video-capture`). Made with sharp: no ffmpeg.
 */
export async function fakeCameraClip(): Promise<string> {
  const { default: sharp } = await import('sharp');
  const W = 640;
  const H = 480;
  const { data } = await sharp(ASTRONAUT)
    .resize(W, H, { fit: 'contain', background: { r: 128, g: 128, b: 128 } })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const y = Buffer.alloc(W * H);
  const u = Buffer.alloc((W / 2) * (H / 2));
  const v = Buffer.alloc((W / 2) * (H / 2));
  const px = (x: number, yy: number, c: number): number => data[(yy * W + x) * 3 + c] ?? 0;
  for (let j = 0; j < H; j++) {
    for (let i = 0; i < W; i++) {
      y[j * W + i] = Math.round(0.257 * px(i, j, 0) + 0.504 * px(i, j, 1) + 0.098 * px(i, j, 2) + 16);
    }
  }
  for (let j = 0; j < H / 2; j++) {
    for (let i = 0; i < W / 2; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        r += px(2 * i + dx, 2 * j + dy, 0) / 4;
        g += px(2 * i + dx, 2 * j + dy, 1) / 4;
        b += px(2 * i + dx, 2 * j + dy, 2) / 4;
      }
      u[j * (W / 2) + i] = Math.round(-0.148 * r - 0.291 * g + 0.439 * b + 128);
      v[j * (W / 2) + i] = Math.round(0.439 * r - 0.368 * g - 0.071 * b + 128);
    }
  }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'liftplan-cam-')), 'astronaut.y4m');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array(5).fill(frame)]),
  );
  return file;
}

export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
  }
  // Playwright gives every launch a new empty profile directory of its own.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
