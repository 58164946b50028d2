import path from 'node:path';
import type { Command } from 'commander';
import {
  CaseFileSchema,
  findMetric,
  VIEWS,
  type CaseFile,
  type MetricId,
  type Photo,
  type View,
  type ViewMeasurements,
} from '@liftplan/domain';
import {
  AnalyzePool,
  analyzePhoto,
  FaceMeshV2Detector,
  VisionError,
  type AnalyzeResult,
} from '@liftplan/vision';
import { readText, writeText } from '../case-file.js';
import { CliError, EXIT, formatProblem, type ExitCode, type Problem } from '../errors.js';
import type { CliIO } from '../io.js';
import { table } from '../table.js';
import { faceFor, faceLines, parseFaceArg } from './face-option.js';

interface AnalyzeCliOptions {
  view?: string;
  face: string[];
  out?: string;
  json?: boolean;
}

/** Metrics shown in the summary table, left / right. */
const KEY_METRICS: readonly { id: MetricId; label: string }[] = [
  { id: 'lateral-brow-height', label: 'brow' },
  { id: 'commissure-height', label: 'mouth corner' },
  { id: 'jowl-depth', label: 'jowl' },
];

function progressBar(done: number, total: number, file: string): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${file}`.padEnd(72);
}

function keyMetrics(m: ViewMeasurements): string {
  return KEY_METRICS.map(({ id, label }) => {
    const l = findMetric(m, id, 'left');
    const r = findMetric(m, id, 'right');
    if (!l || !r) return `${label} –`;
    const est = l.estimate || r.estimate ? '~' : '';
    return `${label} L${est}${l.value.toFixed(1)}/R${est}${r.value.toFixed(1)}${l.unit === 'mm' ? 'mm' : '°'}`;
  }).join(', ');
}

export const PHOTO_TABLE_HEADER = ['photo', 'view', 'pose°', 'quality', 'key metrics'] as const;

/** The photo table with its footnote. */
export function photoTable(results: readonly AnalyzeResult[]): string {
  const faces = faceLines(results);
  return (
    `${table([...PHOTO_TABLE_HEADER], results.map(summaryRow))}\n` +
    '  * view classified from the head pose; ~ millimetres from an estimated scale\n' +
    (faces.length ? `${faces.join('\n')}\n` : '')
  );
}

/** Every quality check that did not pass, one `error:` / `warning:` line each, naming the photo. */
export function qualityLines(results: readonly AnalyzeResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.ok) continue;
    for (const q of r.photo.landmarks.quality ?? []) {
      if (q.status === 'pass') continue;
      lines.push(
        formatProblem(
          { what: `${q.check}: ${q.message.en}`, where: r.file },
          q.status === 'fail' ? 'error' : 'warning',
        ),
      );
    }
  }
  return lines;
}

/** Exit code for per-photo failures: 3 when a file could not be read at all, else 1 (errors.ts). */
export const photoFailureExit = (results: readonly AnalyzeResult[]): ExitCode =>
  results.some((r) => !r.ok && r.error.code === 'read-failed') ? EXIT.io : EXIT.problems;

const deg = (x: number): string => String(Math.round(x) || 0);

/** One row of the photo table (photo, view, pose, quality, key metrics); shared with `plan --photo`. */
export function summaryRow(r: AnalyzeResult): string[] {
  if (!r.ok) return [r.file, '–', '–', `ERROR ${r.error.code}`, r.error.reason];
  const p = r.photo.landmarks.pose;
  const q = r.photo.landmarks.quality ?? [];
  const fails = q.filter((c) => c.status === 'fail').map((c) => c.check);
  const warns = q.filter((c) => c.status === 'warn').map((c) => c.check);
  const quality = fails.length
    ? `FAIL ${fails.join(',')}`
    : warns.length
      ? `warn ${warns.join(',')}`
      : 'pass';
  return [
    r.file,
    `${r.photo.view}${r.viewSource === 'classified' ? '*' : ''}`,
    `y${deg(p.yawDeg)} p${deg(p.pitchDeg)} r${deg(p.rollDeg)}`,
    quality,
    keyMetrics(r.measurements),
  ];
}

/** Puts the analysed photos into an existing case file (replacing photos of the same view) or a new fragment. */
async function writeOut(
  io: CliIO,
  out: string,
  analysed: readonly { photo: Photo; imagePath: string }[],
): Promise<void> {
  const abs = path.resolve(io.cwd, out);
  // Image paths in a case file are relative to the case file.
  const photos = analysed.map(({ photo, imagePath }) => ({
    ...photo,
    image: { ...photo.image, file: path.relative(path.dirname(abs), imagePath).split(path.sep).join('/') },
  }));
  if (await io.exists(abs)) {
    const parsed = CaseFileSchema.safeParse(JSON.parse(await readText(io, out, 'case file')));
    if (!parsed.success) {
      throw new CliError(EXIT.problems, {
        what: 'the --out file exists but is not a valid case file, so the photos cannot be merged into it',
        where: out,
        fix: 'run "liftplan validate" on it, or give a new file name',
      });
    }
    const c: CaseFile = parsed.data;
    const views = new Set(photos.map((p) => p.view));
    const merged: CaseFile = { ...c, photos: [...c.photos.filter((p) => !views.has(p.view)), ...photos] };
    await writeText(io, out, `${JSON.stringify(merged, null, 2)}\n`, 'case file');
    io.err(`updated ${out}: ${photos.length} photo(s) (${[...views].join(', ')})\n`);
  } else {
    await writeText(io, out, `${JSON.stringify({ photos }, null, 2)}\n`, 'output file');
    io.err(`wrote ${out}: ${photos.length} photo(s); add patient and assessment to make it a case file\n`);
  }
}

export function register(program: Command, io: CliIO): void {
  program
    .command('analyze')
    .description(
      'detect the face mesh, head pose and photo quality in photos, then measure (JPEG, PNG, WebP, HEIC)',
    )
    .argument('<images...>', 'photos to analyse')
    .option(
      '--view <view>',
      `the view the photos were taken for (${VIEWS.join(', ')}); default: from the head pose`,
    )
    .option('--out <file>', 'write the photos (landmarks, pose, quality) into this case file')
    .option(
      '--face <[file=]N>',
      'the patient is face N (1 = the largest, as listed) in a photo showing several faces; repeatable',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--json', 'print the full results as JSON')
    .action(async (images: string[], opts: AnalyzeCliOptions) => {
      let view: View | undefined;
      if (opts.view !== undefined) {
        const v = VIEWS.find((x) => x === opts.view);
        if (!v) {
          throw new CliError(EXIT.usage, {
            what: `unknown view "${opts.view}"`,
            fix: `use one of ${VIEWS.join(', ')}`,
          });
        }
        view = v;
      }
      const picks = opts.face.map(parseFaceArg);
      const files = images.map((f) => path.resolve(io.cwd, f));
      const label = (i: number): string => images[i] ?? `photo ${i + 1}`;
      const faceOpt = (i: number): { face?: number } => {
        const n = faceFor(picks, label(i));
        return n !== undefined ? { face: n } : {};
      };
      let results: AnalyzeResult[];
      try {
        if (files.length === 1) {
          const detector = await FaceMeshV2Detector.create();
          results = [
            await analyzePhoto(files[0] ?? '', {
              detector,
              label: label(0),
              ...(view ? { view } : {}),
              ...faceOpt(0),
            }),
          ];
        } else {
          const pool = await AnalyzePool.create();
          try {
            let done = 0;
            io.err(progressBar(0, files.length, ''));
            results = await Promise.all(
              files.map(async (f, i) => {
                const r = await pool.analyze(f, {
                  label: label(i),
                  ...(view ? { view } : {}),
                  ...faceOpt(i),
                });
                io.err(progressBar(++done, files.length, label(i)));
                return r;
              }),
            );
          } finally {
            await pool.close();
          }
        }
      } catch (e) {
        // Per-photo failures come back as results; only start-up failures (models, workers) land here.
        throw new CliError(EXIT.problems, {
          what: e instanceof VisionError ? e.message : `the face detector could not start: ${String(e)}`,
          fix: 'reinstall dependencies with "npm ci"',
        });
      }
      if (files.length > 1) io.err('\n');

      if (opts.json) {
        io.out(`${JSON.stringify(results, null, 2)}\n`);
      } else {
        io.out(photoTable(results));
        for (const line of qualityLines(results)) io.err(`${line}\n`);
      }

      const ok = results.flatMap((r) => (r.ok ? [r] : []));
      if (opts.out) {
        const seen = new Map<View, string>();
        for (const r of ok) {
          const prev = seen.get(r.photo.view);
          if (prev) {
            throw new CliError(EXIT.problems, {
              what: `two photos for the ${r.photo.view} view (${prev} and ${r.file}); a case keeps one photo per view`,
              fix: 'analyse one photo per view, or give --view',
            });
          }
          seen.set(r.photo.view, r.file);
        }
        await writeOut(
          io,
          opts.out,
          ok.map((r) => ({ photo: r.photo, imagePath: files[results.indexOf(r)] ?? r.file })),
        );
      }

      const problems: Problem[] = results.flatMap((r): Problem[] =>
        !r.ok
          ? [{ what: r.error.reason, where: r.file }]
          : r.passed
            ? []
            : [{ what: 'photo failed the quality gate (see above)', where: r.file, fix: 'retake the photo' }],
      );
      if (problems.length) throw new CliError(photoFailureExit(results), problems);
    });
}
