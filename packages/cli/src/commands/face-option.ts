import type { AnalyzeResult } from '@liftplan/vision';
import { CliError, EXIT } from '../errors.js';

/**
 * `--face [file=]N`: which face is the patient when a photo shows several (1 = the largest, as the photo table
 * numbers them). Without `file=` it applies to every photo; repeatable.
 */
export interface FacePick {
  readonly file?: string;
  readonly n: number;
}

export function parseFaceArg(arg: string): FacePick {
  const eq = arg.lastIndexOf('=');
  const file = eq > 0 ? arg.slice(0, eq) : undefined;
  const num = eq > 0 ? arg.slice(eq + 1) : arg;
  const n = Number(num);
  if (!/^\d+$/.test(num) || !Number.isInteger(n) || n < 1) {
    throw new CliError(EXIT.usage, {
      what: `--face ${arg}: "${num}" is not a face number`,
      fix: 'write --face N or --face <file>=N with N from 1 (the largest face) as the photo table lists them',
    });
  }
  return file !== undefined ? { file, n } : { n };
}

/** The face number for one photo (its command-line name), or undefined to let the analysis decide. */
export function faceFor(picks: readonly FacePick[], file: string): number | undefined {
  return (picks.find((p) => p.file === file) ?? picks.find((p) => p.file === undefined))?.n;
}

/** Lines listing the faces of each photo that showed more than one (numbered, boxes in pixels). */
export function faceLines(results: readonly AnalyzeResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (!r.ok || r.detection.candidates.length < 2) continue;
    const list = r.detection.candidates
      .map(
        (c) =>
          `#${c.n} at (${Math.round(c.box.x)}, ${Math.round(c.box.y)}) ${Math.round(c.box.width)}×${Math.round(c.box.height)} px${c.n === r.detection.chosen.n ? (r.detection.chosen.byUser ? ' [measured: --face]' : ' [measured]') : ''}`,
      )
      .join(', ');
    lines.push(`  ${r.file}: ${r.detection.candidates.length} faces: ${list}`);
  }
  return lines;
}
