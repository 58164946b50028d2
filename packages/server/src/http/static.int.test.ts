import { createHash } from 'node:crypto';
import { FACE_LANDMARKER_TASK } from '@liftplan/vision';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';
import { isSpaRoute } from './static.js';

describe('the web app, models and wasm from our own origin', () => {
  let dir: string;
  let server: RunningServer;
  const get = (url: string) => server.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-static-'));
    const web = path.join(dir, 'web');
    mkdirSync(path.join(web, 'assets'), { recursive: true });
    writeFileSync(
      path.join(web, 'index.html'),
      '<!doctype html><title>liftplan</title><div id="root"></div>',
    );
    writeFileSync(path.join(web, 'assets', 'index-abc123.js'), 'console.log(1)');
    const r = loadConfig({ DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false, webDir: web });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for app routes (SPA fallback), with a CSP that allows only our origin', async () => {
    expect(server.webServed).toBe(true);
    for (const url of ['/', '/patients/123', '/patients/123/plan?tab=threads']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const csp = String((await get('/')).headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    expect((await get('/')).headers['x-content-type-options']).toBe('nosniff');
  });

  it('caches hashed assets for a year; missing files and API paths stay 404 / 401 JSON', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await get('/assets/nope.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await get('/api/nope')).statusCode).toBe(401);
    const health = await get('/api/health');
    expect(health.headers['cache-control']).toBe('no-store');
    expect((await get('/api/docs/json')).statusCode).toBe(200);
  });

  it('serves the vendored face model and the LiteRT wasm runtime, no CDN', async () => {
    const model = await get('/models/face_landmarker.task');
    expect(model.statusCode).toBe(200);
    expect(createHash('sha256').update(model.rawPayload).digest('hex')).toBe(FACE_LANDMARKER_TASK.sha256);
    const wasm = await server.app.inject({ method: 'HEAD', url: '/wasm/litert_wasm_internal.wasm' });
    expect(wasm.statusCode).toBe(200);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect((await get('/models/nope.task')).statusCode).toBe(404);
    expect((await get('/models/../package.json')).statusCode).toBe(404);
  });

  it('tells app routes from files and API paths', () => {
    expect(isSpaRoute('GET', '/visits/1')).toBe(true);
    expect(isSpaRoute('POST', '/visits/1')).toBe(false);
    expect(isSpaRoute('GET', '/api/x')).toBe(false);
    expect(isSpaRoute('GET', '/favicon.ico')).toBe(false);
    expect(isSpaRoute('GET', '/wasm/x')).toBe(false);
  });
});
