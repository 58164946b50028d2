import type { View } from '@liftplan/domain';
import { createContext, useContext } from 'react';
import type { AssessmentRecord, Patient, Photo, Plan, PlanVersion, Visit } from '@liftplan/api';
import type { IntakeState } from '../../lib/case.js';

export interface VisitData {
  readonly patient: Patient;
  readonly visit: Visit;
  readonly visits: readonly Visit[];
  /** All the patient's photos (earlier visits give the ghost overlay and the comparison). */
  readonly allPhotos: readonly Photo[];
  /**
   * This visit's photo per view: the newest, or for a burst the shot the plan is drawn on (its first shot
   * that passed the quality gate, as the server chooses).
   */
  readonly photoByView: Partial<Record<View, Photo>>;
  /** Per view, every shot the plan rests on: the photo above first, then the other shots of its burst. */
  readonly shotsByView: Partial<Record<View, readonly Photo[]>>;
  readonly assessment: AssessmentRecord | undefined;
  readonly plan: Plan | undefined;
  /** True once the visit's plans have loaded: until then `plan` undefined means "not known yet", not "none". */
  readonly plansLoaded: boolean;
  readonly currentVersion: PlanVersion | undefined;
  readonly intake: IntakeState;
  /** False until the intake was saved in this visit (or found in the saved plan): nothing is pre-chosen. */
  readonly intakeChosen: boolean;
  setIntake(i: IntakeState): void;
}

export const VisitContext = createContext<VisitData | null>(null);

export function useVisit(): VisitData {
  const v = useContext(VisitContext);
  if (!v) throw new Error('useVisit outside a visit');
  return v;
}

/** The earlier photo of the same view (newest from an earlier visit): the ghost at follow-ups. */
export function earlierPhoto(d: VisitData, view: View): Photo | undefined {
  const visitDate = new Map(d.visits.map((v) => [v.id, v.date]));
  const mine = d.visit.date;
  return d.allPhotos
    .filter(
      (p) => p.view === view && p.visitId !== d.visit.id && (visitDate.get(p.visitId ?? '') ?? '') <= mine,
    )
    .filter((p) => p.visitId !== null)
    .sort((a, b) =>
      (visitDate.get(a.visitId ?? '') ?? '') < (visitDate.get(b.visitId ?? '') ?? '') ? -1 : 1,
    )
    .at(-1);
}
