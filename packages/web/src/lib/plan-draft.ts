import {
  PlanRecordSchema,
  type Justification,
  type PlanRecord,
  type PlanResult,
  type ThreadPlacement,
} from '@liftplan/domain';
import {
  PlanSchema,
  SignChecklistSchema,
  type Acknowledgement,
  type Plan,
  type PlanVersion,
  type SignChecklist,
} from '@liftplan/api';
import type { ApiCall } from '../api/client.js';
import type { IntakeState } from './case.js';

/** The API as the plan builders need it (the real `api`, or a fake in tests). */
export type { ApiCall };

/** What the plan screen holds: the clinician's part of the record, and the inputs it was planned on. */
export interface PlanScreenState {
  readonly visitId: string;
  /** The photo, its analysis and the landmark version planned on, per view. */
  readonly photos: readonly {
    readonly photoId: string;
    readonly analysisId: string;
    readonly landmarkVersion: number;
  }[];
  readonly intake: IntakeState;
  readonly placements: readonly ThreadPlacement[];
  readonly edited: readonly string[];
  readonly justifications: readonly Justification[];
}

/**
 * The request body: only the clinician's part. The server builds the case itself; justification authors and
 * times are stamped by the server, so `by` is not sent.
 */
export function planEdits(s: PlanScreenState) {
  return {
    visitId: s.visitId,
    photos: s.photos.map((p) => ({ ...p })),
    intake: s.intake,
    placements: s.placements,
    edited: [...s.edited],
    justifications: s.justifications.map((j) => ({
      zoneId: j.zoneId,
      ...(j.region ? { region: j.region } : {}),
      ...(j.side ? { side: j.side } : {}),
      reason: j.reason,
    })),
  };
}

/**
 * Saves the screen: a new plan for the visit when it has none, else the draft on top of `plan.version` (the
 * version on screen; the server answers 409 when someone saved since).
 */
export function savePlan(
  call: ApiCall,
  patientId: string,
  plan: Plan | undefined,
  s: PlanScreenState,
): Promise<Plan> {
  return plan
    ? call(`/api/plans/${plan.id}/draft`, PlanSchema, {
        method: 'PUT',
        body: { version: plan.version, ...planEdits(s) },
      })
    : call(`/api/patients/${patientId}/plans`, PlanSchema, { method: 'POST', body: planEdits(s) });
}

export const fetchChecklist = (call: ApiCall, planId: string): Promise<SignChecklist> =>
  call(`/api/plans/${planId}/checklist`, SignChecklistSchema);

export function signPlan(
  call: ApiCall,
  plan: Plan,
  password: string,
  acknowledge: readonly Acknowledgement[],
): Promise<Plan> {
  return call(`/api/plans/${plan.id}/sign`, PlanSchema, {
    method: 'POST',
    body: { version: plan.version, password, acknowledge: [...acknowledge] },
  });
}

/** The saved version's record, when it is one (older payloads are not). */
export function savedRecord(v: PlanVersion | undefined): PlanRecord | undefined {
  if (!v) return undefined;
  const r = PlanRecordSchema.safeParse(v.payload);
  return r.success ? r.data : undefined;
}

/**
 * Where the plan screen starts, or `undefined` while it cannot know yet. Until the visit's plans have loaded,
 * nothing is editable: starting from the freshly generated plan there would hide (and a save would overwrite)
 * the doctor's saved moves and justifications. Loaded with a saved record: its placements; loaded with none:
 * the planner's.
 */
export function initialState(
  plansLoaded: boolean,
  saved: PlanRecord | undefined,
  base: PlanResult | undefined,
):
  | {
      readonly placements: readonly ThreadPlacement[];
      readonly edited: readonly string[];
      readonly justifications: readonly Justification[];
    }
  | undefined {
  if (!plansLoaded || !base) return undefined;
  if (saved) {
    return { placements: saved.placements, edited: saved.edited, justifications: saved.justifications };
  }
  return { placements: base.placements, edited: [], justifications: [] };
}
