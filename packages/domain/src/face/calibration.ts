import type { LandmarkSet } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { CALIBRATION } from '../evidence/thresholds.js';
import { distance, type Vec2 } from '../geometry/vec.js';
import { IRIS, PAIRED } from './landmarks.js';
import { irisPoint, meshPoint, pupilCentre } from './frame.js';

export type CalibrationMethod = 'iris-diameter' | 'pupillary-distance' | 'population-default';

/**
 * How pixels become millimetres for one photo. `estimate` is true when the scale rests on a population
 * average rather than something measured on this patient; every mm value derived from it is then flagged.
 */
export interface Calibration {
  readonly method: CalibrationMethod;
  readonly mmPerPx: number;
  readonly estimate: boolean;
  readonly detail: string;
  readonly warnings: readonly string[];
}

function irisDiameterPx(landmarks: LandmarkSet, side: Side): number | undefined {
  const pts = IRIS[side].contour.map((i) => irisPoint(landmarks, i));
  const [a, b, c, d] = pts;
  if (!a || !b || !c || !d) return undefined;
  // Contour order is right, top, left, bottom: average the two diameters.
  return (distance(a, c) + distance(b, d)) / 2;
}

/**
 * Chooses the best available scale, in order: the iris diameter (11.77 mm, Emotrics; clinical-facts §4/§9),
 * a pupillary distance measured on the patient and given in the case, or a population default (the outer
 * canthal width of the MediaPipe canonical face), flagged as an estimate.
 */
export function calibrate(landmarks: LandmarkSet, pupillaryDistanceMm?: number): Calibration {
  const warnings: string[] = [];
  const right = irisDiameterPx(landmarks, 'right');
  const left = irisDiameterPx(landmarks, 'left');
  if (right !== undefined && left !== undefined && right > 0 && left > 0) {
    const mean = (right + left) / 2;
    const spread = Math.abs(right - left) / mean;
    if (spread > CALIBRATION.irisMismatchWarnFraction) {
      warnings.push(
        `the two irises differ by ${(spread * 100).toFixed(0)} % in size: check head turn and the iris points`,
      );
    }
    return {
      method: 'iris-diameter',
      mmPerPx: CALIBRATION.irisDiameterMm / mean,
      estimate: false,
      detail: `iris diameter ${mean.toFixed(1)} px = ${CALIBRATION.irisDiameterMm} mm`,
      warnings,
    };
  }
  if (pupillaryDistanceMm !== undefined) {
    const r = pupilCentre(landmarks, 'right');
    const l = pupilCentre(landmarks, 'left');
    const d = distance(r.point, l.point);
    if (d > 0) {
      if (r.estimated || l.estimated) {
        warnings.push('pupil centres estimated from the eye corners (no iris points)');
      }
      return {
        method: 'pupillary-distance',
        mmPerPx: pupillaryDistanceMm / d,
        estimate: false,
        detail: `pupillary distance ${d.toFixed(1)} px = ${pupillaryDistanceMm} mm (measured on the patient)`,
        warnings,
      };
    }
  }
  const outer: Vec2[] = [
    meshPoint(landmarks, PAIRED.outerCanthus.right),
    meshPoint(landmarks, PAIRED.outerCanthus.left),
  ];
  const d = distance(outer[0] as Vec2, outer[1] as Vec2);
  if (d <= 0) throw new RangeError('eye corners coincide: the landmark set is degenerate');
  return {
    method: 'population-default',
    mmPerPx: CALIBRATION.populationOuterCanthalWidthMm / d,
    estimate: true,
    detail: `no iris points and no measured pupillary distance: scale ESTIMATED from a population outer-canthal width of ${CALIBRATION.populationOuterCanthalWidthMm.toFixed(1)} mm`,
    warnings: ['millimetre values are estimates: add iris points or measure the pupillary distance'],
  };
}
