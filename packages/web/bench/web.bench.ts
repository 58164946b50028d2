/**
 * Web benchmark (`npm run bench`, or `node scripts/bench.mjs web`):
 *  1. Initial JavaScript: a fresh `vite build`, then the gzipped size of the entry script and every chunk
 *     index.html preloads (what the browser must fetch before the first screen), against the 350 KB target
 *     (350 000 bytes). Lazily loaded chunks (domain, plan/analysis screens, charts, camera) are listed apart.
 *  2. Time to an interactive patient list: the real server (`liftplan serve`), Debian Chromium, a signed-in
 *     session, a cold cache per run; from navigation start to the patient table rendered with its search box
 *     enabled (performance.now() in the page). Median of 7 runs.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, launchChromium, startServer, WEB } from '../../../e2e/harness.js';

const TARGET_BYTES = 350_000;
const RUNS = 7;

const dist = path.join(WEB, 'dist');
const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;
const gz = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

function initialJs(): {
  files: { name: string; raw: number; gz: number }[];
  lazy: { name: string; gz: number }[];
} {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1] ?? '');
  const initial = new Set(refs.map((r) => path.basename(r)));
  const files = [...initial].map((name) => {
    const f = path.join(dist, 'assets', name);
    return { name, raw: statSync(f).size, gz: gz(f) };
  });
  const lazy = readdirSync(path.join(dist, 'assets'))
    .filter((n) => n.endsWith('.js') && !initial.has(n))
    .map((name) => ({ name, gz: gz(path.join(dist, 'assets', name)) }))
    .sort((a, b) => b.gz - a.gz);
  return { files, lazy };
}

async function timeToInteractiveList(): Promise<number[]> {
  const server = await startServer();
  const browser = await launchChromium();
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 1024 } });
      const login = await ctx.request.post(`${server.url}/api/auth/login`, {
        data: { email: 'doctor@demo.liftplan', password: 'liftplan-demo-only' },
      });
      if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/?lang=en`, { waitUntil: 'commit' });
      await page.locator('[data-testid="patient-list"] tbody tr').first().waitFor();
      await page.locator('[data-testid="patient-search"]:enabled').waitFor();
      const ms = await page.evaluate(() => performance.now());
      if (i > 0) times.push(ms); // the first run warms the server (JIT, SQLite pages), not the browser cache
      await ctx.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return times;
}

ensureWebBuilt(true);
const { files, lazy } = initialJs();
const total = files.reduce((s, f) => s + f.gz, 0);
console.log('initial JavaScript (entry + modulepreload), gzip -9:');
for (const f of files.sort((a, b) => b.gz - a.gz)) {
  console.log(`  ${f.name.padEnd(36)} ${kb(f.raw).padStart(10)} raw ${kb(f.gz).padStart(10)} gz`);
}
console.log(
  `  total ${kb(total)} gzipped; target ≤ ${kb(TARGET_BYTES)}: ${total <= TARGET_BYTES ? 'OK' : 'OVER'} (${((total / TARGET_BYTES) * 100).toFixed(0)} % of budget)`,
);
console.log('loaded on demand (largest first):');
for (const f of lazy.slice(0, 8)) console.log(`  ${f.name.padEnd(36)} ${kb(f.gz).padStart(10)} gz`);
console.log(
  '  face models: not bundled (served by the server under /models/ and /wasm/, loaded only for in-browser detection)',
);

const times = await timeToInteractiveList();
console.log(
  `navigation -> interactive patient list (cold cache, signed in, ${RUNS} runs): median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
);
process.exit(total <= TARGET_BYTES ? 0 : 1);
