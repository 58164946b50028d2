import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(new URL(import.meta.url).pathname);

/**
 * The web app is built into packages/web/dist and served by `liftplan serve` at `/` (API at `/api`). In dev,
 * `npm run dev -w @liftplan/web` proxies `/api`, `/models` and `/wasm` to a server on :3000.
 * `@liftplan/domain` is compiled from its TypeScript source (the `source` export condition).
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
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
