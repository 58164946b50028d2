/**
 * The web app builds and stays within its budget: TypeScript (strict, DOM libs, its own tsconfig), the
 * initial JavaScript (entry + modulepreloads) ≤ 350 KB gzipped, and no CDN or other remote origin anywhere in
 * the built files (models and wasm come from the server's /models/ and /wasm/).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ensureWebBuilt, ROOT, WEB } from './harness.js';

describe('web build', () => {
  it('typechecks (packages/web/tsconfig.json)', () => {
    const r = spawnSync('npx', ['tsc', '-p', path.join(WEB, 'tsconfig.json')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it('initial JavaScript ≤ 350 KB gzipped, and no remote origins', () => {
    ensureWebBuilt();
    const dist = path.join(WEB, 'dist');
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const initial = [
      ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
      ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
    ].map((m) => path.join(dist, 'assets', path.basename(m[1] ?? '')));
    expect(initial.length).toBeGreaterThan(0);
    const total = initial.reduce((s, f) => s + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    expect(total).toBeLessThanOrEqual(350_000);
    for (const f of readdirSync(path.join(dist, 'assets')).filter((n) => /\.(js|css)$/.test(n))) {
      const text = readFileSync(path.join(dist, 'assets', f), 'utf8');
      expect(text, f).not.toMatch(/cdn\.jsdelivr|unpkg\.com|cdnjs|fonts\.googleapis|fonts\.gstatic/);
    }
  }, 120_000);
});
