/**
 * The browser build in a real browser: browser.ts bundled with Vite (the web app's resolve conditions),
 * served with the vendored Face Landmarker bundle under /models/ and LiteRT.js' wasm under /wasm/ from a local
 * static server on 127.0.0.1, run in headless Chromium (/usr/bin/chromium, driven by playwright-core). Every
 * request must stay on that server. Same model, same code: the landmarks must equal Node's on astronaut.png
 * (to a few hundredths of a pixel: the browser may pick LiteRT's relaxed-SIMD wasm, Node 20 the compat one).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePhoto, type AnalyzeSuccess } from './analyze.js';
import type { BrowserAnalyzeResult } from './browser.js';
import { browserAssetPaths, FaceMeshV2Detector } from './detector-v2.js';

const CHROMIUM = '/usr/bin/chromium';
const ASTRONAUT = path.join(import.meta.dirname, '..', 'test-fixtures', 'astronaut.png');
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.task': 'application/octet-stream',
  '.png': 'image/png',
};

let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';

async function bundle(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-vision-browser-'));
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><body><script type="module" src="./entry.ts"></script></body></html>',
  );
  writeFileSync(
    path.join(dir, 'entry.ts'),
    `import { BrowserFaceAnalyzer } from ${JSON.stringify(path.join(import.meta.dirname, 'browser.ts'))};
(globalThis as unknown as { analyzeUrl: (u: string) => Promise<unknown> }).analyzeUrl = async (url: string) => {
  const img = new Image();
  img.src = url;
  await img.decode();
  const analyzer = await BrowserFaceAnalyzer.create();
  return analyzer.analyze(img, { label: 'astronaut.png' });
};
(globalThis as unknown as { ready: boolean }).ready = true;
`,
  );
  await build({
    configFile: false,
    root: dir,
    logLevel: 'silent',
    resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
    build: { outDir: path.join(dir, 'dist'), emptyOutDir: true, target: 'es2022', minify: false },
  });
  return path.join(dir, 'dist');
}

function serve(dist: string): Promise<string> {
  const { models, wasm } = browserAssetPaths();
  const roots: [string, string][] = [
    ['/models/', models],
    ['/wasm/', wasm],
    ['/', dist],
  ];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const pathname = url.pathname === '/' ? '/index.html' : url.pathname;
    let file: string | undefined;
    if (pathname === '/astronaut.png') file = ASTRONAUT;
    for (const [prefix, dir] of roots) {
      if (file || !pathname.startsWith(prefix)) continue;
      const candidate = path.join(dir, path.normalize(pathname.slice(prefix.length)));
      if (candidate.startsWith(dir) && existsSync(candidate)) file = candidate;
    }
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server?.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server?.address() as AddressInfo).port}`);
    });
  });
}

const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium && !process.env.CI)(
  'browser build in Chromium (skipped without /usr/bin/chromium)',
  () => {
    beforeAll(async () => {
      origin = await serve(await bundle());
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((resolve) => {
        if (!server) {
          resolve();
          return;
        }
        server.close(() => {
          resolve();
        });
      });
    });

    it('analyses astronaut.png like Node, with models and wasm from our own server only', async () => {
      if (!browser) throw new Error('no browser');
      const page = await browser.newPage();
      const offsite: string[] = [];
      const requested: string[] = [];
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) {
          requested.push(url.slice(origin.length));
          await route.continue();
        } else {
          offsite.push(url);
          await route.abort();
        }
      });
      const consoleErrors: string[] = [];
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (globalThis as unknown as { ready?: boolean }).ready === true);
      const result = (await page.evaluate(
        (u) => (globalThis as unknown as { analyzeUrl: (x: string) => Promise<unknown> }).analyzeUrl(u),
        '/astronaut.png',
      )) as BrowserAnalyzeResult;
      await page.close();

      expect(offsite).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(requested).toEqual(expect.arrayContaining(['/models/face_landmarker.task']));
      expect(requested.some((r) => r.startsWith('/wasm/') && r.endsWith('.wasm'))).toBe(true);
      if (!result.ok) throw new Error(`browser analysis failed: ${result.error.message}`);

      const detector = await FaceMeshV2Detector.create();
      const node = await analyzePhoto(ASTRONAUT, { detector, label: 'astronaut.png' });
      if (!node.ok) throw new Error(node.error.message);
      const n: AnalyzeSuccess = node;

      expect(result.photo.landmarks.detector.id).toBe(n.photo.landmarks.detector.id);
      expect(result.provenance.modelSha256).toBe(n.provenance.modelSha256);
      expect(result.photo.view).toBe(n.photo.view);
      expect(result.photo.image).toMatchObject({ width: 512, height: 512 });
      expect(result.detection.pass).toBe(n.detection.pass);
      expect(result.detection.candidates.length).toBe(n.detection.candidates.length);
      expect(Math.abs(result.detection.chosen.box.x - n.detection.chosen.box.x)).toBeLessThan(0.25);
      expect(Math.abs(result.detection.chosen.box.width - n.detection.chosen.box.width)).toBeLessThan(0.25);
      const bm = result.photo.landmarks.mesh;
      const nm = n.photo.landmarks.mesh;
      expect(bm).toHaveLength(468);
      const dist = nm.map((p, i) => {
        const q = bm[i] ?? [NaN, NaN, 0];
        return Math.hypot(p[0] - q[0], p[1] - q[1]);
      });
      const sorted = [...dist].sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1] ?? NaN;
      const max = sorted[sorted.length - 1] ?? NaN;
      console.log(
        `browser vs Node mesh on astronaut.png: median ${median.toFixed(2)} px, max ${max.toFixed(2)} px`,
      );
      expect(median).toBeLessThan(0.05);
      expect(max).toBeLessThan(0.25);
      const bp = result.photo.landmarks.pose;
      const np = n.photo.landmarks.pose;
      expect(Math.abs(bp.yawDeg - np.yawDeg)).toBeLessThan(0.3);
      expect(Math.abs(bp.pitchDeg - np.pitchDeg)).toBeLessThan(0.3);
      expect(Math.abs(bp.rollDeg - np.rollDeg)).toBeLessThan(0.3);
      expect(result.photo.landmarks.quality?.map((q) => [q.check, q.status])).toEqual(
        n.photo.landmarks.quality?.map((q) => [q.check, q.status]),
      );
    }, 120_000);
  },
);
