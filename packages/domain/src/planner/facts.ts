import type { CaseFile } from '../case/schema.js';
import { REGIONS, SIDES, type Region, type Side } from '../case/vocab.js';
import type { Candidacy } from '../candidacy/types.js';
import { findMetric } from '../metrics/measure.js';
import type { MetricId, ViewMeasurements } from '../metrics/types.js';
import type { Facts } from './rule-types.js';

/** The paired metrics that speak for each region's sagging (metrics/measure.ts). */
export const REGION_METRICS: Record<Region, readonly MetricId[]> = {
  brow: ['lateral-brow-height'],
  midface: ['malar-descent'],
  nasolabial: ['nasolabial-length', 'nasolabial-angle'],
  jowl: ['jowl-depth'],
  marionette: ['commissure-height', 'commissure-angle'],
  neck: [],
};

function moreAffected(m: ViewMeasurements | null, region: Region, side: Side): string[] {
  if (!m) return [];
  return REGION_METRICS[region].filter((id) =>
    m.asymmetries.some((a) => a.id === id && a.perceptible && a.moreAffectedSide === side),
  );
}

/**
 * Facts the rules read: the clinician's assessment and history, the candidacy verdict and the measurements of
 * the front photo (null when absent). Per region and side: the grade and whether a perceptible measured
 * asymmetry makes this side the more affected one.
 */
export function deriveFacts(c: CaseFile, front: ViewMeasurements | null, candidacy: Candidacy): Facts {
  const ratio = findMetric(front ?? undefined, 'lower-face-width-ratio', 'bilateral');
  return {
    case: {
      age: c.patient.age,
      sex: c.patient.sex,
      skinThickness: c.assessment.skinThickness,
      elasticity: c.assessment.elasticity,
      fat: c.assessment.fat,
      glogau: c.assessment.glogau,
      fitzpatrick: c.assessment.fitzpatrick,
      expectations: c.patient.expectations,
      candidacy: candidacy.verdict,
      hasFrontPhoto: front !== null,
      calibrationEstimate: front ? front.calibration.estimate : null,
      lowerFaceWidthRatio: ratio ? ratio.value : null,
    },
    scopes: REGIONS.flatMap((region) =>
      SIDES.map((side) => {
        const metrics = moreAffected(front, region, side);
        return {
          region,
          side,
          values: {
            region,
            side,
            grade: c.assessment.grades[region],
            moreAffected: metrics.length > 0,
            asymmetryMetrics: metrics.length > 0 ? metrics.join(', ') : null,
          },
        };
      }),
    ),
  };
}
