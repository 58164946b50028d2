// Writes the bundled example cases (examples/*.case.json) and examples/README.md from the recipes in
// packages/cli/src/example-cases.ts. Deterministic: running it twice gives identical files.
// Run: npm run examples  (tsx --conditions source, so it reads the TypeScript sources directly)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExampleCases, examplesReadme, formatCaseJson } from '../packages/cli/src/example-cases.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dir = path.join(root, 'examples');
mkdirSync(dir, { recursive: true });
const cases = buildExampleCases();
for (const ex of cases) {
  const file = path.join(dir, `${ex.name}.case.json`);
  writeFileSync(file, formatCaseJson(ex.caseFile));
  console.log(`wrote ${path.relative(root, file)}`);
}
writeFileSync(path.join(dir, 'README.md'), examplesReadme(cases));
console.log('wrote examples/README.md');
