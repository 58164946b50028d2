import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import {
  buildDangerZones,
  buildFaceFrame,
  calibrate,
  planCase,
  projectPlan,
  renderSvg,
  VIEWS,
  type CaseFile,
  type Photo,
  type PlanResult,
  type View,
} from '@liftplan/domain';
import {
  analyzePhoto,
  FaceMeshV2Detector,
  makeDerivative,
  VisionError,
  type AnalyzeResult,
  type AnalyzeSuccess,
} from '@liftplan/vision';
import { loadCase, schemaProblems, writeText, type LoadedCase } from '../case-file.js';
import { CliError, EXIT, formatProblem, type ExitCode, type Problem } from '../errors.js';
import { formatPlan } from '../format.js';
import type { CliIO } from '../io.js';
import { photoFailureExit, photoTable, qualityLines } from './analyze.js';
import { faceFor, parseFaceArg, type FacePick } from './face-option.js';

interface PlanOptions {
  json?: boolean;
  face: string[];
  svg?: string;
  photo: string[];
  out?: string;
}

/** One `--photo [view=]file` argument. */
export interface PhotoArg {
  readonly file: string;
  /** Absent: classified from the head pose. */
  readonly view?: View;
}

/** Parses `--photo front=img.jpg` or `--photo img.jpg`; an unknown `word=` prefix is a usage error. */
export function parsePhotoArg(arg: string): PhotoArg {
  const m = /^([a-z]+(?:-[a-z]+)?)=(.+)$/.exec(arg);
  if (!m) return { file: arg };
  const [, prefix = '', file = ''] = m;
  const view = VIEWS.find((v) => v === prefix);
  if (!view) {
    throw new CliError(EXIT.usage, {
      what: `unknown view "${prefix}" in --photo ${arg}`,
      fix: `write --photo <view>=<file> with one of ${VIEWS.join(', ')}, or --photo <file> to classify the view from the head pose`,
    });
  }
  return { file, view };
}

/** An analysed photo given on the command line, with the absolute path of its file. */
interface GivenPhoto {
  readonly result: AnalyzeSuccess;
  readonly absPath: string;
}

/**
 * Analyses the `--photo` files one after another with one detector (a case has a handful of photos; worker
 * start-up would cost more than it saves). A photo that fails is reported and skipped; the others go on.
 */
async function analyzeGiven(
  io: CliIO,
  args: readonly PhotoArg[],
  pupillaryDistanceMm: number | undefined,
  picks: readonly FacePick[] = [],
): Promise<{ results: AnalyzeResult[]; given: GivenPhoto[] }> {
  let detector: FaceMeshV2Detector;
  try {
    detector = await FaceMeshV2Detector.create();
  } catch (e) {
    throw new CliError(EXIT.problems, {
      what: e instanceof VisionError ? e.message : `the face detector could not start: ${String(e)}`,
      fix: 'reinstall dependencies with "npm ci"',
    });
  }
  const results: AnalyzeResult[] = [];
  const given: GivenPhoto[] = [];
  for (const a of args) {
    const absPath = path.resolve(io.cwd, a.file);
    const face = faceFor(picks, a.file);
    const r = await analyzePhoto(absPath, {
      detector,
      label: a.file,
      ...(a.view ? { view: a.view } : {}),
      ...(face !== undefined ? { face } : {}),
      ...(pupillaryDistanceMm !== undefined ? { pupillaryDistanceMm } : {}),
    });
    results.push(r);
    if (r.ok) given.push({ result: r, absPath });
  }
  return { results, given };
}

/** A standalone image reference: the photo as a metadata-free JPEG (≤ 2048 px) in a data: URL. */
async function photoDataUrl(absPath: string): Promise<string> {
  const { jpeg } = await makeDerivative(await readFile(absPath));
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** The photo an overlay is drawn on: the front view when there is one, else the first photo. */
function overlayPhoto(c: CaseFile): CaseFile['photos'][number] | undefined {
  return c.photos.find((p) => p.view === 'front') ?? c.photos[0];
}

/** The SVG overlay: danger zones and the projected plan over the case's photo (or a blank canvas). */
export async function planSvg(
  io: CliIO,
  loaded: LoadedCase,
  plan: PlanResult,
  svgFile: string,
  /** Files of the photos given on the command line, by view: embedded as data: URLs so the SVG stands alone. */
  embedded: ReadonlyMap<View, string> = new Map(),
): Promise<{ svg: string; warnings: string[] }> {
  const c = loaded.caseFile;
  const photo = overlayPhoto(c);
  if (!photo) {
    throw new CliError(EXIT.problems, {
      what: 'the case has no photos, so there is nothing to draw',
      where: loaded.file,
      fix: 'add a photo with landmarks to the case, or leave out --svg',
    });
  }
  const warnings: string[] = [];
  const image: { width: number; height: number; href?: string } = {
    width: photo.image.width,
    height: photo.image.height,
  };
  const givenPath = embedded.get(photo.view);
  if (givenPath !== undefined) {
    image.href = await photoDataUrl(givenPath);
  } else if (photo.image.file !== undefined) {
    const imageAbs = path.resolve(path.dirname(loaded.absPath), photo.image.file);
    if (await io.exists(imageAbs)) {
      const svgDir = path.dirname(path.resolve(io.cwd, svgFile));
      image.href = path.relative(svgDir, imageAbs).split(path.sep).join('/');
    } else {
      warnings.push(
        formatProblem(
          {
            what: `the photo named in the case was not found, so the overlay is drawn on a blank canvas`,
            where: photo.image.file,
            fix: 'image paths are relative to the case file',
          },
          'warning',
        ),
      );
    }
  }
  const landmarks = photo.landmarks;
  const frame = buildFaceFrame(landmarks, calibrate(landmarks, c.patient.pupillaryDistanceMm));
  const svg = renderSvg({
    image,
    landmarks,
    frame,
    zones: buildDangerZones(landmarks, frame, photo.view),
    plan: projectPlan(plan, landmarks),
    title: `liftplan — ${c.caseId} — ${photo.view} — rule set ${plan.ruleSetVersion}`,
  });
  return { svg, warnings };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Case-file photos written by --out: image paths relative to the written file. */
function withImagePaths(photos: readonly Photo[], given: readonly GivenPhoto[], outAbs: string): Photo[] {
  const byView = new Map(given.map((g) => [g.result.photo.view, g.absPath]));
  return photos.map((p) => {
    const abs = byView.get(p.view);
    if (abs === undefined) return p;
    const file = path.relative(path.dirname(outAbs), abs).split(path.sep).join('/');
    return { ...p, image: { ...p.image, file } };
  });
}

export function register(program: Command, io: CliIO): void {
  program
    .command('plan')
    .description(
      'plan a case: candidacy, measurements, threads, safety findings, risks and the rules that fired',
    )
    .argument('<case>', 'case file (.case.json); its "photos" may be empty when --photo gives them')
    .option('--json', 'print the plan result as JSON instead of text')
    .option('--svg <file>', 'also write an SVG overlay (danger zones and threads over the photo)')
    .option(
      '--photo <[view=]file>',
      `analyse a photo (JPEG, PNG, WebP, HEIC) and plan with it, replacing the case's photo of that view; view is one of ${VIEWS.join(', ')} (default: from the head pose); repeatable`,
      collect,
      [],
    )
    .option('--out <file>', 'with --photo: also write the case with the analysed photos (landmarks, quality)')
    .option(
      '--face <[file=]N>',
      'with --photo: the patient is face N (1 = the largest, as listed) in a photo showing several faces; repeatable',
      collect,
      [],
    )
    .action(async (file: string, opts: PlanOptions) => {
      const args = opts.photo.map(parsePhotoArg);
      const picks = opts.face.map(parseFaceArg);
      const requested = new Map<View, string>();
      for (const a of args) {
        if (!a.view) continue;
        const prev = requested.get(a.view);
        if (prev !== undefined) {
          throw new CliError(EXIT.usage, {
            what: `two photos for the ${a.view} view (${prev} and ${a.file}); a case keeps one photo per view`,
            fix: 'give one --photo per view',
          });
        }
        requested.set(a.view, a.file);
      }
      if (opts.out !== undefined && args.length === 0) {
        throw new CliError(EXIT.usage, {
          what: '--out needs at least one --photo',
          fix: 'add --photo <view>=<file>',
        });
      }
      const original = await loadCase(io, file);
      let loaded = original;
      let photoResults: AnalyzeResult[] = [];
      let given: GivenPhoto[] = [];
      const problems: Problem[] = [];
      let exit: ExitCode = EXIT.problems;

      if (args.length > 0) {
        ({ results: photoResults, given } = await analyzeGiven(
          io,
          args,
          original.caseFile.patient.pupillaryDistanceMm,
          picks,
        ));
        const seen = new Map<View, string>();
        for (const g of given) {
          const prev = seen.get(g.result.photo.view);
          if (prev !== undefined) {
            throw new CliError(EXIT.problems, {
              what: `two photos show the ${g.result.photo.view} view (${prev} and ${g.result.file}); a case keeps one photo per view`,
              fix: 'give the view explicitly: --photo <view>=<file>',
            });
          }
          seen.set(g.result.photo.view, g.result.file);
        }
        // The photo table and every quality check that did not pass: on stdout with the text plan, on
        // stderr under --json (stdout stays pure JSON).
        const table = photoTable(photoResults);
        if (opts.json) io.err(table);
        else io.out(`${table}\n`);
        for (const line of qualityLines(photoResults)) io.err(`${line}\n`);
        for (const r of photoResults) {
          if (!r.ok) problems.push({ what: r.error.reason, where: r.file });
          else if (!r.passed) {
            problems.push({
              what: 'photo failed the quality gate (see above); the plan and overlay drawn from it are provisional',
              where: r.file,
              fix: 'retake the photo before relying on the plan',
            });
          }
        }
        exit = photoFailureExit(photoResults);

        const views = new Set(given.map((g) => g.result.photo.view));
        const merged: CaseFile = {
          ...original.caseFile,
          photos: [
            ...original.caseFile.photos.filter((p) => !views.has(p.view)),
            ...given.map((g) => g.result.photo),
          ],
        };
        const checked = schemaProblems(merged, file);
        if (!checked.ok) throw new CliError(EXIT.problems, checked.problems);
        loaded = { ...original, caseFile: checked.value };
      }

      const plan = planCase(loaded.caseFile);
      io.out(opts.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
      const wrote = (f: string): void => {
        // Keep standard output pure JSON under --json.
        if (opts.json) io.err(`wrote ${f}\n`);
        else io.out(`wrote ${f}\n`);
      };
      if (opts.svg !== undefined) {
        const embedded = new Map(given.map((g) => [g.result.photo.view, g.absPath] as const));
        const { svg, warnings } = await planSvg(io, loaded, plan, opts.svg, embedded);
        for (const w of warnings) io.err(`${w}\n`);
        await writeText(io, opts.svg, svg, 'SVG file');
        wrote(opts.svg);
      }
      if (opts.out !== undefined) {
        const outAbs = path.resolve(io.cwd, opts.out);
        const c: CaseFile = {
          ...loaded.caseFile,
          photos: withImagePaths(loaded.caseFile.photos, given, outAbs),
        };
        await writeText(io, opts.out, `${JSON.stringify(c, null, 2)}\n`, 'case file');
        wrote(opts.out);
      }
      const unresolved = plan.findings.filter((f) => f.level === 'error' && !f.justification);
      if (unresolved.length > 0) {
        problems.push({
          what: `the plan has ${unresolved.length} unresolved error finding${unresolved.length === 1 ? '' : 's'} (${[...new Set(unresolved.map((f) => f.code))].join(', ')})`,
          where: file,
          fix: 'review the findings; adjust the plan or record a clinician justification in the case\'s "justifications"',
        });
      }
      // A saved case whose landmarks come from a failed gate is as provisional as a failed --photo.
      const gateAlreadyNamed = problems.some((p) => p.what.startsWith('photo failed the quality gate'));
      if (plan.provisional && !gateAlreadyNamed) {
        problems.push({
          what: `the plan is provisional: ${plan.provisional.reasons.join('; ')}`,
          where: file,
          fix: 'retake the photo (liftplan plan --photo) before relying on the plan',
        });
      }
      if (problems.length > 0) throw new CliError(exit, problems);
    });
}
