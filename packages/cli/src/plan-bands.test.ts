/**
 * Error bands and provisional plans in `liftplan plan`: a case whose landmarks carry a detector with measured
 * repeatability shows "±SEM" next to every value and the MDC of each difference; a saved case with landmarks
 * from a failed quality gate prints a PROVISIONAL banner, carries `provisional` in JSON and exits 1.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { METRIC_BANDS, type CaseFile, type PlanResult } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { EXIT } from './errors.js';
import { main } from './main.js';
import { memoryIO } from './test-io.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'liftplan-bands-'));
const example = JSON.parse(
  readFileSync(path.join(root, 'examples/asymmetric-jowl.case.json'), 'utf8'),
) as CaseFile;

async function run(...argv: string[]) {
  const io = memoryIO(root);
  const code = await main(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

function writeCase(
  name: string,
  edit: (p: CaseFile['photos'][number]) => CaseFile['photos'][number],
): string {
  const c: CaseFile = {
    ...example,
    photos: example.photos.map((p) => ({ ...edit(p), image: { ...p.image, file: undefined } })),
  };
  const file = path.join(tmp, `${name}.case.json`);
  writeFileSync(file, JSON.stringify(c));
  return file;
}

describe('liftplan plan: error bands', () => {
  it('prints ±SEM beside every value and the MDC of each difference, with the legend', async () => {
    const file = writeCase('human', (p) => ({
      ...p,
      landmarks: { ...p.landmarks, detector: { id: 'human-facemesh', version: 'human 3.3.6' } },
    }));
    const r = await run('plan', file);
    const jowl = METRIC_BANDS.singleShot['jowl-depth'];
    expect(jowl).toBeDefined();
    const mdc = (jowl?.mdc ?? NaN).toFixed(1);
    expect(r.out).toMatch(
      new RegExp(
        `jowl-depth\\s+8\\.5 mm ±\\d+\\.\\d\\s+3\\.5 mm ±\\d+\\.\\d\\s+\\+5\\.0 mm \\(MDC ${mdc}\\)`,
      ),
    );
    expect(r.out).toMatch(/± = standard error of measurement \(SEM\) from .+ repeatability/);
    const json = await run('plan', file, '--json');
    const plan = JSON.parse(json.out) as PlanResult;
    const m = plan.measurements?.metrics.find((x) => x.id === 'jowl-depth' && x.side === 'left');
    expect(m?.status === 'measured' ? m.band?.mdc : undefined).toBe(jowl?.mdc);
    const a = plan.measurements?.asymmetries.find((x) => x.id === 'jowl-depth');
    // 5 mm is beyond the 3 mm threshold; it is flagged only when also beyond the measured MDC.
    expect(a?.perceptible).toBe(5 > (jowl?.mdc ?? Infinity));
  });
});

describe('liftplan plan: provisional (failed-gate landmarks in a saved case)', () => {
  const file = writeCase('failed-gate', (p) => ({
    ...p,
    landmarks: {
      ...p.landmarks,
      quality: [
        {
          check: 'sharpness',
          status: 'fail',
          message: { en: 'the face is blurred: hold still', ko: '얼굴이 흐립니다' },
        },
      ],
    },
  }));

  it('prints a PROVISIONAL banner with the reason and exits 1', async () => {
    const r = await run('plan', file);
    expect(r.code).toBe(EXIT.problems);
    expect(r.out).toContain('PROVISIONAL: measured from a photo that failed the quality gate');
    expect(r.out).toContain('front photo failed the quality gate (sharpness): the face is blurred');
    expect(r.err).toContain('the plan is provisional');
  });

  it('carries the flag and its reasons in --json, still exiting 1', async () => {
    const r = await run('plan', file, '--json');
    expect(r.code).toBe(EXIT.problems);
    const plan = JSON.parse(r.out) as PlanResult;
    expect(plan.provisional?.reasons).toEqual([
      'front photo failed the quality gate (sharpness): the face is blurred: hold still',
    ]);
  });

  it('is not provisional when every check passed', async () => {
    const r = await run('plan', 'examples/asymmetric-jowl.case.json', '--json');
    expect((JSON.parse(r.out) as PlanResult).provisional).toBeNull();
  });
});
