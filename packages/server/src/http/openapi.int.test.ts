import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixtureDetector } from '../analysis/detector.js';
import { loadConfig } from '../config.js';
import { startServer, type RunningServer } from '../server.js';

const Operation = z.object({
  responses: z.record(
    z.string(),
    z.object({ content: z.record(z.string(), z.object({ schema: z.unknown() })).optional() }),
  ),
});
const Document = z.object({ paths: z.record(z.string(), z.record(z.string(), Operation)) });
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

describe('the OpenAPI document at /api/docs', () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'liftplan-openapi-'));
    const r = loadConfig({ DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' });
    if (!r.ok) throw new Error(r.errors.join('; '));
    server = await startServer(r.config, { detector: fixtureDetector(), listen: false });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('declares a success response with a body schema (or 204) and the error body for every API route', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = Document.parse(res.json());
    const missing: string[] = [];
    let operations = 0;
    for (const [url, ops] of Object.entries(doc.paths)) {
      if (!url.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        if (!METHODS.has(method)) continue;
        operations += 1;
        const name = `${method.toUpperCase()} ${url}`;
        const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
        const typed = ok.some(
          ([status, r]) =>
            status === '204' || Object.values(r.content ?? {}).some((c) => c.schema !== undefined),
        );
        if (!typed) missing.push(`${name}: no 2xx response schema`);
        if (!('4XX' in op.responses || '4xx' in op.responses)) missing.push(`${name}: no error body`);
      }
    }
    expect(operations).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
