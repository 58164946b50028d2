/**
 * The aftercare schedule generator: from the plan's placements and the procedure date to dated instructions,
 * grouped by day and week, the warning signs and the follow-up dates. Pure and deterministic (no clock).
 */
import type { Bilingual } from '../candidacy/types.js';
import { REGIONS, type Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import type { Fixation, Material, ThreadKind, ThreadPlacement } from '../planner/types.js';
import {
  AFTERCARE_NOTICE,
  AFTERCARE_RULES,
  EXPECTED_COURSE,
  FOLLOW_UPS,
  MOUTH_REGIONS,
  WARNING_SIGNS,
  type AftercareCategory,
  type AftercareRule,
  type CourseNote,
  type FollowUpRule,
  type WarningSign,
} from './data.js';
import { addDays, addMonths } from './dates.js';

export interface AftercareInput {
  readonly placements: readonly Pick<ThreadPlacement, 'region' | 'fixation' | 'kind' | 'material'>[];
  /** Procedure day, YYYY-MM-DD (day 0). */
  readonly procedureDate: string;
  readonly sex?: 'female' | 'male' | 'other';
}

export type AftercareProfile = 'floating' | 'anchored';

export interface AftercareInstruction {
  readonly id: string;
  readonly category: AftercareCategory;
  readonly text: Bilingual;
  /** Applies on days 0 … days−1. */
  readonly days: number;
  /** First day it no longer applies (procedure date + days). */
  readonly until: string;
  /** Last day it applies. */
  readonly lastDay: string;
  /** Which duration was taken and why (for the clinician; not patient text). */
  readonly basis: string;
  readonly cite: readonly CitationKey[];
}

export interface AftercarePhase {
  readonly id: 'day-0' | 'days-1-2' | 'days-3-6' | 'week-2' | 'weeks-3-4' | 'weeks-5-8';
  readonly label: Bilingual;
  /** Days from the procedure, inclusive. */
  readonly fromDay: number;
  readonly toDay: number;
  readonly from: string;
  readonly to: string;
  /** Ids of the instructions that apply at the start of this phase. */
  readonly instructionIds: readonly string[];
}

export interface FollowUp {
  readonly id: FollowUpRule['id'];
  readonly date: string;
  readonly window?: { readonly from: string; readonly to: string };
  readonly label: Bilingual;
  readonly purpose: Bilingual;
  readonly cite: readonly CitationKey[];
}

export interface AftercareSchedule {
  /** False when the plan places no threads: nothing to schedule. */
  readonly planned: boolean;
  readonly procedureDate: string;
  readonly profile: AftercareProfile;
  readonly regions: readonly Region[];
  readonly mouthRegions: boolean;
  readonly kinds: readonly ThreadKind[];
  readonly materials: readonly Material[];
  readonly instructions: readonly AftercareInstruction[];
  readonly phases: readonly AftercarePhase[];
  readonly expectedCourse: readonly CourseNote[];
  readonly warningSigns: readonly WarningSign[];
  readonly followUps: readonly FollowUp[];
  readonly notice: Bilingual;
}

const PHASES: readonly { id: AftercarePhase['id']; fromDay: number; toDay: number; label: Bilingual }[] = [
  { id: 'day-0', fromDay: 0, toDay: 0, label: { en: 'Day 0', ko: '당일' } },
  { id: 'days-1-2', fromDay: 1, toDay: 2, label: { en: 'Days 1–2', ko: '1~2일' } },
  { id: 'days-3-6', fromDay: 3, toDay: 6, label: { en: 'Days 3–6', ko: '3~6일' } },
  { id: 'week-2', fromDay: 7, toDay: 13, label: { en: 'Week 2', ko: '2주차' } },
  { id: 'weeks-3-4', fromDay: 14, toDay: 27, label: { en: 'Weeks 3–4', ko: '3~4주차' } },
  { id: 'weeks-5-8', fromDay: 28, toDay: 55, label: { en: 'Weeks 5–8', ko: '5~8주차' } },
];

const FOLLOW_UP_LABEL: Record<FollowUpRule['id'], Bilingual> = {
  'week-1': { en: 'About 1 week', ko: '약 1주 후' },
  'month-1': { en: '1 month', ko: '1개월 후' },
  'month-3': { en: '3 months', ko: '3개월 후' },
  'month-6': { en: '6 months', ko: '6개월 후' },
};

function ruleDays(
  rule: AftercareRule,
  profile: AftercareProfile,
  mouth: boolean,
): { days: number; basis: string } {
  let days = rule.days[profile];
  let basis = `${profile} threads: ${days} d`;
  if (mouth && rule.mouthRegionDays !== undefined && rule.mouthRegionDays > days) {
    days = rule.mouthRegionDays;
    basis = `threads in the mouth regions: ${days} d`;
  }
  return { days, basis: `${basis} (${rule.note})` };
}

function applies(rule: AftercareRule, mouth: boolean, sex: AftercareInput['sex']): boolean {
  switch (rule.when) {
    case 'always':
      return true;
    case 'mouth-regions':
      return mouth;
    case 'male':
      return sex === 'male';
  }
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** The aftercare schedule for a plan. Anchored threads and the regions treated change the durations. */
export function buildAftercareSchedule(input: AftercareInput): AftercareSchedule {
  const { placements, procedureDate } = input;
  addDays(procedureDate, 0); // validates the date
  const fixations: readonly Fixation[] = placements.map((p) => p.fixation);
  const profile: AftercareProfile = fixations.includes('anchored-deep-temporal-fascia')
    ? 'anchored'
    : 'floating';
  const regions = REGIONS.filter((r) => placements.some((p) => p.region === r));
  const mouth = regions.some((r) => MOUTH_REGIONS.includes(r));
  const planned = placements.length > 0;

  const instructions: AftercareInstruction[] = planned
    ? AFTERCARE_RULES.filter((r) => applies(r, mouth, input.sex)).map((r) => {
        const { days, basis } = ruleDays(r, profile, mouth);
        return {
          id: r.id,
          category: r.category,
          text: r.text,
          days,
          until: addDays(procedureDate, days),
          lastDay: addDays(procedureDate, days - 1),
          basis,
          cite: r.cite,
        };
      })
    : [];

  const phases: AftercarePhase[] = PHASES.map((p) => ({
    id: p.id,
    label: p.label,
    fromDay: p.fromDay,
    toDay: p.toDay,
    from: addDays(procedureDate, p.fromDay),
    to: addDays(procedureDate, p.toDay),
    instructionIds: instructions.filter((i) => i.days > p.fromDay).map((i) => i.id),
  })).filter((p) => p.instructionIds.length > 0);

  const followUps: FollowUp[] = planned
    ? FOLLOW_UPS.map((f) => {
        const date =
          'days' in f.offset
            ? addDays(procedureDate, f.offset.days)
            : addMonths(procedureDate, f.offset.months);
        const base = { id: f.id, date, label: FOLLOW_UP_LABEL[f.id], purpose: f.purpose, cite: f.cite };
        return f.window
          ? {
              ...base,
              window: {
                from: addDays(procedureDate, f.window.fromDays),
                to: addDays(procedureDate, f.window.toDays),
              },
            }
          : base;
      })
    : [];

  return {
    planned,
    procedureDate,
    profile,
    regions,
    mouthRegions: mouth,
    kinds: unique(placements.map((p) => p.kind)),
    materials: unique(placements.map((p) => p.material)),
    instructions,
    phases,
    expectedCourse: planned ? EXPECTED_COURSE : [],
    warningSigns: planned ? WARNING_SIGNS.filter((w) => !w.anchoredOnly || profile === 'anchored') : [],
    followUps,
    notice: AFTERCARE_NOTICE,
  };
}
