/**
 * Published thread-lift techniques as data (clinical-facts §2): per region, where the thread enters, the
 * waypoints it passes, the plane of every leg, the target region its end must lie in, fixation, the lengths
 * the sources use and the count range. Points are named landmarks with offsets in the face frame (mm, toward
 * the subject's side / up). The planner lays each path out to the thread's usable length (layout.ts); which
 * template it takes, and why, is in the trace; the others are offered as alternatives.
 *
 * Technique parameters are expert opinion or single-centre series (clinical-facts §2 caveat): defaults for the
 * clinician to edit, not rules.
 */
import type { Region } from '../case/vocab.js';
import type { CatalogueId } from '../catalogue/threads.js';
import type { CitationKey } from '../evidence/citations.js';
import type { PointSpec } from './geometry-specs.js';
import type { VectorStyle } from './rule-types.js';
import type { Fixation, Plane } from './types.js';

export interface TemplateLeg {
  /** The waypoint this leg ends at. */
  readonly to: PointSpec;
  /** Plane of the thread along this leg. */
  readonly plane: Plane;
  /**
   * The plane stays as given whatever the rules ask (thin skin moves other legs deeper): in the temple above the
   * arch the frontal branch lies in the superficial / intra-SMAS plane, so a temple leg stays subcutaneous.
   */
  readonly fixedPlane?: boolean;
}

export type PathShape = 'radiating-fan' | 'u-suspension';

export interface TechniqueTemplate {
  readonly id: string;
  readonly region: Region;
  readonly name: { readonly en: string; readonly ko: string };
  readonly description: string;
  readonly entry: PointSpec;
  readonly entryDescription: string;
  /** Waypoints every path passes after the entry, in order. */
  readonly legs: readonly TemplateLeg[];
  /** Plane of the last leg, from the last waypoint to the thread's end. */
  readonly finalPlane: Plane;
  /** Polygon (named points) the end of every path must lie in. */
  readonly targetRegion: readonly PointSpec[];
  readonly targetDescription: string;
  /** Radiating fan: `count` paths from one entry. U-suspension: each thread is looped round a deep-temporal-fascia
   *  anchor at the entry and gives two arms (2 × count paths), each half the usable length. */
  readonly shape: PathShape;
  readonly fixation: Fixation;
  readonly vector: VectorStyle;
  /** Thread lengths the sources use, preferred first (filtered by what the catalogue entry offers). */
  readonly lengthsMm: readonly number[];
  /** Catalogue entries this technique is described with; empty: every lifting thread fits. */
  readonly catalogueIds: readonly CatalogueId[];
  readonly countRange: readonly [number, number];
  /** Vertical vectors and no bunching at the malar eminence (Kang 2020 anti-widening design). */
  readonly antiWidening: boolean;
  /** Published lift and complication figures for this technique, as the evidence base words them. */
  readonly outcome: string;
  readonly cite: readonly CitationKey[];
}

// Shared points (left-side sense; the planner mirrors by the subject's side).
const LATERAL_TO_ORBIT: PointSpec = { a: 'lateralOrbitalRim', b: 'earLevelLateral', t: 0.5 };
const TEMPLE_HIGH: PointSpec = { a: 'templeHigh' };
/** Over the zygoma body, below the arch: where a temple path may leave the subcutaneous plane. */
const BELOW_ARCH: PointSpec = { a: 'zygomaBody', lateralMm: 5 };
/** Temple → lateral to the orbit → below the arch, subcutaneous throughout (frontal branch intra-SMAS above the arch). */
const TEMPLE_LEGS: readonly TemplateLeg[] = [
  { to: LATERAL_TO_ORBIT, plane: 'subcutaneous', fixedPlane: true },
  { to: BELOW_ARCH, plane: 'subcutaneous', fixedPlane: true },
];
const PRE_AURICULAR: PointSpec = { a: 'lowerOvalAtEar', b: 'earLevelOval', t: 0.3, lateralMm: 2 };
/** In front of the superficial temporal artery corridor, at the same height: where the U arms come down. */
const PRE_AURICULAR_ANTERIOR: PointSpec = { a: 'lowerOvalAtEar', b: 'earLevelOval', t: 0.3, lateralMm: -6 };

const MEDIAL_CHEEK: readonly PointSpec[] = [
  { a: 'medialCheekUpper', upMm: 4 },
  { a: 'malar' },
  { a: 'malar', b: 'mouthCorner', t: 0.45 },
  { a: 'medialCheekLower' },
  { a: 'alarCrease', lateralMm: 5 },
];

const MALAR_TO_MEDIAL_CHEEK: readonly PointSpec[] = [
  { a: 'zygomaBody', lateralMm: 6, upMm: -5 },
  { a: 'lateralCheek', b: 'mouthCorner', t: 0.35 },
  { a: 'malar', b: 'mouthCorner', t: 0.45 },
  { a: 'medialCheekLower' },
  { a: 'alarCrease', lateralMm: 5 },
  { a: 'medialCheekUpper', upMm: 4 },
];

const LATERAL_TO_NLF: readonly PointSpec[] = [
  { a: 'alarCrease', lateralMm: 4 },
  { a: 'alarCrease', lateralMm: 16 },
  { a: 'mouthCorner', lateralMm: 18 },
  { a: 'mouthCorner', lateralMm: 6 },
];

const JOWL: readonly PointSpec[] = [
  { a: 'jowlFront', upMm: 12 },
  { a: 'jowlBack', upMm: 14 },
  { a: 'jowlBack', upMm: 2 },
  { a: 'jowlMid', upMm: 2 },
  { a: 'jowlFront', upMm: 2 },
];

const JOWL_AND_JAWLINE: readonly PointSpec[] = [
  { a: 'jowlFront', upMm: 12 },
  { a: 'mandibleRamus', upMm: 8 },
  { a: 'mandibleRamus', lateralMm: 4 },
  { a: 'gonion', upMm: 4 },
  { a: 'jowlBack', upMm: 2 },
  { a: 'jowlMid', upMm: 2 },
  { a: 'jowlFront', upMm: 2 },
];

const U_OUTCOME =
  'U-shaped, temple-anchored: 85–90 % visible elevation, bleeding 15–20 %, dimpling 12–18 %, exit-point tissue damage 5–10 % (Hong 2025); temporal anchoring alopecia 2.1 % (Yeo 2017)';
const I_OUTCOME = 'I-shaped (floating): complication rates < 5 %, less lift than U-shaped (Hong 2025)';

export const TECHNIQUE_TEMPLATES: readonly TechniqueTemplate[] = [
  {
    id: 'brow-temporal-hairline',
    region: 'brow',
    name: { en: 'Brow tail from the temporal hairline', ko: '관자 헤어라인에서 눈썹 꼬리' },
    description: 'one barbed thread per brow, from the temporal hairline down to the brow tail',
    entry: { a: 'templeHairline' },
    entryDescription:
      'temporal hairline above the brow tail (entry unsourced), above the temporal-branch zone',
    legs: [],
    finalPlane: 'subcutaneous',
    targetRegion: [
      { a: 'browLateralEnd', lateralMm: 3, upMm: 8 },
      { a: 'browLateralEnd', lateralMm: -22, upMm: 8 },
      { a: 'browLateralEnd', lateralMm: -22, upMm: -4 },
      { a: 'browLateralEnd', lateralMm: 3, upMm: -4 },
    ],
    targetDescription: 'the lateral two thirds of the brow',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'vertical',
    lengthsMm: [50, 38, 60],
    catalogueIds: [],
    countRange: [1, 1],
    antiWidening: false,
    outcome: I_OUTCOME,
    cite: [
      'brow-1-thread',
      'lateral-brow-descent',
      'brow-entry-unsourced',
      'pdo-cog-short',
      'i-shaped-floating',
    ],
  },
  {
    id: 'midface-temple-floating',
    region: 'midface',
    name: { en: 'Midface from the temple, floating (Kang)', ko: '관자에서 중안면, 고정 없음 (강)' },
    description:
      'floating threads from the high temple along the superior temporal line, passing lateral to the orbit, to the medial cheek; designed against midface widening',
    entry: TEMPLE_HIGH,
    entryDescription: 'high temple toward the superior temporal line',
    legs: TEMPLE_LEGS,
    finalPlane: 'subcutaneous',
    targetRegion: MEDIAL_CHEEK,
    targetDescription: 'the medial cheek, lateral to the nasolabial fold',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'vertical',
    lengthsMm: [90, 115],
    catalogueIds: [],
    countRange: [2, 4],
    antiWidening: true,
    outcome: `Kang 2020: bizygomatic diameter reduced 4.7–17.9 mm (mean 11.3) at 6 months, n = 3. ${I_OUTCOME}`,
    cite: [
      'kang-floating-lengths',
      'kang-anti-widening-design',
      'kang-bizygomatic-reduction',
      'midface-region-row',
      'i-shaped-floating',
    ],
  },
  {
    id: 'midface-orbital-rim',
    region: 'midface',
    name: {
      en: 'Midface from above the lateral orbital rim (Myung)',
      ko: '외측 안와연 위에서 중안면 (명)',
    },
    description:
      'threads radiating from just above the lateral orbital rim to the medial cheek: deep (sub-SMAS) over the zygoma, more superficial toward the nasolabial fold',
    entry: { a: 'lateralOrbitalRim', upMm: 6, lateralMm: -1.5 },
    entryDescription: 'just above the lateral orbital rim (18G stab)',
    legs: [{ to: { a: 'zygomaBody' }, plane: 'sub-smas' }],
    finalPlane: 'subcutaneous',
    targetRegion: MEDIAL_CHEEK,
    targetDescription: 'the medial cheek, lateral to the nasolabial fold',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'superolateral',
    // The source uses a 15 cm thread on a 12.5 cm cannula; on this path the thread is chosen to the route.
    lengthsMm: [60, 90, 150],
    catalogueIds: [],
    countRange: [2, 3],
    antiWidening: false,
    outcome: `Myung & Jung 2020: 3 threads per side, effect ≥ 6 months. ${I_OUTCOME}`,
    cite: [
      'myung-rim-entry',
      'myung-planes',
      'midface-3-threads',
      'bertossi-malar-nlf',
      'midface-region-row',
      'i-shaped-floating',
    ],
  },
  {
    id: 'midface-temple-anchored-u',
    region: 'midface',
    name: { en: 'Midface U-suspension anchored at the temple', ko: '관자 고정 U자 현수 (중안면)' },
    description:
      'barbed threads looped round the deep temporal fascia at the high temple, both arms to the malar fat and medial cheek',
    entry: TEMPLE_HIGH,
    entryDescription:
      'deep temporal fascia between the temporal lines, in the band 1–3 cm anterior to the tragal vertical',
    legs: TEMPLE_LEGS,
    finalPlane: 'subcutaneous',
    targetRegion: MALAR_TO_MEDIAL_CHEEK,
    targetDescription: 'the malar fat and medial cheek',
    shape: 'u-suspension',
    fixation: 'anchored-deep-temporal-fascia',
    vector: 'vertical',
    lengthsMm: [150, 115],
    catalogueIds: ['pdo-molded-cog', 'pdo-bidirectional-cog'],
    countRange: [1, 2],
    antiWidening: false,
    outcome: U_OUTCOME,
    cite: [
      'u-shaped-anchored',
      'temporal-anchor-band',
      'fixing-points-temple',
      'temporal-alopecia',
      'midface-region-row',
    ],
  },
  {
    id: 'nasolabial-zygomatic-fan',
    region: 'nasolabial',
    name: { en: 'Nasolabial fold from the zygoma (Suh)', ko: '광대에서 팔자주름 (서)' },
    description:
      'bidirectional cogs fanned from the zygoma body to just lateral to the fold, pulling across it',
    entry: { a: 'zygomaBody', b: 'lateralOrbitalRim', t: 0.3 },
    entryDescription: 'body of the zygoma below the lateral orbital rim',
    legs: [],
    finalPlane: 'subcutaneous',
    targetRegion: LATERAL_TO_NLF,
    targetDescription: 'just lateral to the nasolabial fold',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'superolateral',
    lengthsMm: [60, 50, 90],
    catalogueIds: [],
    countRange: [2, 5],
    antiWidening: false,
    outcome: `Suh 2015: 5 bidirectional cogs per side, 87 % satisfied (31 procedures). ${I_OUTCOME}`,
    cite: ['nlf-5-cogs', 'bertossi-malar-nlf', 'fixing-points-temple', 'i-shaped-floating'],
  },
  {
    id: 'nasolabial-temple-single-entry',
    region: 'nasolabial',
    name: { en: 'Lateral face from a single temple entry (Yi)', ko: '관자 단일 자입점 (이)' },
    description:
      'three threads from one temple entry, passing lateral to the orbit (subcutaneous above the arch), then just superficial to the SMAS, ending about 1 cm lateral to the mouth corner and 1 cm lateral to that',
    entry: TEMPLE_HIGH,
    entryDescription: 'single temple entry',
    // Subcutaneous through the temple (the frontal branch lies intra-SMAS above the arch, Pankratz 2020), then
    // just superficial to the SMAS below it as Yi describes.
    legs: TEMPLE_LEGS,
    finalPlane: 'superficial-to-smas',
    targetRegion: LATERAL_TO_NLF,
    targetDescription: 'about 1–2 cm lateral to the mouth corner, lateral to the fold',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'vertical',
    lengthsMm: [115, 90, 150],
    catalogueIds: [],
    countRange: [2, 3],
    antiWidening: true,
    outcome: `Yi 2026: the plane just superficial to the SMAS avoided vessels, nerves and muscle on micro-CT and ultrasound. ${I_OUTCOME}`,
    cite: [
      'yi-temple-single-entry',
      'plane-superficial-smas',
      'frontal-branch-depth-transition',
      'i-shaped-floating',
    ],
  },
  {
    id: 'jowl-preauricular-floating',
    region: 'jowl',
    name: { en: 'Jowl from a pre-auricular entry, floating', ko: '귀 앞에서 턱선, 고정 없음' },
    description:
      'barbed threads fanned from the thick-SMAS zone in front of the ear to the jowl (Bertossi 2–4 per side)',
    entry: PRE_AURICULAR,
    entryDescription: 'in front of the ear below the zygomatic arch, where the SMAS is thick',
    legs: [],
    finalPlane: 'subcutaneous',
    targetRegion: JOWL,
    targetDescription: 'the jowl, just above the jaw contour',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'superolateral',
    lengthsMm: [90, 115, 60],
    catalogueIds: [],
    countRange: [2, 4],
    antiWidening: false,
    outcome: `Bertossi 2019: 2–4 PDO barbed threads per side, lift gone by 12 months. ${I_OUTCOME}`,
    cite: ['bertossi-mandibular', 'fixing-points-temple', 'jowl-region-row', 'i-shaped-floating'],
  },
  {
    id: 'jowl-temple-anchored-u',
    region: 'jowl',
    name: { en: 'Jowl U-suspension anchored at the temple', ko: '관자 고정 U자 현수 (턱선)' },
    description:
      'long double-needle threads looped round the deep temporal fascia at the temple, both arms down to the jowl and jawline',
    entry: TEMPLE_HIGH,
    entryDescription:
      'deep temporal fascia between the temporal lines, in the band 1–3 cm anterior to the tragal vertical',
    legs: [{ to: PRE_AURICULAR_ANTERIOR, plane: 'subcutaneous', fixedPlane: true }],
    finalPlane: 'subcutaneous',
    targetRegion: JOWL_AND_JAWLINE,
    targetDescription: 'the jowl and the jawline behind it',
    shape: 'u-suspension',
    fixation: 'anchored-deep-temporal-fascia',
    vector: 'vertical',
    lengthsMm: [230, 150],
    catalogueIds: ['plcl-double-needle-cog', 'pdo-molded-cog'],
    countRange: [1, 2],
    antiWidening: true,
    outcome: `${U_OUTCOME}; long (23 cm) threads slightly better lift than short (12 cm) in the Asian lower face (Dermatol Ther 2021)`,
    cite: [
      'jowl-anchoring-options',
      'temporal-anchor-band',
      'u-shaped-anchored',
      'long-thread-lower-face',
      'temporal-alopecia',
      'jowl-region-row',
    ],
  },
  {
    id: 'marionette-mid-cheek',
    region: 'marionette',
    name: { en: 'Marionette line from mid-cheek entries', ko: '중간 볼에서 마리오네트 주름' },
    description:
      'twin threads from the medial mid-cheek down along the marionette line, superficial near the commissure',
    entry: { a: 'medialCheekUpper', b: 'malar', t: 0.55, upMm: 4 },
    entryDescription: 'medial mid-cheek above the parotid band and the zygomatic-buccal zone',
    legs: [],
    finalPlane: 'subcutaneous',
    targetRegion: [
      { a: 'marionetteUpper', lateralMm: -5 },
      { a: 'marionetteUpper', lateralMm: 6 },
      { a: 'marionetteLower', lateralMm: 6, upMm: -4 },
      { a: 'marionetteLower', lateralMm: -5, upMm: -4 },
    ],
    targetDescription: 'along the marionette line below the commissure',
    shape: 'radiating-fan',
    fixation: 'floating',
    vector: 'superolateral',
    lengthsMm: [60, 50],
    catalogueIds: [],
    countRange: [2, 2],
    antiWidening: false,
    outcome: `Suh 2015: 2 twin threads per side. ${I_OUTCOME}`,
    cite: ['marionette-twin', 'instalift-midcheek', 'perioral-superficial', 'i-shaped-floating'],
  },
];

export const templatesFor = (region: Region): TechniqueTemplate[] =>
  TECHNIQUE_TEMPLATES.filter((t) => t.region === region);

export function techniqueTemplate(id: string): TechniqueTemplate | undefined {
  return TECHNIQUE_TEMPLATES.find((t) => t.id === id);
}
