/**
 * `liftplan plan <case> --photo [view=]file`: analyse, then plan, then draw over the photo. astronaut.png
 * (public domain, packages/vision/test-fixtures) has a face the detector finds, but its face is small (eye
 * corners 58 px apart), so it FAILS the quality gate: the plan is still produced and drawn, the quality
 * results are shown, and the exit code is 1 so that scripts notice.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseFileSchema, type CaseFile, type PlanResult } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { main } from './main.js';
import { memoryIO } from './test-io.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ASTRONAUT = path.join(root, 'packages', 'vision', 'test-fixtures', 'astronaut.png');
const tmp = mkdtempSync(path.join(tmpdir(), 'liftplan-plan-photos-'));

/** The asymmetric-jowl example with its synthetic photo removed: patient and assessment only. */
function caseWithoutPhotos(): string {
  const c = JSON.parse(
    readFileSync(path.join(root, 'examples', 'asymmetric-jowl.case.json'), 'utf8'),
  ) as CaseFile;
  const f = path.join(tmp, 'no-photos.case.json');
  writeFileSync(f, JSON.stringify({ ...c, caseId: 'astronaut-case', photos: [] }));
  return f;
}

async function run(...argv: string[]) {
  const io = memoryIO(tmp);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('liftplan plan --photo', () => {
  const caseFile = caseWithoutPhotos();

  it('analyses the photo, plans with it, shows the quality results and draws over the photo (standalone SVG)', async () => {
    const svgFile = path.join(tmp, 'astronaut.svg');
    const r = await run('plan', caseFile, '--photo', `front=${ASTRONAUT}`, '--json', '--svg', svgFile);
    // Planned, but the photo failed the quality gate: exit 1, the reason named with the file.
    expect(r.code).toBe(EXIT.problems);
    const plan = JSON.parse(r.out) as PlanResult;
    expect(plan.caseId).toBe('astronaut-case');
    expect(plan.measurements?.view).toBe('front');
    expect(plan.placements.length).toBeGreaterThan(0);
    expect(
      plan.findings.some((f) => f.code === 'not-planned' && f.message.includes('needs a front photo')),
    ).toBe(false);
    // Quality visible: the photo table and each failed / warned check, on stderr under --json.
    expect(r.err).toMatch(/astronaut\.png\s+front\s+y-?\d+ p-?\d+ r-?\d+\s+FAIL face-size/);
    expect(r.err).toContain(`error: face-size: Face too small`);
    expect(r.err).toContain(
      `error: photo failed the quality gate (see above); the plan and overlay drawn from it are provisional (${ASTRONAUT})`,
    );
    expect(r.err).toContain(`wrote ${svgFile}`);
    expect(r.err).not.toMatch(/\n\s+at /);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('viewBox="0 0 512 512"');
    expect(svg).toMatch(/<image [^>]*href="data:image\/jpeg;base64,[A-Za-z0-9+/=]{1000,}"/);
    expect(svg).not.toContain('astronaut.png');
  });

  it('prints the photo table before the text plan', async () => {
    const r = await run('plan', caseFile, '--photo', ASTRONAUT);
    expect(r.code).toBe(EXIT.problems);
    expect(r.out.indexOf('FAIL face-size')).toBeGreaterThanOrEqual(0);
    expect(r.out.indexOf('FAIL face-size')).toBeLessThan(r.out.indexOf('Candidacy:'));
    // No view given: classified from the head pose (marked *).
    expect(r.out).toMatch(/astronaut\.png\s+front\*/);
    expect(r.out).toContain('Threads (');
  });

  it('reports a photo that fails, naming the file, and still plans with the others', async () => {
    const empty = path.join(tmp, 'empty.jpg');
    writeFileSync(empty, '');
    const r = await run(
      'plan',
      caseFile,
      '--photo',
      `oblique-left=${empty}`,
      '--photo',
      `front=${ASTRONAUT}`,
      '--json',
    );
    expect(r.code).toBe(EXIT.problems);
    expect(r.err).toContain(`error: the file is empty (0 bytes) (${empty})`);
    const plan = JSON.parse(r.out) as PlanResult;
    expect(plan.measurements?.view).toBe('front');
  });

  it('exits 3 when a photo cannot be read, naming it', async () => {
    const r = await run('plan', caseFile, '--photo', 'front=missing.jpg', '--json');
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toContain('error: file not found (missing.jpg)');
    // Without a front photo the threads are reported, not placed.
    const plan = JSON.parse(r.out) as PlanResult;
    expect(plan.measurements).toBeNull();
  });

  it('writes the case with the analysed photo under --out (image path relative to it)', async () => {
    const out = path.join(tmp, 'cases', 'astronaut.case.json');
    const r = await run('plan', caseFile, '--photo', `front=${ASTRONAUT}`, '--out', out, '--json');
    expect(r.code).toBe(EXIT.problems);
    const c = CaseFileSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(c.photos).toHaveLength(1);
    const photo = c.photos[0];
    expect(photo?.view).toBe('front');
    expect(photo?.landmarks.mesh).toHaveLength(468);
    expect(photo?.landmarks.quality?.find((q) => q.check === 'face-size')?.status).toBe('fail');
    expect(path.resolve(path.dirname(out), photo?.image.file ?? '')).toBe(ASTRONAUT);
    // The written case plans on its own, over the photo by relative path.
    const again = await run('plan', out, '--svg', path.join(tmp, 'cases', 'again.svg'));
    expect(again.out).toContain('Threads (');
    expect(readFileSync(path.join(tmp, 'cases', 'again.svg'), 'utf8')).toContain('astronaut.png');
  });

  it('refuses an unknown view and two photos for one view (usage, exit 2)', async () => {
    const bad = await run('plan', caseFile, '--photo', `side=${ASTRONAUT}`);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toMatch(
      /^error: unknown view "side" in --photo side=.*astronaut\.png — write --photo <view>=<file> with one of front, /,
    );
    const twice = await run(
      'plan',
      caseFile,
      '--photo',
      `front=${ASTRONAUT}`,
      '--photo',
      `front=${ASTRONAUT}`,
    );
    expect(twice.code).toBe(EXIT.usage);
    expect(twice.err).toContain('two photos for the front view');
    const out = await run('plan', caseFile, '--out', 'x.case.json');
    expect(out.code).toBe(EXIT.usage);
  });
});
