/**
 * `verifyPlan`: the one check of a plan record, shared by saving, signing, printing and the web's sign dialog.
 * It re-plans from the record's case, checks that every placement is one the planner made (only its entry point
 * and path ends may move), re-checks the danger zones with the recorded justifications, and lists every reason
 * the record cannot be signed as a code with parameters (the UI words them in its language).
 *
 * Pure: no I/O, no clock.
 */
import type { Justification } from '../case/schema.js';
import {
  choicesOf,
  frontGeometry,
  PlanEditError,
  recheckPlacements,
  validatePlacementEdits,
  withPlacementChoices,
  type SafetyGeometry,
} from '../planner/edit.js';
import { planCase, type PlanOptions, type PlanResult } from '../planner/plan.js';
import { RULE_SET } from '../planner/rules.js';
import type { ThreadPlacement } from '../planner/types.js';
import { REQUIRED_VIEWS, type PlanRecord } from './schema.js';

export const PLAN_ISSUE_CODES = [
  'assessment-missing',
  'case-invalid',
  'required-view-missing',
  'rule-set-changed',
  'placements-missing',
  'placement-unknown',
  'placement-duplicate',
  'placement-missing',
  'placement-altered',
  'placement-invalid',
  'edited-unknown',
  'finding-unresolved',
] as const;
export type PlanIssueCode = (typeof PLAN_ISSUE_CODES)[number];

/** One reason a record cannot be signed. `params` name what it is about; `message` is English for logs/CLI. */
export interface PlanIssue {
  readonly code: PlanIssueCode;
  readonly params: Readonly<Record<string, string | number>>;
  readonly message: string;
}

export interface PlanVerification {
  /** The plan the record stands for; null when the record holds no case or its placements do not fit it. */
  readonly plan: PlanResult | null;
  /** Every reason the record cannot be signed (empty: signable as far as the record itself goes). */
  readonly issues: readonly PlanIssue[];
}

/** Fields a clinician may change on a planned placement: where it enters, where its paths end, and the vector that follows from both (moving an entry re-routes the threads). */
const MOVABLE: ReadonlySet<string> = new Set(['entry', 'paths', 'vectorDeg']);
/**
 * Choices a clinician may make per placement (issue 11 §5): technique template, catalogue thread, gauge, length
 * and count. The rest of the placement (kind, material, plane, fixation, tension, cautions, rules) follows from
 * them; the server rebuilds it from the planner's placement with the same choices and compares.
 */
const CHOICES = ['templateId', 'catalogueId', 'gauge', 'lengthMm', 'count'] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields of `got` (other than the movable ones) that differ from `expected`. */
function alteredFields(expected: ThreadPlacement, got: ThreadPlacement): string[] {
  const p = expected as unknown as Record<string, unknown>;
  const g = got as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(p), ...Object.keys(g)]);
  return [...keys].filter((k) => !MOVABLE.has(k) && !same(p[k], g[k])).sort();
}

/**
 * What the planner's placement becomes with the clinician's choices of `got` applied (the web's
 * `switchTemplate` then `editPlacement`), or null when a choice cannot be applied (e.g. an unknown template).
 */
function withChoices(
  planned: ThreadPlacement,
  got: ThreadPlacement,
  geometry: SafetyGeometry | null,
): ThreadPlacement | null {
  if (CHOICES.every((k) => same(planned[k], got[k]))) return planned;
  if (!geometry) return null;
  try {
    return withPlacementChoices(planned, choicesOf(got), geometry);
  } catch (e) {
    if (e instanceof PlanEditError) return null;
    throw e;
  }
}

const toJustification = (j: PlanRecord['justifications'][number]): Justification => ({
  zoneId: j.zoneId,
  ...(j.region ? { region: j.region } : {}),
  ...(j.side ? { side: j.side } : {}),
  reason: j.reason,
  by: j.by,
});

export function verifyPlan(record: PlanRecord, options: PlanOptions = {}): PlanVerification {
  const ruleSet = options.ruleSet ?? RULE_SET;
  const issues: PlanIssue[] = [];
  for (const p of record.caseProblems) {
    issues.push({ code: p.code, params: { path: p.path }, message: p.message });
  }
  if (record.ruleSetVersion !== ruleSet.version) {
    issues.push({
      code: 'rule-set-changed',
      params: { recorded: record.ruleSetVersion, current: ruleSet.version },
      message: `the plan was made under rule set ${record.ruleSetVersion}; this server plans with ${ruleSet.version}: re-plan`,
    });
  }
  const caseFile = record.caseFile;
  if (!caseFile) {
    if (record.caseProblems.length === 0) {
      issues.push({ code: 'case-invalid', params: { path: '' }, message: 'the record holds no case' });
    }
    return { plan: null, issues };
  }
  for (const view of REQUIRED_VIEWS) {
    if (!caseFile.photos.some((p) => p.view === view)) {
      issues.push({
        code: 'required-view-missing',
        params: { view },
        message: `no analysed ${view} photo: take or upload one and wait for its analysis`,
      });
    }
  }

  const base = planCase(caseFile, options);
  const geometry = frontGeometry(caseFile);
  const planned = new Map(base.placements.map((p) => [p.id, p]));
  const seen = new Set<string>();
  let fits = true;
  for (const p of record.placements) {
    const mine = planned.get(p.id);
    if (!mine) {
      fits = false;
      issues.push({
        code: 'placement-unknown',
        params: { placementId: p.id },
        message: `placement ${p.id} is not one the planner placed for this case`,
      });
      continue;
    }
    if (seen.has(p.id)) {
      fits = false;
      issues.push({
        code: 'placement-duplicate',
        params: { placementId: p.id },
        message: `placement ${p.id} appears twice`,
      });
      continue;
    }
    seen.add(p.id);
    const expected = withChoices(mine, p, geometry) ?? mine;
    for (const field of alteredFields(expected, p)) {
      fits = false;
      issues.push({
        code: 'placement-altered',
        params: { placementId: p.id, field },
        message: `placement ${p.id}: ${field} differs from what the planner gives for the chosen technique, thread, gauge, length and count (edit those, move entries and path ends; nothing else)`,
      });
    }
  }
  // Edited choices inside what the catalogue and the technique allow (the same check the web runs).
  if (geometry) {
    for (const problem of validatePlacementEdits(record.placements, geometry)) {
      if (problem.severity !== 'error') continue;
      fits = false;
      issues.push({
        code: 'placement-invalid',
        params: { placementId: problem.placementId, path: problem.path },
        message: `placement ${problem.placementId}: ${problem.message}`,
      });
    }
  }
  if (record.placements.length === 0 && base.placements.length > 0) {
    issues.push({
      code: 'placements-missing',
      params: { planned: base.placements.length },
      message: `the planner placed ${base.placements.length} threads but the record holds none`,
    });
  } else {
    for (const id of planned.keys()) {
      if (!seen.has(id)) {
        issues.push({
          code: 'placement-missing',
          params: { placementId: id },
          message: `planned placement ${id} is missing from the record`,
        });
      }
    }
  }
  for (const id of record.edited) {
    if (!seen.has(id)) {
      issues.push({
        code: 'edited-unknown',
        params: { placementId: id },
        message: `placement ${id} is marked edited but is not in the record`,
      });
    }
  }
  if (!fits) return { plan: null, issues };

  let plan: PlanResult = base;
  if (geometry) {
    const { findings, trace } = recheckPlacements(
      base,
      record.placements,
      geometry,
      record.justifications.map(toJustification),
      ruleSet,
    );
    plan = { ...base, placements: [...record.placements], findings, trace };
  }
  for (const f of plan.findings) {
    if (f.level !== 'error' || f.justification) continue;
    issues.push({
      code: 'finding-unresolved',
      params: { findingCode: f.code, placementId: f.placementId ?? '', zoneId: f.zoneId ?? '' },
      message: `unresolved ${f.code}${f.placementId ? ` on ${f.placementId}` : ''}${f.zoneId ? ` (${f.zoneId})` : ''}: move the thread or record a justification`,
    });
  }
  return { plan, issues };
}
