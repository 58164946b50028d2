import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(new URL(import.meta.url).pathname);

/**
 * Human's constructor sets a CDN default for the tfjs wasm binaries before our config replaces it
 * (`BrowserFaceAnalyzer` always passes `wasmPath: '/wasm/'`). The default is rewritten to our own server's
 * path so no CDN address ships in the build at all (e2e/web-build checks every built file).
 */
function noCdnDefaults(): Plugin {
  const CDN_WASM = /`https:\/\/cdn\.jsdelivr\.net\/npm\/@tensorflow\/tfjs-backend-wasm@\$\{\w+\}\/dist\/`/g;
  return {
    name: 'liftplan-no-cdn-defaults',
    transform(code, id) {
      if (!id.includes('@vladmandic/human') || !code.includes('cdn.jsdelivr.net')) return null;
      return { code: code.replace(CDN_WASM, '`/wasm/`'), map: null };
    },
  };
}

/**
 * The web app is built into packages/web/dist and served by `liftplan serve` at `/` (API at `/api`). In dev,
 * `npm run dev -w @liftplan/web` proxies `/api`, `/models` and `/wasm` to a server on :3000.
 * `@liftplan/domain` is compiled from its TypeScript source (the `source` export condition).
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react(), noCdnDefaults()],
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/models': 'http://127.0.0.1:3000',
      '/wasm': 'http://127.0.0.1:3000',
    },
  },
});
