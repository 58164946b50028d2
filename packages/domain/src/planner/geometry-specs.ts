/**
 * Points of a technique, as named landmarks with offsets (face frame, mm): the vocabulary of templates.ts.
 * Offsets are technique choices, not clinical thresholds: the sources describe entries in surface terms only
 * (clinical-facts §2 region summary), and every plan is edited and signed by the clinician.
 */
import type { PairedLandmark, PlannerLandmark } from '../face/landmarks.js';

export type NamedPoint = PairedLandmark | PlannerLandmark;

/** lerp(a, b, t) then offset laterally (toward the subject's side) and upward, in mm. */
export interface PointSpec {
  readonly a: NamedPoint;
  readonly b?: NamedPoint;
  readonly t?: number;
  readonly lateralMm?: number;
  readonly upMm?: number;
}
