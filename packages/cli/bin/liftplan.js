#!/usr/bin/env node
// The `liftplan` command as installed by npm (root package `bin`, `npm link`, `npm install -g .`): runs the
// built CLI (packages/cli/dist/bin.js). On a fresh `npm ci` nothing is built yet, so the first run builds the
// TypeScript packages once (`tsc -b`) and says so on stderr.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

if (!existsSync(built)) {
  let tsc;
  try {
    tsc = createRequire(new URL('../../../package.json', import.meta.url)).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write(
      'error: liftplan is not built (packages/cli/dist/bin.js is missing) and TypeScript is not installed — run `npm ci && npm run build` in the repository root\n',
    );
    process.exit(3);
  }
  process.stderr.write('liftplan: first run, building the TypeScript packages (tsc -b)…\n');
  const r = spawnSync(process.execPath, [tsc, '-b'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(built)) {
    process.stderr.write(
      'error: building liftplan failed (see above) — fix the build, then run `npm run build`\n',
    );
    process.exit(3);
  }
}

await import(built.href);
