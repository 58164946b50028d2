import type { LandmarkSet } from '../case/schema.js';
import type { Side } from '../case/vocab.js';
import { CALIBRATION } from '../evidence/thresholds.js';
import { distance, type Vec2 } from '../geometry/vec.js';
import { IRIS, PAIRED } from './landmarks.js';
import { irisPoint, meshPoint, pupilCentre } from './frame.js';

export type CalibrationMethod = 'iris-diameter' | 'pupillary-distance' | 'sticker' | 'population-default';
/** Where the scale comes from, as stored with every mm value. */
export type CalibrationSource = 'iris' | 'pupillary-distance' | 'sticker' | 'population-estimate';

/**
 * How pixels become millimetres for one photo. `estimate` is true when the scale rests on a population
 * average rather than something measured on this patient; every mm value derived from it is then flagged.
 * `relativeUncertainty` is the scale's own relative SD (0.004 = 0.4 %): every mm value inherits it.
 */
export interface Calibration {
  readonly method: CalibrationMethod;
  readonly source: CalibrationSource;
  readonly mmPerPx: number;
  readonly relativeUncertainty: number;
  readonly estimate: boolean;
  readonly detail: string;
  readonly warnings: readonly string[];
}

/**
 * Which iris edge 11.77 mm means: Emotrics' mean iris diameter is the horizontal visible iris diameter, limbus
 * to limbus (the iris's outer edge against the sclera). Face Mesh V2's four iris contour points (medial, top,
 * lateral, bottom around the centre) lie on that limbus circle; the top and bottom ones are usually under the
 * lids and are the model's extrapolation of the circle, so the scale rests on the HORIZONTAL points: the
 * medial–lateral diameter and the two horizontal radii of each eye. (Human's older iris model reads about 13 %
 * smaller in pixels on the same faces: its contour sits inside the limbus, so its mm values read ~13 % large.)
 */
export const IRIS_FIT = {
  /**
   * Floor of the iris scale's relative SD: the scale's own CV measured by `npm run eval:landmarks` with Face
   * Mesh V2 (median over the dev faces under ±3° / ±10 % / ±15 % brightness perturbations; liftplan-measured).
   */
  repeatabilityFloor: 0.0048,
  /**
   * Inter-canthal distance over iris diameter, both in px, outside which the iris scale is suspect (a bad iris
   * fit, a strong head turn, an unusual eye): liftplan-default, set wide around the dev faces' 2.6–3.5.
   */
  canthalRatioMin: 2.2,
  canthalRatioMax: 3.9,
} as const;

/** Pupillary-distance scale: a ruler or pupillometer reading is good to about ±1 mm (liftplan-default). */
const PD_READING_SD_MM = 1;
/**
 * Relative SD of the population default (outer canthal width varies about 6 % between adults;
 * liftplan-default, stated so the band is not hidden).
 */
const POPULATION_RELATIVE_SD = 0.06;

const med = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};

/** Per eye: the horizontal diameter and the two horizontal radii (× 2), from the iris contour. */
function horizontalDiameters(landmarks: LandmarkSet, side: Side): number[] | undefined {
  const c = irisPoint(landmarks, IRIS[side].centre);
  const [m, , l] = IRIS[side].contour.map((i) => irisPoint(landmarks, i));
  if (!c || !m || !l) return undefined;
  const d = distance(m, l);
  return d > 0 ? [d, 2 * distance(c, m), 2 * distance(c, l)] : undefined;
}

/**
 * Robust iris diameter over both eyes: the median of the six horizontal estimates (each eye's limbus-to-limbus
 * diameter and twice each horizontal radius), with the spread between them as its own error.
 */
export function irisDiameterFit(
  landmarks: LandmarkSet,
): { diameterPx: number; relativeSpread: number; eyes: Record<Side, number> } | undefined {
  const right = horizontalDiameters(landmarks, 'right');
  const left = horizontalDiameters(landmarks, 'left');
  if (!right || !left) return undefined;
  const all = [...right, ...left];
  const d = med(all);
  if (!(d > 0)) return undefined;
  const mad = med(all.map((x) => Math.abs(x - d))) * 1.4826;
  return {
    diameterPx: d,
    relativeSpread: mad / d / Math.sqrt(all.length),
    eyes: { right: right[0] ?? d, left: left[0] ?? d },
  };
}

/** A calibration sticker found on the photo: a printed circle of known diameter. */
export interface StickerMeasurement {
  readonly diameterPx: number;
  readonly diameterMm: number;
  /** Relative SD of the sticker's fitted diameter (from the edge fit). */
  readonly relativeUncertainty: number;
}

export interface CalibrationOptions {
  readonly sticker?: StickerMeasurement;
}

function crossCheckCanthal(landmarks: LandmarkSet, irisPx: number, warnings: string[]): boolean {
  const ic = distance(
    meshPoint(landmarks, PAIRED.innerCanthus.right),
    meshPoint(landmarks, PAIRED.innerCanthus.left),
  );
  const ratio = ic / irisPx;
  if (ratio < IRIS_FIT.canthalRatioMin || ratio > IRIS_FIT.canthalRatioMax) {
    warnings.push(
      `the inter-canthal distance is ${ratio.toFixed(2)} iris diameters (expected ${IRIS_FIT.canthalRatioMin}–${IRIS_FIT.canthalRatioMax}): check the iris points and the head turn`,
    );
    return false;
  }
  return true;
}

/**
 * Chooses the best available scale, in order: a calibration sticker of known size on the photo; the iris
 * diameter (11.77 mm, Emotrics; clinical-facts §4/§9), robustly fitted over both eyes and cross-checked against
 * the inter-canthal distance; a pupillary distance measured on the patient and given in the case; or a
 * population default (the outer canthal width of the MediaPipe canonical face), flagged as an estimate.
 */
export function calibrate(
  landmarks: LandmarkSet,
  pupillaryDistanceMm?: number,
  options: CalibrationOptions = {},
): Calibration {
  const warnings: string[] = [];
  const iris = irisDiameterFit(landmarks);
  const { sticker } = options;
  if (sticker && sticker.diameterPx > 0) {
    const mmPerPx = sticker.diameterMm / sticker.diameterPx;
    if (iris) {
      const irisMm = iris.diameterPx * mmPerPx;
      if (Math.abs(irisMm - CALIBRATION.irisDiameterMm) / CALIBRATION.irisDiameterMm > 0.15) {
        warnings.push(
          `by the sticker the iris measures ${irisMm.toFixed(1)} mm (population ${CALIBRATION.irisDiameterMm} mm): check that the sticker lies flat on the forehead, facing the camera`,
        );
      }
    }
    return {
      method: 'sticker',
      source: 'sticker',
      mmPerPx,
      relativeUncertainty: sticker.relativeUncertainty,
      estimate: false,
      detail: `calibration sticker ${sticker.diameterPx.toFixed(1)} px = ${sticker.diameterMm} mm`,
      warnings,
    };
  }
  if (iris) {
    const { right, left } = iris.eyes;
    const spread = Math.abs(right - left) / ((right + left) / 2);
    if (spread > CALIBRATION.irisMismatchWarnFraction) {
      warnings.push(
        `the two irises differ by ${(spread * 100).toFixed(0)} % in size: check head turn and the iris points`,
      );
    }
    const consistent = crossCheckCanthal(landmarks, iris.diameterPx, warnings);
    const rel = Math.sqrt(IRIS_FIT.repeatabilityFloor ** 2 + iris.relativeSpread ** 2);
    return {
      method: 'iris-diameter',
      source: 'iris',
      mmPerPx: CALIBRATION.irisDiameterMm / iris.diameterPx,
      // An iris scale that fails the inter-canthal cross-check is kept but its band widened to the population's.
      relativeUncertainty: consistent ? rel : Math.max(rel, POPULATION_RELATIVE_SD),
      estimate: false,
      detail: `iris diameter ${iris.diameterPx.toFixed(1)} px (limbus to limbus, both eyes) = ${CALIBRATION.irisDiameterMm} mm`,
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
        source: 'pupillary-distance',
        mmPerPx: pupillaryDistanceMm / d,
        relativeUncertainty: PD_READING_SD_MM / pupillaryDistanceMm,
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
    source: 'population-estimate',
    mmPerPx: CALIBRATION.populationOuterCanthalWidthMm / d,
    relativeUncertainty: POPULATION_RELATIVE_SD,
    estimate: true,
    detail: `no iris points and no measured pupillary distance: scale ESTIMATED from a population outer-canthal width of ${CALIBRATION.populationOuterCanthalWidthMm.toFixed(1)} mm`,
    warnings: ['millimetre values are estimates: add iris points or measure the pupillary distance'],
  };
}
