// Runs every package benchmark (packages/*/bench/*.bench.ts) in its own process, one after another, so that
// one benchmark's warm caches or memory do not colour the next. Each prints its own medians and ratios.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const filter = process.argv[2];
let failed = 0;
for (const pkg of readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.bench.ts'))
    .sort()) {
    if (filter && !`${pkg}/${f}`.includes(filter)) continue;
    console.log(`\n=== ${pkg}/${f} ===`);
    const r = spawnSync('npx', ['tsx', '--conditions', 'source', path.join(dir, f)], {
      stdio: 'inherit',
      cwd: root,
    });
    if (r.status !== 0) failed++;
  }
}
process.exit(failed ? 1 : 0);
