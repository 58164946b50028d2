import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseJsonSchema, validateCase } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { caseSchemaText } from './commands/schema.js';
import { main } from './main.js';
import { memoryIO } from './test-io.js';
import { buildExampleCases, examplesReadme, formatCaseJson } from './example-cases.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examplesDir = path.join(root, 'examples');

describe('bundled examples', () => {
  const built = buildExampleCases();

  it('are at least six, covering the required situations', () => {
    expect(built.length).toBeGreaterThanOrEqual(6);
    const names = built.map((e) => e.name);
    for (const n of ['mild', 'asymmetric-jowl', 'thin-skin', 'heavy', 'contraindicated', 'wide-midface']) {
      expect(names.some((x) => x.includes(n))).toBe(true);
    }
  });

  it('are exactly what scripts/build-examples.ts writes (run `npm run examples` after changing a recipe)', () => {
    const files = readdirSync(examplesDir)
      .filter((f) => f.endsWith('.case.json'))
      .sort();
    expect(files).toEqual(built.map((e) => `${e.name}.case.json`).sort());
    for (const ex of built) {
      const committed = readFileSync(path.join(examplesDir, `${ex.name}.case.json`), 'utf8');
      expect(committed, ex.name).toBe(formatCaseJson(ex.caseFile));
    }
    expect(readFileSync(path.join(examplesDir, 'README.md'), 'utf8')).toBe(examplesReadme(built));
  });

  it('say plainly that their faces are synthetic', () => {
    for (const ex of built) {
      expect(ex.caseFile.note).toMatch(/SYNTHETIC EXAMPLE, NOT A REAL PATIENT/);
      expect(ex.caseFile.note).toContain('MediaPipe canonical face mesh');
      for (const p of ex.caseFile.photos) expect(p.landmarks.detector.id).toContain('synthetic');
    }
  });

  it('are valid and round-trip through the schema unchanged', () => {
    for (const ex of built) {
      const r = validateCase(JSON.parse(formatCaseJson(ex.caseFile)));
      expect(r.ok, ex.name).toBe(true);
    }
  });
});

describe('docs/case.schema.json', () => {
  it('equals caseJsonSchema() (regenerate: node packages/cli/dist/bin.js schema --out docs/case.schema.json)', () => {
    const committed = readFileSync(path.join(root, 'docs', 'case.schema.json'), 'utf8');
    expect(committed).toBe(caseSchemaText());
    expect(JSON.parse(committed)).toEqual(caseJsonSchema());
  });

  it('is what `liftplan schema` prints', async () => {
    const io = memoryIO(root);
    expect(await main(['schema'], io)).toBe(0);
    expect(io.stdout()).toBe(readFileSync(path.join(root, 'docs', 'case.schema.json'), 'utf8'));
  });
});
