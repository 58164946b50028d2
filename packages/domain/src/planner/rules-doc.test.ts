import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from './rules-doc.js';
import { RULE_SET } from './rules.js';

const file = fileURLToPath(new URL('../../../../docs/clinical-rules.md', import.meta.url));

describe('docs/clinical-rules.md', () => {
  it('equals the document generated from the rule data (run scripts/gen-rules-doc.ts)', async () => {
    const options = (await resolveConfig(file)) ?? {};
    const expected = await format(renderRulesDoc(RULE_SET), { ...options, filepath: file });
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('lists every rule with its evidence', () => {
    const doc = renderRulesDoc(RULE_SET);
    for (const r of [...RULE_SET.rules, ...RULE_SET.zoneRules]) {
      expect(doc).toContain(`### \`${r.id}\``);
      for (const k of r.cite) expect(doc).toContain(`\`${k}\` — `);
    }
  });
});
