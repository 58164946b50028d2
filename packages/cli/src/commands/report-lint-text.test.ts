import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CaseFileSchema } from '@liftplan/domain';
import { meshPhoto } from '../../../report/bench/fixture.js';
import { EXIT } from '../errors.js';
import { main } from '../main.js';
import { memoryIO } from '../test-io.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'liftplan-report-'));
const seed = path.join(root, 'packages/domain/src/wording/fixtures/000_aa8800f104679e7a.txt');

async function run(...argv: string[]) {
  const io = memoryIO(root);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const pdfText = (file: string): string =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('liftplan report', () => {
  it('writes the Korean consultation report for an example case', async () => {
    const out = path.join(tmp, 'asym-ko.pdf');
    const r = await run(
      'report',
      'examples/asymmetric-jowl.case.json',
      '--lang',
      'ko',
      '--out',
      out,
      '--clinic',
      '예시 의원',
      '--doctor',
      '김민지',
    );
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain('wrote');
    const text = pdfText(out);
    for (const s of [
      '실리프팅 상담 보고서',
      '예시 의원',
      '김민지',
      'EX-0002',
      '개인에 따라',
      '의료법 제56조',
    ]) {
      expect(text).toContain(s);
    }
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('writes the English aftercare sheet, warning when clinic and doctor are not given', async () => {
    const out = path.join(tmp, 'asym-en-aftercare.pdf');
    const r = await run(
      'report',
      'examples/asymmetric-jowl.case.json',
      '--lang',
      'en',
      '--aftercare',
      '--out',
      out,
    );
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toContain('no --clinic given');
    expect(pdfText(out)).toContain('Aftercare after your thread lift');
  });

  it('draws on the photo when the case names one that exists, and warns when it is missing', async () => {
    const c = CaseFileSchema.parse(
      JSON.parse(readFileSync(path.join(root, 'examples/mild-symmetric.case.json'), 'utf8')),
    );
    writeFileSync(path.join(tmp, 'front.jpg'), await meshPhoto(c, 'front'));
    const withPhoto = {
      ...c,
      photos: c.photos.map((p) => ({ ...p, image: { ...p.image, file: 'front.jpg' } })),
    };
    writeFileSync(path.join(tmp, 'photo.case.json'), JSON.stringify(withPhoto));
    const out = path.join(tmp, 'photo.pdf');
    const ok = await run(
      'report',
      path.join(tmp, 'photo.case.json'),
      '--lang',
      'en',
      '--out',
      out,
      '--clinic',
      'C',
      '--doctor',
      'D',
    );
    expect(ok.code, ok.err).toBe(EXIT.ok);
    expect(ok.err).toBe('');
    // The photo itself and the plan drawn over it.
    expect(
      readFileSync(out)
        .toString('latin1')
        .match(/\/Subtype \/Image/g)?.length,
    ).toBe(2);

    const missing = {
      ...c,
      photos: c.photos.map((p) => ({ ...p, image: { ...p.image, file: 'missing.jpg' } })),
    };
    writeFileSync(path.join(tmp, 'missing.case.json'), JSON.stringify(missing));
    const r = await run(
      'report',
      path.join(tmp, 'missing.case.json'),
      '--lang',
      'en',
      '--out',
      path.join(tmp, 'm.pdf'),
    );
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toContain('front photo named in the case was not found');
  });

  it('writes the clinician copy under the default name chart-date-kind-lang.pdf, times in --tz', async () => {
    const io = memoryIO(tmp);
    const code = await main(
      [
        'report',
        path.join(root, 'examples/asymmetric-jowl.case.json'),
        ...['--lang', 'en', '--for', 'clinician', '--tz', 'Europe/London', '--clinic', 'C', '--doctor', 'D'],
      ],
      io,
    );
    expect(code, io.stderr()).toBe(EXIT.ok);
    const name = /wrote (\S+\.pdf)/.exec(io.stdout())?.[1] ?? '';
    expect(name).toMatch(/^EX-0002-\d{4}-\d{2}-\d{2}-report-clinician-en\.pdf$/);
    expect(io.stdout()).toContain('clinician copy');
    const text = pdfText(path.join(tmp, name));
    expect(text).toContain('(clinician copy)');
    expect(text).toContain('Rules that fired');
    // No procedure date given: the aftercare counts days after the procedure, not dates.
    expect(text).toContain('after the procedure');
  });

  it('refuses an unknown copy and an unknown time zone with usage errors', async () => {
    const a = await run('report', 'examples/asymmetric-jowl.case.json', '--lang', 'en', '--for', 'doctor');
    expect(a.code).toBe(EXIT.usage);
    expect(a.err).toContain('--for patient (the default) or --for clinician');
    const b = await run('report', 'examples/asymmetric-jowl.case.json', '--lang', 'en', '--tz', 'Mars/Base');
    expect(b.code).toBe(EXIT.usage);
    expect(b.err).toContain('unknown time zone "Mars/Base"');
  });

  it('refuses an unknown language with a usage error', async () => {
    const r = await run(
      'report',
      'examples/asymmetric-jowl.case.json',
      '--lang',
      'fr',
      '--out',
      path.join(tmp, 'x.pdf'),
    );
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('use --lang ko or --lang en');
  });
});

describe('liftplan lint-text', () => {
  it('passes the seed blog post', async () => {
    const r = await run('lint-text', seed);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('no problems found');
  });

  it('names term, line and rule for a bad text and exits 1', async () => {
    const bad = path.join(tmp, 'bad.txt');
    writeFileSync(bad, '실리프팅 안내\n최고의 효과, 부작용 없이 100% 보장합니다!\n');
    const r = await run('lint-text', bad, '--lang', 'ko');
    expect(r.code).toBe(EXIT.problems);
    expect(r.out).toContain(`${bad}:2:1  error  superlative  "최고"`);
    expect(r.out).toContain('absolute-claim  "부작용 없이"');
    expect(r.out).toContain('document  error  side-effects-missing');
    expect(r.err).toContain('wording problems in 1 file');
  });

  it('prints JSON with --json', async () => {
    const copy = path.join(tmp, 'seed.txt');
    copyFileSync(seed, copy);
    const r = await run('lint-text', copy, '--json');
    expect(JSON.parse(r.out)).toEqual([{ file: copy, findings: [] }]);
  });
});
