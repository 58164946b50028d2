/** `liftplan analyze`: batches with bad files, --json against PhotoSchema, --out new and merged. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaseFileSchema, PhotoSchema, type CaseFile } from '@liftplan/domain';
import type { AnalyzeResult } from '@liftplan/vision';
import { describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { main } from './main.js';
import { memoryIO } from './test-io.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'liftplan-analyze-'));
copyFileSync(
  path.join(root, 'packages', 'vision', 'test-fixtures', 'astronaut.png'),
  path.join(tmp, 'astronaut.png'),
);
copyFileSync(
  path.join(root, 'packages', 'vision', 'test-fixtures', 'einstein.jpg'),
  path.join(tmp, 'einstein.jpg'),
);
writeFileSync(path.join(tmp, 'empty.jpg'), '');
writeFileSync(path.join(tmp, 'notes.txt'), 'front photo to follow\n');

async function run(...argv: string[]) {
  const io = memoryIO(tmp);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('liftplan analyze', () => {
  it('analyses the good photo of a batch and names each bad file (exit 1, no stack trace)', async () => {
    const r = await run('analyze', 'astronaut.png', 'empty.jpg', 'notes.txt');
    expect(r.code).toBe(EXIT.problems);
    expect(r.out).toMatch(
      /astronaut\.png\s+front\*\s+y-?\d+ p-?\d+ r-?\d+\s+FAIL face-size,expression\s+brow L/,
    );
    expect(r.out).toMatch(/empty\.jpg\s+–\s+–\s+ERROR empty-file/);
    expect(r.out).toMatch(/notes\.txt\s+–\s+–\s+ERROR not-an-image/);
    expect(r.err).toContain('error: the file is empty (0 bytes) (empty.jpg)');
    expect(r.err).toContain('error: not an image file (expected JPEG, PNG, WebP or HEIC) (notes.txt)');
    expect(r.err).toContain('error: face-size: Face too small');
    expect(r.err).toContain('(astronaut.png) — retake the photo');
    expect(r.err).toContain('3/3');
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('exits 3 when a file cannot be read at all', async () => {
    const r = await run('analyze', 'missing.jpg', '--json');
    expect(r.code).toBe(EXIT.io);
    expect(r.err).toBe('error: file not found (missing.jpg)\n');
  });

  it('prints results that parse and validate against PhotoSchema with --json', async () => {
    const r = await run('analyze', 'astronaut.png', '--view', 'front', '--json');
    expect(r.code).toBe(EXIT.problems); // the quality gate fails (small face); the result is still complete
    const results = JSON.parse(r.out) as AnalyzeResult[];
    expect(results).toHaveLength(1);
    const first = results[0];
    if (!first?.ok) throw new Error('expected a successful analysis');
    const photo = PhotoSchema.parse(first.photo);
    expect(photo.view).toBe('front');
    expect(photo.landmarks.mesh).toHaveLength(468);
    expect(photo.landmarks.iris).toHaveLength(10);
    expect(first.viewSource).toBe('requested');
    expect(first.passed).toBe(false);
    expect(first.measurements.view).toBe('front');
  });

  it('refuses a photo with a second face ≥ 0.4 of the subject, listing the faces; --face N picks one', async () => {
    const refused = await run('analyze', 'einstein.jpg');
    expect(refused.code).toBe(EXIT.problems);
    expect(refused.out).toMatch(/einstein\.jpg\s+–\s+–\s+ERROR ambiguous-subject/);
    expect(refused.err).toMatch(
      /Faces: #1 at \(\d+, \d+\) \d+×\d+ px, #2 at \(\d+, \d+\) \d+×\d+ px\. Pick the patient with --face N/,
    );
    const picked = await run('analyze', 'einstein.jpg', '--face', '1', '--json');
    const results = JSON.parse(picked.out) as AnalyzeResult[];
    const first = results[0];
    if (!first?.ok) throw new Error('expected the picked face to be analysed');
    expect(first.detection.chosen).toMatchObject({ n: 1, byUser: true });
    expect(first.detection.candidates).toHaveLength(2);
    const text = await run('analyze', 'einstein.jpg', '--face', 'einstein.jpg=2');
    expect(text.out).toMatch(/einstein\.jpg: 2 faces: #1 at .* px, #2 at .* px \[measured: --face\]/);
    const bad = await run('analyze', 'einstein.jpg', '--face', 'zero');
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toMatch(/--face zero: "zero" is not a face number/);
  }, 60_000);

  it('refuses an unknown view (usage, exit 2)', async () => {
    const r = await run('analyze', 'astronaut.png', '--view', 'side');
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toMatch(/^error: unknown view "side" — use one of front, /);
  });

  it('writes a new case fragment with --out, and merges into an existing case file', async () => {
    const fragment = await run('analyze', 'astronaut.png', '--out', 'out/fragment.json');
    expect(fragment.code).toBe(EXIT.problems);
    expect(fragment.err).toContain('wrote out/fragment.json: 1 photo(s)');
    const written = JSON.parse(readFileSync(path.join(tmp, 'out', 'fragment.json'), 'utf8')) as {
      photos: unknown[];
    };
    expect(written.photos).toHaveLength(1);
    const p = PhotoSchema.parse(written.photos[0]);
    expect(p.image.file).toBe('../astronaut.png');

    const example = JSON.parse(
      readFileSync(path.join(root, 'examples', 'asymmetric-jowl.case.json'), 'utf8'),
    ) as CaseFile;
    const oblique = { ...example.photos[0]!, view: 'oblique-left' as const };
    writeFileSync(
      path.join(tmp, 'existing.case.json'),
      JSON.stringify({ ...example, photos: [...example.photos, oblique] }),
    );
    const merged = await run('analyze', 'astronaut.png', '--view', 'front', '--out', 'existing.case.json');
    expect(merged.err).toContain('updated existing.case.json: 1 photo(s) (front)');
    const c = CaseFileSchema.parse(JSON.parse(readFileSync(path.join(tmp, 'existing.case.json'), 'utf8')));
    expect(c.photos.map((ph) => ph.view).sort()).toEqual(['front', 'oblique-left']);
    const front = c.photos.find((ph) => ph.view === 'front');
    expect(front?.image).toMatchObject({ width: 512, height: 512, file: 'astronaut.png' });
    expect(front?.landmarks.detector.id).toBe('mediapipe-face-mesh-v2');
    expect(c.patient).toEqual(example.patient);
  });

  it('refuses to merge into an --out file that is not a case file', async () => {
    writeFileSync(path.join(tmp, 'broken.case.json'), JSON.stringify({ format: 'liftplan.case' }));
    const r = await run('analyze', 'astronaut.png', '--out', 'broken.case.json');
    expect(r.code).toBe(EXIT.problems);
    expect(r.err).toContain(
      'error: the --out file exists but is not a valid case file, so the photos cannot be merged into it (broken.case.json)',
    );
  });
});
