/**
 * LiteRT.js in Node 20: the small shim its browser-first loader needs. @litertjs/core loads its emscripten
 * glue with `importScripts` (a web worker API) and reads the factory from `self.ModuleFactory`; the glue
 * itself, seeing Node, uses `require('node:fs')` and `__dirname` to find its .wasm beside it. So, before
 * `loadLiteRt`, we define exactly those four globals:
 *   - `self` = globalThis;
 *   - `importScripts(url)` = run that file in this context (node:vm), so its top-level `var ModuleFactory`
 *     lands on globalThis;
 *   - `require` = a CommonJS require (the glue asks for node:fs and node:crypto only);
 *   - `__dirname` = @litertjs/core's wasm folder inside node_modules (never a URL: nothing is downloaded).
 * The runtime's own log lines (stderr) are collected instead of printed, and shown only if loading fails.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type * as LiteRtModule from '@litertjs/core';
import { VisionError } from '../errors.js';

const require = createRequire(import.meta.url);

/** The folder holding LiteRT.js' .wasm files (inside the installed @litertjs/core). */
export function litertWasmDir(): string {
  return path.join(path.dirname(require.resolve('@litertjs/core/package.json')), 'wasm');
}

let loading: Promise<typeof LiteRtModule> | undefined;
const runtimeLog: string[] = [];

function installShim(wasmDir: string): void {
  const g = globalThis as Record<string, unknown>;
  g['self'] ??= globalThis;
  g['require'] ??= require;
  // Always the wasm folder while the glue loads (a worker thread started from `eval` has __dirname ".").
  g['__dirname'] = wasmDir;
  g['importScripts'] ??= (url: unknown): void => {
    const s = String(url);
    const file = s.startsWith('file:') ? fileURLToPath(s) : s;
    vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file });
  };
  // Emscripten reads `self.Module` for its print hooks: keep the runtime's INFO lines off the terminal.
  g['Module'] ??= {
    print: (line: string) => runtimeLog.push(line),
    printErr: (line: string) => runtimeLog.push(line),
  };
}

/** Loads LiteRT.js' wasm runtime once per process (the shim above, then `loadLiteRt`). */
export function loadLiteRtNode(): Promise<typeof LiteRtModule> {
  loading ??= (async () => {
    const wasmDir = litertWasmDir();
    installShim(wasmDir);
    try {
      const lrt = await import('@litertjs/core');
      // LiteRT.js probes WebGPU on start and logs the (expected) failure with a stack trace: keep it quiet.
      const saved = { warn: console.warn, error: console.error, log: console.log };
      const collect = (...args: unknown[]): void => {
        runtimeLog.push(
          args
            .map((a) => (a instanceof Error ? a.message : String(a)))
            .join(' ')
            .split('\n')[0] ?? '',
        );
      };
      Object.assign(console, { warn: collect, error: collect, log: collect });
      try {
        await lrt.loadLiteRt(wasmDir + path.sep);
      } finally {
        Object.assign(console, saved);
      }
      return lrt;
    } catch (e) {
      loading = undefined;
      throw new VisionError(
        'models-not-loaded',
        `the LiteRT wasm runtime did not start from ${wasmDir}: ${e instanceof Error ? e.message : String(e)}${runtimeLog.length ? ` (${runtimeLog.slice(-2).join(' | ')})` : ''}; run \`npm ci\` to reinstall @litertjs/core`,
      );
    }
  })();
  return loading;
}

export function litertVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('@litertjs/core/package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '?';
}
