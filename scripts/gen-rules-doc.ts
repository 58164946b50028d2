// Writes docs/clinical-rules.md from the planner's rule data, formatted with the repo's Prettier settings, so
// the document cannot drift from the rules. Run: npx tsx --conditions source scripts/gen-rules-doc.ts
// The test packages/domain/src/planner/rules-doc.test.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { renderRulesDoc } from '../packages/domain/src/planner/rules-doc.js';
import { RULE_SET } from '../packages/domain/src/planner/rules.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const file = path.join(root, 'docs', 'clinical-rules.md');
const options = (await resolveConfig(file)) ?? {};
writeFileSync(file, await format(renderRulesDoc(RULE_SET), { ...options, filepath: file }));
console.log(`wrote ${path.relative(root, file)}`);
