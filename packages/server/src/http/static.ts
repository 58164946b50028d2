import { existsSync } from 'node:fs';
import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import { browserAssetPaths } from '@liftplan/vision';
import type { App } from './types.js';

/**
 * Content Security Policy for the web app and the API. Only our own origin: scripts (plus
 * 'wasm-unsafe-eval' so the browser may compile LiteRT.js' wasm runtime for the in-browser face mesh), styles
 * (plus inline <style> elements: the UI library injects its CSS variables at run time), images including
 * data: and blob: URLs (photos picked from disk, overlays drawn in the page), workers from blob: (tfjs),
 * no plug-ins, no framing, no external origins anywhere.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", 'data:', 'blob:'],
    workerSrc: ["'self'", 'blob:'],
    mediaSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
};

const DAY = 86_400;

/** URL paths the SPA fallback never answers (their own 404s stay JSON). */
const NOT_SPA = ['/api/', '/models/', '/wasm/'];

/** GET or HEAD of an app route (`/patients/123`), not a file (`/assets/x.js`) nor an API path. */
export function isSpaRoute(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const p = url.split('?')[0] ?? '';
  if (p === '/api' || NOT_SPA.some((prefix) => p.startsWith(prefix))) return false;
  const last = p.slice(p.lastIndexOf('/') + 1);
  return !last.includes('.');
}

function setCache(res: SetHeadersResponse, filePath: string, long: boolean): void {
  if (filePath.endsWith('index.html')) res.setHeader('cache-control', 'no-cache');
  else if (long) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  else res.setHeader('cache-control', `public, max-age=${DAY}`);
}

/**
 * The built web app at `/` (hashed `/assets/*` cached for a year, index.html revalidated), and the
 * browser's face model (the vendored Face Landmarker bundle, packages/vision/models) at `/models/` and LiteRT.js'
 * wasm runtime (node_modules/@litertjs/core/wasm) at `/wasm/`: nothing is
 * fetched from a CDN. Static files are public (no patient data); the SPA fallback lives in the not-found
 * handler (errors.ts).
 */
export async function registerStatic(
  app: App,
  webDir: string | undefined,
  assets: { readonly models: string; readonly wasm: string } | false | undefined,
): Promise<void> {
  if (webDir !== undefined) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (res, filePath) => {
        setCache(res, filePath, filePath.includes('/assets/'));
      },
    });
  }
  const dirs = assets === false ? undefined : (assets ?? browserAssetDirs());
  if (!dirs) return;
  for (const [prefix, root] of [
    ['/models/', dirs.models],
    ['/wasm/', dirs.wasm],
  ] as const) {
    if (!existsSync(root)) continue;
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: false,
      index: false,
      list: false,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        setCache(res, filePath, false);
        if (filePath.endsWith('.wasm')) res.setHeader('content-type', 'application/wasm');
        if (filePath.endsWith('.task')) res.setHeader('content-type', 'application/octet-stream');
      },
    });
  }
}

function browserAssetDirs(): { models: string; wasm: string } | undefined {
  try {
    return browserAssetPaths();
  } catch {
    return undefined;
  }
}
