/**
 * Case format migrations, applied before validation: a 1.0 file (grades per region only) becomes 1.1 (grades
 * per region and side, both sides equal to the region's grade, which is what a 1.0 grade meant). Stored
 * assessments on the server migrate the same way at read time. Pure; unknown shapes pass through untouched so
 * that validation reports them.
 */
import { REGIONS, SIDES, type Region, type Side } from './vocab.js';
import { CASE_FORMAT_VERSION, type Assessment } from './schema.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A stored or 1.0 assessment with per-side grades filled in from the region grades (a copy; input unchanged). */
export function migrateAssessment(a: unknown): unknown {
  if (!isObject(a) || !isObject(a.grades) || a.sideGrades !== undefined) return a;
  const g = a.grades;
  const copy = (): Json => Object.fromEntries(REGIONS.map((r) => [r, g[r]]));
  return { ...a, sideGrades: { left: copy(), right: copy() } };
}

/** A case file of any readable 1.x version in the current version's shape. */
export function migrateCaseFile(input: unknown): unknown {
  if (!isObject(input) || input.format !== 'liftplan.case' || typeof input.version !== 'string') return input;
  if (!/^1\.\d+$/.test(input.version)) return input;
  const minor = Number(input.version.split('.')[1]);
  if (minor >= 1) return input;
  return { ...input, version: CASE_FORMAT_VERSION, assessment: migrateAssessment(input.assessment) };
}

/** The clinician's grade of one region and side (1.1 sideGrades; the region grade for a 1.0 assessment). */
export function gradeOf(a: Pick<Assessment, 'grades' | 'sideGrades'>, region: Region, side: Side): number {
  return a.sideGrades?.[side][region] ?? a.grades[region];
}

/** The worse side's grade of a region. */
export const worseGrade = (a: Pick<Assessment, 'grades' | 'sideGrades'>, region: Region): number =>
  Math.max(...SIDES.map((s) => gradeOf(a, region, s)));

/** Skin thickness of a region (its own where recorded, else the face's). */
export function skinOf(
  a: Pick<Assessment, 'skinThickness' | 'skinByRegion'>,
  region: Region,
): Assessment['skinThickness'] {
  return a.skinByRegion?.[region] ?? a.skinThickness;
}
