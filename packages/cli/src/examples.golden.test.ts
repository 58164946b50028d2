import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { planCase, validateCase } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { buildExampleCases } from './example-cases.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

// Golden plans: a change in any rule, threshold or geometry that alters an example's plan shows up as a diff
// of examples/golden/<name>.plan.json. When the change is intended, run `npx vitest run packages/cli -u`
// and review the diff like code.
describe('example plans (golden)', () => {
  for (const ex of buildExampleCases()) {
    describe(ex.name, () => {
      const text = readFileSync(path.join(root, 'examples', `${ex.name}.case.json`), 'utf8');
      const v = validateCase(JSON.parse(text));

      it('is a valid case', () => {
        expect(v.ok ? [] : v.problems).toEqual([]);
      });

      it(`has the verdict "${ex.expectedVerdict}"`, () => {
        if (!v.ok) throw new Error('invalid case');
        expect(planCase(v.value).candidacy.verdict).toBe(ex.expectedVerdict);
      });

      it('plans exactly as the committed golden file, deterministically', async () => {
        if (!v.ok) throw new Error('invalid case');
        const result = planCase(v.value);
        expect(JSON.stringify(planCase(v.value))).toBe(JSON.stringify(result));
        await expect(`${JSON.stringify(result, null, 2)}\n`).toMatchFileSnapshot(
          `../../../examples/golden/${ex.name}.plan.json`,
        );
      });
    });
  }
});
