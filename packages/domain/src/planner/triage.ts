/**
 * Findings in the order a doctor acts on them: what needs action (errors, then warnings; case-wide first, then
 * the subject's left, then right), then crossings accepted by a zone rule or a recorded justification grouped
 * per zone with the reason, then notes. A routine plan's `actionNeeded` holds only what the doctor must decide.
 */
import { SIDES, type Side } from '../case/vocab.js';
import type { PlanFinding } from './types.js';

export interface AcceptedGroup {
  /** The zone without its side, e.g. `facial-artery` or `temporal-branch:pitanguy`. */
  readonly zone: string;
  readonly reason: string;
  readonly by: string;
  /** `placementId × zoneId` of every accepted crossing in the group. */
  readonly crossings: readonly string[];
  readonly sides: readonly Side[];
}

export interface Triage {
  readonly actionNeeded: readonly PlanFinding[];
  readonly accepted: readonly AcceptedGroup[];
  readonly notes: readonly PlanFinding[];
}

const sideOf = (f: PlanFinding): Side | null => {
  const parts = (f.placementId ?? f.zoneId ?? '').split(':');
  return SIDES.find((s) => parts.includes(s)) ?? null;
};
const sideRank = (f: PlanFinding): number => {
  const s = sideOf(f);
  return s === null ? 0 : 1 + SIDES.indexOf(s);
};
const zoneKey = (zoneId: string): string =>
  zoneId
    .split(':')
    .filter((p) => !(SIDES as readonly string[]).includes(p))
    .join(':');

export function triageFindings(findings: readonly PlanFinding[]): Triage {
  const accepted = new Map<
    string,
    { zone: string; reason: string; by: string; crossings: string[]; sides: Set<Side> }
  >();
  const action: PlanFinding[] = [];
  const notes: PlanFinding[] = [];
  for (const f of findings) {
    if (f.justification && f.zoneId) {
      const by = 'ruleId' in f.justification ? `rule ${f.justification.ruleId}` : f.justification.by;
      const zone = zoneKey(f.zoneId);
      const key = `${zone}|${f.justification.reason}|${by}`;
      const g = accepted.get(key) ?? {
        zone,
        reason: f.justification.reason,
        by,
        crossings: [],
        sides: new Set<Side>(),
      };
      g.crossings.push(`${f.placementId ?? '?'} × ${f.zoneId}`);
      const s = sideOf(f);
      if (s) g.sides.add(s);
      accepted.set(key, g);
    } else if (f.level === 'error' || f.level === 'warning') action.push(f);
    else notes.push(f);
  }
  const level = (f: PlanFinding): number => (f.level === 'error' ? 0 : 1);
  // Stable sort: within a level and side the planner's order stays.
  action.sort((a, b) => level(a) - level(b) || sideRank(a) - sideRank(b));
  return {
    actionNeeded: action,
    accepted: [...accepted.values()].map((g) => ({
      zone: g.zone,
      reason: g.reason,
      by: g.by,
      crossings: g.crossings,
      sides: SIDES.filter((s) => g.sides.has(s)),
    })),
    notes,
  };
}
