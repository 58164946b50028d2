/**
 * Where threads go, per region, as data built from named landmarks (face frame, mm). Entry options are tried in
 * order (those matching the requested vector style first); the first whose entry point lies outside every danger
 * zone is used. Offsets are technique choices, not clinical thresholds: the sources describe entries in surface
 * terms only (clinical-facts §2 region summary), and every plan is edited and signed by the clinician.
 */
import type { Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import type { PairedLandmark, PlannerLandmark } from '../face/landmarks.js';
import type { VectorStyle } from './rule-types.js';
import type { Fixation } from './types.js';

export type NamedPoint = PairedLandmark | PlannerLandmark;

/** lerp(a, b, t) then offset laterally (toward the subject's side) and upward, in mm. */
export interface PointSpec {
  readonly a: NamedPoint;
  readonly b?: NamedPoint;
  readonly t?: number;
  readonly lateralMm?: number;
  readonly upMm?: number;
}

export interface EntryOption {
  readonly name: string;
  readonly description: string;
  readonly at: PointSpec;
  /** A waypoint the thread passes (e.g. lateral to the orbit from a temple entry). */
  readonly via?: PointSpec;
  readonly vector: VectorStyle;
  readonly fixation: Fixation;
  readonly cite: readonly CitationKey[];
}

export interface RegionGeometry {
  readonly region: Region;
  /** Thread ends are spread evenly from `from` to `to` (one thread: the middle). */
  readonly targets: { readonly from: PointSpec; readonly to: PointSpec; readonly description: string };
  readonly entries: readonly EntryOption[];
}

const ZYGOMATIC_BODY: EntryOption = {
  name: 'zygomatic-body',
  description: 'body of the zygoma below the lateral orbital rim (entry in the middle of the pattern)',
  at: { a: 'zygomaBody', b: 'lateralOrbitalRim', t: 0.3 },
  vector: 'superolateral',
  fixation: 'floating',
  cite: ['midface-3-threads', 'silhouette-cones'],
};

const TEMPLE_VIA = { a: 'lateralOrbitalRim', b: 'earLevelLateral', t: 0.5 } as const;

const TEMPLE_HIGH: EntryOption = {
  name: 'temple-high',
  description: 'high temple toward the superior temporal line, passing lateral to the orbit',
  at: { a: 'templeHigh' },
  via: TEMPLE_VIA,
  vector: 'vertical',
  fixation: 'floating',
  cite: ['kang-anti-widening-design', 'midface-width-kang'],
};

const TEMPLE_ANCHOR: EntryOption = {
  name: 'temple-anchor',
  description: 'anchored to the deep temporal fascia at the high temple, in front of the tragal band',
  at: { a: 'templeHigh' },
  via: TEMPLE_VIA,
  vector: 'vertical',
  fixation: 'anchored-deep-temporal-fascia',
  cite: ['temporal-anchor-band', 'fixing-points-temple'],
};

const POSTERIOR_CHEEK: EntryOption = {
  name: 'posterior-cheek',
  description:
    'cheek in front of the ear above the jaw angle, between the parotid duct band and the great auricular zone',
  at: { a: 'posteriorCheek', b: 'mandibleRamus', t: 0.4 },
  vector: 'superolateral',
  fixation: 'floating',
  cite: ['fixing-points-temple', 'bertossi-mandibular'],
};

export const REGION_GEOMETRY: readonly RegionGeometry[] = [
  {
    region: 'brow',
    targets: {
      from: { a: 'browLateralEnd', lateralMm: -4 },
      to: { a: 'browLateralEnd' },
      description: 'brow tail',
    },
    entries: [
      {
        name: 'temporal-hairline',
        description: 'temporal forehead above the brow tail, above the temporal-branch zone',
        at: { a: 'templeHairline' },
        vector: 'vertical',
        fixation: 'floating',
        cite: ['brow-entry-unsourced', 'seckel-dz2-temporal'],
      },
      {
        name: 'temporal-hairline-high',
        description: 'as above, 10 mm higher',
        at: { a: 'templeHairline', upMm: 10 },
        vector: 'vertical',
        fixation: 'floating',
        cite: ['brow-entry-unsourced', 'seckel-dz2-temporal'],
      },
    ],
  },
  {
    region: 'midface',
    targets: {
      from: { a: 'medialCheekUpper', lateralMm: 4 },
      to: { a: 'medialCheekLower', lateralMm: 4 },
      description: 'medial cheek, lateral to the nasolabial fold',
    },
    entries: [ZYGOMATIC_BODY, TEMPLE_HIGH, TEMPLE_ANCHOR],
  },
  {
    region: 'nasolabial',
    targets: {
      from: { a: 'alarCrease', b: 'mouthCorner', t: 0.2, lateralMm: 7 },
      to: { a: 'alarCrease', b: 'mouthCorner', t: 0.8, lateralMm: 7 },
      description: 'just lateral to the nasolabial fold, upper to lower fifth',
    },
    entries: [ZYGOMATIC_BODY, POSTERIOR_CHEEK],
  },
  {
    region: 'jowl',
    targets: {
      from: { a: 'jowlFront', b: 'jowlMid', t: 0.5, upMm: 4 },
      to: { a: 'jowlBack', upMm: 4 },
      description: 'the jowl, just above the jaw contour',
    },
    entries: [
      POSTERIOR_CHEEK,
      { ...ZYGOMATIC_BODY, vector: 'vertical', cite: ['kang-anti-widening-design', 'bertossi-mandibular'] },
      TEMPLE_ANCHOR,
    ],
  },
  {
    region: 'marionette',
    targets: {
      from: { a: 'marionetteUpper' },
      to: { a: 'marionetteLower' },
      description: 'along the marionette line below the commissure',
    },
    entries: [
      {
        name: 'mid-cheek',
        description: 'medial mid-cheek above the parotid band and the zygomatic-buccal zone',
        at: { a: 'medialCheekUpper', b: 'malar', t: 0.55, upMm: 4 },
        vector: 'superolateral',
        fixation: 'floating',
        cite: ['instalift-midcheek', 'marionette-twin'],
      },
      ZYGOMATIC_BODY,
    ],
  },
];
