import {
  RULE_SET,
  anchorPoint,
  buildDangerZones,
  checkSafety,
  planCase,
  type CaseFile,
  type DangerZone,
  type FaceAnchor,
  type FaceFrame,
  type Justification,
  type LandmarkSet,
  type PlanFinding,
  type PlanResult,
  type ThreadPlacement,
  type TraceEntry,
} from '@liftplan/domain';
import type { IntakeState } from './case.js';

/** What a plan version stores: the planner's result (as edited), with what it was drawn on. */
export interface PlanPayload extends Omit<PlanResult, 'placements' | 'findings' | 'trace'> {
  readonly format: 'liftplan.plan';
  /**
   * The case the plan was made from (liftplan.case 1.x): the server prints the consultation report and the
   * aftercare sheet from it (packages/server/src/services/reports.ts).
   */
  readonly caseFile: CaseFile;
  readonly placements: readonly ThreadPlacement[];
  readonly findings: readonly PlanFinding[];
  readonly trace: readonly TraceEntry[];
  readonly justifications: readonly Justification[];
  readonly intake: IntakeState;
  readonly frontPhotoId: string;
  readonly analysisId: string;
  readonly landmarkVersion: number;
  /** Placements moved by the clinician after the planner placed them. */
  readonly edited: readonly string[];
}

export function isPlanPayload(v: unknown): v is PlanPayload {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as { format?: unknown }).format === 'liftplan.plan' &&
    Array.isArray((v as { placements?: unknown }).placements)
  );
}

export interface SafetyInput {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly zones: readonly DangerZone[];
}

const SAFETY_CODES: readonly PlanFinding['code'][] = [
  'entry-in-danger-zone',
  'path-crosses-danger-zone',
  'zone-estimated',
];

export const planBase = (c: CaseFile): PlanResult => planCase(c);

export const frontZones = (landmarks: LandmarkSet, frame: FaceFrame): DangerZone[] =>
  buildDangerZones(landmarks, frame, 'front');

/**
 * Findings for the placements as they are now: the planner's own (not-planned, estimates) plus a fresh
 * danger-zone check of every entry and path, with the clinician's recorded justifications. Runs on every drag.
 */
export function liveFindings(
  base: PlanResult,
  placements: readonly ThreadPlacement[],
  s: SafetyInput,
  justifications: readonly Justification[],
): { findings: PlanFinding[]; trace: TraceEntry[] } {
  const safety = checkSafety(placements, {
    landmarks: s.landmarks,
    frame: s.frame,
    zones: s.zones,
    justifications,
    zoneRules: RULE_SET.zoneRules,
  });
  const own = base.findings.filter((f) => !SAFETY_CODES.includes(f.code));
  const zoneRuleIds = new Set(RULE_SET.zoneRules.map((r) => r.id));
  const trace = [...base.trace.filter((e) => !zoneRuleIds.has(e.ruleId)), ...safety.trace];
  return { findings: [...own, ...safety.findings], trace };
}

const sameAnchor = (a: FaceAnchor, b: FaceAnchor): boolean =>
  a.tri.every((v, i) => v === b.tri[i]) && a.bary.every((v, i) => v === b.bary[i]);

/** Moves a placement's entry point (every path starts there) to an image point of the front photo. */
export function moveEntry(p: ThreadPlacement, landmarks: LandmarkSet, to: readonly [number, number]): ThreadPlacement {
  const entry = anchorPoint(landmarks, [to[0], to[1]]);
  return {
    ...p,
    entry,
    paths: p.paths.map((path) => path.map((a, i) => (i === 0 || sameAnchor(a, p.entry) ? entry : a))),
  };
}

/** Moves the end of one thread path. */
export function movePathEnd(
  p: ThreadPlacement,
  landmarks: LandmarkSet,
  pathIndex: number,
  to: readonly [number, number],
): ThreadPlacement {
  const end = anchorPoint(landmarks, [to[0], to[1]]);
  return {
    ...p,
    paths: p.paths.map((path, i) => (i === pathIndex ? [...path.slice(0, -1), end] : path)),
  };
}

export const threadCount = (placements: readonly ThreadPlacement[]): number =>
  placements.reduce((s, p) => s + p.count, 0);
