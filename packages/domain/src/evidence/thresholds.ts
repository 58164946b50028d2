/**
 * Named clinical thresholds and constants, each with its citation. Nothing else in the domain writes a
 * clinical number inline. `basis: 'liftplan-default'` marks a number liftplan had to choose where the evidence
 * base has no published value (its gaps section); those are planning margins a clinic may edit, and the docs
 * list them.
 */
import type { CitationKey } from './citations.js';

export interface Threshold {
  readonly value: number;
  readonly unit: 'mm' | 'deg' | 'ratio' | 'fraction' | 'years' | 'days' | 'percent';
  readonly cite: readonly CitationKey[];
  readonly basis: 'published' | 'liftplan-default';
  readonly note?: string;
}

const t = (
  value: number,
  unit: Threshold['unit'],
  cite: readonly CitationKey[],
  basis: Threshold['basis'] = 'published',
  note?: string,
): Threshold => (note === undefined ? { value, unit, cite, basis } : { value, unit, cite, basis, note });

export const CALIBRATION = {
  /** Mean human iris diameter used by Emotrics for px -> mm. */
  irisDiameterMm: 11.77,
  /** Outer canthal width of the MediaPipe canonical face (cm model x 10): the population default. */
  populationOuterCanthalWidthMm: 88.91718,
  /** Warn when the two iris diameters differ by more than this fraction (head turn or a bad iris fit). */
  irisMismatchWarnFraction: 0.15,
} as const;

export const CALIBRATION_CITES: Record<keyof typeof CALIBRATION, readonly CitationKey[]> = {
  irisDiameterMm: ['iris-11.77'],
  populationOuterCanthalWidthMm: ['mediapipe-canonical'],
  irisMismatchWarnFraction: ['mediapipe-canonical'],
};

/**
 * Relative (1 SD) uncertainty of the px -> mm scale by its source: folded into every mm value's band. The
 * evidence base gives the iris mean (11.77 mm) but not its spread, so these are liftplan-default margins.
 */
export const SCALE_UNCERTAINTY = {
  iris: t(
    0.05,
    'fraction',
    ['iris-11.77'],
    'liftplan-default',
    'clinical-facts gives the 11.77 mm mean without its spread; adult iris diameters vary by a few per cent around it, 5 % assumed until a cited SD is added',
  ),
  'pupillary-distance': t(
    0.02,
    'fraction',
    ['iris-11.77'],
    'liftplan-default',
    'a pupillary distance measured on the patient (about ±1 mm of about 63 mm) plus the pupil-centre landmarks',
  ),
  'population-estimate': t(
    0.08,
    'fraction',
    ['mediapipe-canonical'],
    'liftplan-default',
    'one population outer-canthal width for every face: adult widths spread by several per cent by sex and ancestry',
  ),
} as const;

export const THRESHOLDS = {
  /** A left/right difference people notice (linear). */
  asymmetryPerceptibleMm: t(3, 'mm', ['asymmetry-perception']),
  /** A left/right difference people notice (angular, canting). */
  asymmetryPerceptibleDeg: t(3, 'deg', ['asymmetry-perception']),
  /** Age above which published dimpling and infection rates are higher. */
  ageHigherRiskYears: t(50, 'years', ['age-over-50-rates']),
  /** Lower-face width ratio (bigonial/bizygomatic) at or below which the midface counts as wide relative to
   *  the jaw and bunching would accentuate it. No published cut-off exists. */
  wideMidfaceLowerFaceRatio: t(
    0.75,
    'ratio',
    ['midface-width-kang', 'bizygomatic-metric', 'no-norms-gap'],
    'liftplan-default',
    'no published cut-off or population norm by sex in the evidence base; the MediaPipe canonical (average, population unstated) face is 0.78, so 0.75 flags a moderately wide midface; same for every sex',
  ),
  /** Bizygomatic width over face height (nasion–menton) at or above which the midface counts as wide. */
  wideMidfaceWidthToHeight: t(
    1.26,
    'ratio',
    ['bizygomatic-metric', 'no-norms-gap'],
    'liftplan-default',
    'no published norm by sex in the evidence base; the MediaPipe canonical face is 1.21, so 1.26 (≈ 4 % wider) flags a moderately wide midface; same for every sex',
  ),
  /** Measured left/right difference beyond which threads are not the answer: look for a cause first. */
  asymmetryWorkupMm: t(
    8,
    'mm',
    ['asymmetry-perception', 'yeo-asymmetry'],
    'liftplan-default',
    'no published limit of what threads correct; perception starts at 3 mm, 8 mm is well beyond it',
  ),
  asymmetryWorkupDeg: t(
    8,
    'deg',
    ['asymmetry-perception'],
    'liftplan-default',
    'no published limit of what threads correct; perception starts at 3°, 8° is well beyond it',
  ),
  /** Published typical age band of thread-lift candidates (low-level evidence). */
  typicalAgeMinYears: t(30, 'years', ['typical-age-band']),
  typicalAgeMaxYears: t(60, 'years', ['typical-age-band']),
  /** The frontal branch pierces into the superficial / intra-SMAS plane this far above the zygomatic arch. */
  frontalBranchSuperficialAboveArchMm: t(9.6, 'mm', ['frontal-branch-depth-transition']),
  /** Thread length not laid along the path: the end left at the entry and trimmed. */
  threadEntryAllowanceMm: t(
    5,
    'mm',
    ['technique-defaults-caveat'],
    'liftplan-default',
    'the evidence base gives thread lengths, not how much stays at the entry; 5 mm is trimmed at the skin',
  ),
  /** Thread length spent in the loop around a deep-temporal-fascia anchor (U/V suspension). */
  anchorLoopMm: t(
    10,
    'mm',
    ['temporal-anchor-band', 'u-shaped-anchored'],
    'liftplan-default',
    'the evidence base gives no loop length; 10 mm covers a bite of the deep temporal fascia',
  ),
  /** A path may end this far short of its nominal target and still count as ending in the target region. */
  targetRegionReachMm: t(
    25,
    'mm',
    ['design-elements', 'technique-defaults-caveat'],
    'liftplan-default',
    'target regions are described in surface terms only; 25 mm is about the width of the medial cheek or the jowl',
  ),
  /** Outline margin: a path point up to this far outside the face outline (extended to the tragus) is on the face. */
  onFaceMarginMm: t(
    5,
    'mm',
    ['tragus-not-frontal'],
    'liftplan-default',
    'the mesh outline stops short of the hairline and the ear; 5 mm covers the landmark spread',
  ),
  /** Recent dental work: avoid threads within this many days. */
  recentDentalDays: t(14, 'days', ['recent-dental']),
  /** Previous threads in the same region within this many days: defer (PDO largely absorbed by ~6 months). */
  recentThreadsDays: t(
    180,
    'days',
    ['pdo-absorption', 'prior-threads-filler'],
    'liftplan-default',
    'no validated interval; PDO is mostly absorbed within 6 months',
  ),
  /** Temporary filler or toxin in the area within this many days: caution (no validated interval). */
  recentInjectableDays: t(
    14,
    'days',
    ['no-filler-interval', 'brow-1-thread'],
    'liftplan-default',
    'no validated interval; toxin ~2 weeks before brow threads is the only staged figure',
  ),
  /** Planning margin around point-like danger zones (foramina) where the source gives only a centre. */
  foramenMarginMm: t(
    5,
    'mm',
    ['technique-defaults-caveat'],
    'liftplan-default',
    'sources give centres and ranges; 5 mm covers the reported spread',
  ),
  /** Great auricular nerve zone radius around its centre (DZ1); not published. */
  ganZoneRadiusMm: t(
    15,
    'mm',
    ['seckel-dz1-gan'],
    'liftplan-default',
    'Seckel gives the centre; range 5.7–6.9 cm ≈ ±6 mm, widened for safety',
  ),
  /** Half-width of the facial artery corridor. */
  facialArteryHalfWidthMm: t(
    7.5,
    'mm',
    ['facial-artery-nlf-deviation'],
    'published',
    'nasolabial segment deviates 0.5–1 cm',
  ),
  /** Half-width of the parotid duct band around the middle third of the tragus–commissure line. */
  parotidBandHalfWidthMm: t(15, 'mm', ['parotid-duct-band']),
  /** Half-width of the superficial temporal artery corridor along the tragal vertical. */
  staHalfWidthMm: t(
    10,
    'mm',
    ['sta-course'],
    'liftplan-default',
    'parietal branch −13 mm (+5.5 to −23) from the tragal vertical',
  ),
  // Danger-zone geometry (clinical-facts §4), used by zones/build.ts.
  /** Seckel DZ2 and the Pitanguy line start this far below the tragus. */
  tragusBelowMm: t(5, 'mm', ['seckel-dz2-temporal', 'pitanguy-line']),
  /** Seckel DZ2 upper corner above the lateral end of the brow. */
  dz2AboveBrowMm: t(20, 'mm', ['seckel-dz2-temporal']),
  /** Pitanguy line end above the lateral end of the brow. */
  pitanguyAboveBrowMm: t(15, 'mm', ['pitanguy-line']),
  /** Half-width of the corridor around the Pitanguy line. */
  pitanguyHalfWidthMm: t(
    10,
    'mm',
    ['temporal-branch-arch-zone'],
    'liftplan-default',
    'branches cross the arch over 10–31 mm anterior to the tragus (~2 cm spread); ±1 cm covers it',
  ),
  /** Seckel DZ3 circle radius. */
  mmnZoneRadiusMm: t(20, 'mm', ['seckel-dz3-mmn']),
  /** Seckel DZ3 centre: on the mandible this far posterior to the oral commissure. */
  mmnPosteriorToCommissureMm: t(20, 'mm', ['seckel-dz3-mmn']),
  /** Facial artery passes about this far lateral to the commissure. */
  facialArteryLateralToCommissureMm: t(15, 'mm', ['facial-artery-commissure']),
  /** Facial artery corridor centre lateral to the alar base, so ±half-width spans the basal alar point and a
   *  1 cm lateral deviation. */
  facialArteryLateralToAlarBaseMm: t(
    5,
    'mm',
    ['facial-artery-nlf-deviation'],
    'liftplan-default',
    'centre of the 0–1 cm range of the nasolabial segment',
  ),
  /** Length of the superficial temporal artery trunk corridor above the tragus (to its division). */
  staTrunkLengthMm: t(50, 'mm', ['sta-gray-division', 'sta-bifurcation']),
  /** Infraorbital foramen below the infraorbital margin (middle of 6–8.5 mm). */
  infraorbitalBelowRimMm: t(7.25, 'mm', ['infraorbital-foramen']),
  /** Infraorbital foramen distance from the facial midline: published range, lower and upper ends. */
  infraorbitalFromMidlineMinMm: t(26, 'mm', ['infraorbital-midline']),
  infraorbitalFromMidlineMaxMm: t(28.5, 'mm', ['infraorbital-midline']),
  /** Mental foramen distance from the midline and height above the mandibular lower border. */
  mentalFromMidlineMm: t(25, 'mm', ['mental-foramen']),
  mentalAboveBorderMm: t(12.3, 'mm', ['mental-foramen']),
  /** Supraorbital notch/foramen distance from the midline (middle of 22–26 mm). */
  supraorbitalFromMidlineMm: t(24, 'mm', ['supraorbital-foramen']),
  /** Great auricular nerve (DZ1) centre below the caudal edge of the external auditory canal. */
  ganBelowEarCanalMm: t(65, 'mm', ['seckel-dz1-gan']),
  /** The tragus is not a mesh landmark: estimated this far lateral to the ear-level face outline. */
  tragusLateralToFaceOutlineMm: t(
    5,
    'mm',
    ['tragus-not-frontal'],
    'liftplan-default',
    'not in the evidence base; adult bitragal breadth exceeds bizygomatic breadth by about 1 cm (anthropometry)',
  ),
} as const satisfies Record<string, Threshold>;

export type ThresholdName = keyof typeof THRESHOLDS;
