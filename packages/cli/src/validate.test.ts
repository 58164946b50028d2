import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseFile } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { main } from './main.js';
import { memoryIO } from './test-io.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const example = 'examples/mild-symmetric.case.json';
const tmp = mkdtempSync(path.join(tmpdir(), 'liftplan-validate-'));

function tmpFile(name: string, text: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

async function run(...argv: string[]) {
  const io = memoryIO(root);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('liftplan validate', () => {
  it('accepts a valid case and exits 0', async () => {
    const r = await run('validate', example);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('ok: examples/mild-symmetric.case.json');
    expect(r.out).toContain('case example-mild-symmetric');
    expect(r.err).toBe('');
  });

  it('reports a missing file with exit code 3', async () => {
    const r = await run('validate', 'examples/no-such-file.case.json');
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toBe(
      'error: case file not found (examples/no-such-file.case.json) — check the path (relative to the current directory)\n',
    );
  });

  it('gives line and column of a JSON syntax error', async () => {
    const f = tmpFile(
      'broken.json',
      '{\n  "format": "liftplan.case",\n  "version": "1.0"\n  "caseId": "x"\n}\n',
    );
    const r = await run('validate', f);
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toMatch(
      /^error: not valid JSON: unexpected "\\"" \(.*broken\.json:4:3\) — fix the JSON syntax/,
    );
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('locates JSON errors that JSON.parse gives no position for', async () => {
    const f = tmpFile('tru.json', '{\n  "a": tru}\n');
    const r = await run('validate', f);
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toContain('unexpected "}" (');
    expect(r.err).toContain('tru.json:2:11)');
  });

  it('reports an empty file plainly', async () => {
    const r = await run('validate', tmpFile('empty.json', '\n'));
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toContain('error: file is empty, not JSON');
  });

  it('lists every schema problem with its JSON path', async () => {
    const c = JSON.parse(readFileSync(path.join(root, example), 'utf8')) as CaseFile;
    delete (c as Partial<CaseFile>).caseId;
    c.version = '2.0';
    c.patient.age = 15;
    (c.patient.history as Record<string, boolean>)['smoker'] = true;
    (c.assessment as { skinThickness: string }).skinThickness = 'papery';
    c.photos[0]!.landmarks.mesh.pop();
    const r = await run('validate', tmpFile('bad.case.json', JSON.stringify(c)));
    expect(r.code).toBe(EXIT.problems);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(6);
    for (const l of lines) expect(l).toMatch(/^error: .+ \(.*bad\.case\.json \$[^)]*\) — .+/);
    expect(r.err).toContain('missing required field "caseId"');
    expect(r.err).toContain('$.caseId) — add it (expected string)');
    expect(r.err).toContain('$.version) — ');
    expect(r.err).toContain('thread lifts are planned for adults only (18 or older) (');
    expect(r.err).toContain('$.patient.age)');
    expect(r.err).toContain('unknown field "smoker"');
    expect(r.err).toContain('$.patient.history) — remove it or check its spelling');
    expect(r.err).toContain('$.assessment.skinThickness) — use one of "thin", "normal", "thick"');
    expect(r.err).toContain('must hold exactly 468 points');
    expect(r.err).toContain('$.photos[0].landmarks.mesh)');
    expect(r.out).toContain('6 problems');
  });

  it('checks several files and exits with the worst code', async () => {
    const r = await run('validate', example, 'nope.json');
    expect(r.code).toBe(EXIT.io);
    expect(r.out).toContain('ok: examples/mild-symmetric.case.json');
    expect(r.err).toContain('(nope.json)');
  });

  it('treats usage mistakes as exit code 2', async () => {
    expect((await run('validate')).code).toBe(EXIT.usage);
    expect((await run('frobnicate')).code).toBe(EXIT.usage);
    expect((await run('validate', example, '--bogus')).code).toBe(EXIT.usage);
    expect((await run()).code).toBe(EXIT.usage);
  });

  it('prints help and version with exit code 0', async () => {
    const help = await run('--help');
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('validate');
    expect(help.out).toContain('Exit codes');
    expect((await run('--version')).code).toBe(EXIT.ok);
  });
});
