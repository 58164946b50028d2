import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseFile, PlanResult } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { main } from './main.js';
import { memoryIO } from './test-io.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'liftplan-plan-'));
const example = 'examples/asymmetric-jowl.case.json';

async function run(...argv: string[]) {
  const io = memoryIO(root);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('liftplan plan', () => {
  it('prints the plan as text, every section present', async () => {
    const r = await run('plan', example);
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    for (const s of [
      'case example-asymmetric-jowl',
      'rule set ',
      'Candidacy:',
      'Measurements',
      'jowl-depth',
      'L − R',
      'perceptible',
      'Threads (',
      'Findings (',
      'Risks',
      'Rules fired (',
      'Decision support only',
    ]) {
      expect(r.out).toContain(s);
    }
    expect(r.out).toMatch(/jowl-depth\s+8\.5 mm ±n\/m\s+3\.5 mm ±n\/m\s+\+5\.0 mm\s+perceptible/);
    expect(r.out).toContain('± n/m: no repeatability was measured for these landmarks');
    expect(r.out).toContain('upper-third: the hairline');
  });

  it('prints parseable JSON with --json', async () => {
    const r = await run('plan', example, '--json');
    expect(r.code).toBe(EXIT.ok);
    const plan = JSON.parse(r.out) as PlanResult;
    expect(plan.caseId).toBe('example-asymmetric-jowl');
    expect(plan.ruleSetVersion).toBeTruthy();
    expect(Array.isArray(plan.placements)).toBe(true);
    expect(Array.isArray(plan.trace)).toBe(true);
  });

  it('writes an SVG with --svg (stdout stays JSON with --json)', async () => {
    const svgFile = path.join(tmp, 'nested', 'plan.svg');
    const r = await run('plan', example, '--json', '--svg', svgFile);
    expect(r.code).toBe(EXIT.ok);
    expect(() => JSON.parse(r.out) as unknown).not.toThrow();
    expect(r.err).toContain(`wrote ${svgFile}`);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('viewBox="0 0 1000 1250"');
    expect(svg).not.toContain('<image');
  });

  it('draws over the photo named in the case, by a path relative to the SVG', async () => {
    const c = JSON.parse(readFileSync(path.join(root, example), 'utf8')) as CaseFile;
    c.photos[0]!.image.file = 'photos/front.jpg';
    const dir = mkdtempSync(path.join(tmp, 'withphoto-'));
    const caseFile = path.join(dir, 'case.json');
    writeFileSync(caseFile, JSON.stringify(c));
    mkdirSync(path.join(dir, 'photos'));
    writeFileSync(path.join(dir, 'photos', 'front.jpg'), 'not really a jpeg');
    const r = await run('plan', caseFile, '--svg', path.join(dir, 'out', 'o.svg'));
    expect(r.code).toBe(EXIT.ok);
    expect(readFileSync(path.join(dir, 'out', 'o.svg'), 'utf8')).toContain('../photos/front.jpg');
  });

  it('warns and uses a blank canvas when the named photo is missing', async () => {
    const c = JSON.parse(readFileSync(path.join(root, example), 'utf8')) as CaseFile;
    c.photos[0]!.image.file = 'missing.jpg';
    const caseFile = path.join(tmp, 'missing-photo.case.json');
    writeFileSync(caseFile, JSON.stringify(c));
    const r = await run('plan', caseFile, '--svg', path.join(tmp, 'm.svg'));
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toMatch(/^warning: the photo named in the case was not found/);
    expect(readFileSync(path.join(tmp, 'm.svg'), 'utf8')).not.toContain('missing.jpg');
  });

  it('plans a contraindicated case without threads, exit 0', async () => {
    const r = await run('plan', 'examples/contraindicated-pregnancy.case.json', '--json');
    expect(r.code).toBe(EXIT.ok);
    const plan = JSON.parse(r.out) as PlanResult;
    expect(plan.candidacy.verdict).toBe('contraindicated');
    expect(plan.placements).toEqual([]);
  });

  it('reports a missing case file with exit 3 and no stack trace', async () => {
    const r = await run('plan', 'nope.case.json');
    expect(r.code).toBe(EXIT.io);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'error: case file not found (nope.case.json) — check the path (relative to the current directory)\n',
    );
  });

  it('refuses an invalid case with exit 1, listing problems', async () => {
    const c = JSON.parse(readFileSync(path.join(root, example), 'utf8')) as CaseFile;
    (c.patient as { age: unknown }).age = 'forty';
    c.assessment.grades.jowl = 7;
    const f = path.join(tmp, 'invalid.case.json');
    writeFileSync(f, JSON.stringify(c));
    const r = await run('plan', f);
    expect(r.code).toBe(EXIT.problems);
    expect(r.out).toBe('');
    expect(r.err).toContain('$.patient.age) — give a number here');
    expect(r.err).toContain('grades run 0–4');
    expect(r.err).toContain('$.assessment.grades.jowl)');
  });

  it('reports an unwritable SVG path with exit 3', async () => {
    const blocker = path.join(tmp, 'a-file');
    writeFileSync(blocker, 'x');
    const r = await run('plan', example, '--svg', path.join(blocker, 'x.svg'));
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toMatch(/^error: .*SVG file.* \(.*a-file\/x\.svg\) — /m);
  });

  it('needs a case argument (usage, exit 2)', async () => {
    const r = await run('plan');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("missing required argument 'case'");
  });
});
