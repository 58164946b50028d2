/**
 * The assessment as the clinician fills it in: nothing is chosen until the clinician chooses it (no pre-filled
 * grades). Grades are per region AND side (case format 1.1); `toAssessment` builds the case-file shape (the
 * region grade is the worse side) or lists what is still missing.
 */
import { REGIONS, SIDES, type Assessment, type Region, type Side } from '@liftplan/domain';

export type Choice<T> = T | null;
type Selects = Pick<Assessment, 'skinThickness' | 'elasticity' | 'fat' | 'glogau' | 'fitzpatrick'>;

export interface AssessmentDraft {
  readonly sideGrades: Record<Side, Record<Region, Choice<number>>>;
  readonly selects: { readonly [K in keyof Selects]: Choice<Selects[K]> };
  readonly skinByRegion: Partial<Record<Region, Assessment['skinThickness']>>;
}

const none = (): Record<Region, Choice<number>> =>
  Object.fromEntries(REGIONS.map((r) => [r, null])) as Record<Region, Choice<number>>;

export const EMPTY_DRAFT: AssessmentDraft = {
  sideGrades: { left: none(), right: none() },
  selects: { skinThickness: null, elasticity: null, fat: null, glogau: null, fitzpatrick: null },
  skinByRegion: {},
};

/** A stored assessment (migrated to per-side grades at read time) as a draft: the clinician's own choices. */
export function draftOf(a: Assessment | undefined): AssessmentDraft {
  if (!a) return EMPTY_DRAFT;
  const side = (s: Side): Record<Region, Choice<number>> =>
    Object.fromEntries(REGIONS.map((r) => [r, a.sideGrades?.[s][r] ?? a.grades[r]])) as Record<
      Region,
      Choice<number>
    >;
  return {
    sideGrades: { left: side('left'), right: side('right') },
    selects: {
      skinThickness: a.skinThickness,
      elasticity: a.elasticity,
      fat: a.fat,
      glogau: a.glogau,
      fitzpatrick: a.fitzpatrick,
    },
    skinByRegion: { ...(a.skinByRegion ?? {}) },
  };
}

export type Missing =
  | { readonly kind: 'grade'; readonly region: Region; readonly side: Side }
  | { readonly kind: 'select'; readonly key: keyof Selects };

/** The case-file assessment, or what is missing (every region and side, every select). */
export function toAssessment(
  d: AssessmentDraft,
): { ok: true; value: Assessment } | { ok: false; missing: Missing[] } {
  const missing: Missing[] = [];
  for (const region of REGIONS) {
    for (const side of SIDES) {
      if (d.sideGrades[side][region] === null) missing.push({ kind: 'grade', region, side });
    }
  }
  for (const key of Object.keys(d.selects) as (keyof Selects)[]) {
    if (d.selects[key] === null) missing.push({ kind: 'select', key });
  }
  const s = d.selects;
  if (
    missing.length > 0 ||
    s.skinThickness === null ||
    s.elasticity === null ||
    s.fat === null ||
    s.glogau === null ||
    s.fitzpatrick === null
  ) {
    return { ok: false, missing };
  }
  const side = (x: Side): Record<Region, number> =>
    Object.fromEntries(REGIONS.map((r) => [r, d.sideGrades[x][r] ?? 0])) as Record<Region, number>;
  const left = side('left');
  const right = side('right');
  const grades = Object.fromEntries(REGIONS.map((r) => [r, Math.max(left[r], right[r])])) as Record<
    Region,
    number
  >;
  const skin = Object.fromEntries(
    Object.entries(d.skinByRegion).filter(([, v]) => v !== undefined && v !== s.skinThickness),
  );
  return {
    ok: true,
    value: {
      grades,
      sideGrades: { left, right },
      ...(Object.keys(skin).length > 0 ? { skinByRegion: skin } : {}),
      skinThickness: s.skinThickness,
      elasticity: s.elasticity,
      fat: s.fat,
      glogau: s.glogau,
      fitzpatrick: s.fitzpatrick,
    },
  };
}
