import type { CaseFile } from '../case/schema.js';
import { gradeOf, skinOf } from '../case/migrate.js';
import { REGIONS, SIDES, type Region, type Side } from '../case/vocab.js';
import type { Candidacy } from '../candidacy/types.js';
import { findMetric } from '../metrics/measure.js';
import type { MetricId, ViewMeasurements } from '../metrics/types.js';
import type { Facts } from './rule-types.js';
import { asymmetrySummary } from '../metrics/asymmetry-summary.js';
import { daysBetween } from '../candidacy/dates.js';
import { THRESHOLDS } from '../evidence/thresholds.js';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame, faceLandmark } from '../face/frame.js';
import { MESH } from '../face/landmarks.js';
import { distance } from '../geometry/vec.js';

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
/** Previous procedures of this region at the visit, by kind and age in days. */
function priorIn(c: CaseFile, region: Region): { kind: string; days: number }[] {
  return c.patient.previousProcedures
    .filter((p) => p.regions.includes(region))
    .map((p) => ({ kind: p.kind, days: daysBetween(p.date, c.visitDate) }));
}

/** Bizygomatic width over nasion–menton height; null when not measurable. */
function widthToHeight(c: CaseFile, front: ViewMeasurements | null): number | null {
  const zyg = findMetric(front ?? undefined, 'bizygomatic-width', 'bilateral');
  const photo = c.photos.find((p) => p.view === 'front');
  if (!zyg || !photo || !front) return null;
  const frame = buildFaceFrame(photo.landmarks, calibrate(photo.landmarks, c.patient.pupillaryDistanceMm));
  const h = distance(
    faceLandmark(frame, photo.landmarks, MESH.nasion),
    faceLandmark(frame, photo.landmarks, MESH.menton),
  );
  return h > 0 ? zyg.value / h : null;
}

export function deriveFacts(c: CaseFile, front: ViewMeasurements | null, candidacy: Candidacy): Facts {
  const ratio = findMetric(front ?? undefined, 'lower-face-width-ratio', 'bilateral');
  const wh = widthToHeight(c, front);
  const wide =
    (ratio !== undefined && ratio.value <= THRESHOLDS.wideMidfaceLowerFaceRatio.value) ||
    (wh !== null && wh >= THRESHOLDS.wideMidfaceWidthToHeight.value);
  const asym = asymmetrySummary(front);
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
      midfaceWidthToHeight: wh,
      wideningRisk: front ? wide : null,
      anticoagulants: c.patient.history.anticoagulantsOrAntiplatelets,
      herpesHistory: c.patient.history.herpesLabialisHistory,
      maxAsymmetryMm: front ? asym.maxMm : null,
      maxAsymmetryDeg: front ? asym.maxDeg : null,
      asymmetryBeyond: asym.beyond.length > 0 ? asym.beyond.join(', ') : null,
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
            grade: gradeOf(c.assessment, region, side),
            skinThickness: skinOf(c.assessment, region),
            moreAffected: metrics.length > 0,
            asymmetryMetrics: metrics.length > 0 ? metrics.join(', ') : null,
            permanentFiller: priorIn(c, region).some((p) => p.kind === 'permanent-filler'),
            recentTemporaryFiller: priorIn(c, region).some(
              (p) => p.kind === 'temporary-filler' && p.days < THRESHOLDS.recentInjectableDays.value,
            ),
            earlierThreads: priorIn(c, region).some(
              (p) => p.kind === 'threads' && p.days >= THRESHOLDS.recentThreadsDays.value,
            ),
            priorSurgicalLift: priorIn(c, region).some((p) => p.kind === 'surgical-lift'),
          },
        };
      }),
    ),
  };
}
