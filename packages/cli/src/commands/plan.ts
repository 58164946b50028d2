import path from 'node:path';
import type { Command } from 'commander';
import {
  buildDangerZones,
  buildFaceFrame,
  calibrate,
  planCase,
  projectPlan,
  renderSvg,
  type CaseFile,
  type PlanResult,
} from '@liftplan/domain';
import { loadCase, writeText, type LoadedCase } from '../case-file.js';
import { CliError, EXIT, formatProblem } from '../errors.js';
import { formatPlan } from '../format.js';
import type { CliIO } from '../io.js';

interface PlanOptions {
  json?: boolean;
  svg?: string;
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
  if (photo.image.file !== undefined) {
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

export function register(program: Command, io: CliIO): void {
  program
    .command('plan')
    .description(
      'plan a case: candidacy, measurements, threads, safety findings, risks and the rules that fired',
    )
    .argument('<case>', 'case file (.case.json)')
    .option('--json', 'print the plan result as JSON instead of text')
    .option('--svg <file>', 'also write an SVG overlay (danger zones and threads over the photo)')
    .action(async (file: string, opts: PlanOptions) => {
      const loaded = await loadCase(io, file);
      const plan = planCase(loaded.caseFile);
      io.out(opts.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
      if (opts.svg !== undefined) {
        const { svg, warnings } = await planSvg(io, loaded, plan, opts.svg);
        for (const w of warnings) io.err(`${w}\n`);
        await writeText(io, opts.svg, svg, 'SVG file');
        // Keep standard output pure JSON under --json.
        if (opts.json) io.err(`wrote ${opts.svg}\n`);
        else io.out(`wrote ${opts.svg}\n`);
      }
      const unresolved = plan.findings.filter((f) => f.level === 'error' && !f.justification);
      if (unresolved.length > 0) {
        throw new CliError(EXIT.problems, {
          what: `the plan has ${unresolved.length} unresolved error finding${unresolved.length === 1 ? '' : 's'} (${[...new Set(unresolved.map((f) => f.code))].join(', ')})`,
          where: file,
          fix: 'review the findings; adjust the plan or record a clinician justification in the case\'s "justifications"',
        });
      }
    });
}
