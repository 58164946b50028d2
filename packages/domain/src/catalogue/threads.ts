/**
 * The thread catalogue as data (clinical-facts §1): kinds, materials, USP gauges, lengths, absorption, mechanism
 * and typical regions, each entry with its citations. These are generic product families, not brands; a clinic's
 * own stock (lots, expiry) lives elsewhere. Where the evidence base gives no number (e.g. PCL absorption) the
 * entry says so instead of inventing one.
 */
import type { Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import { USP_GAUGES, type Material, type ThreadKind, type UspGauge } from '../planner/types.js';

export type Mechanism = 'lift-and-collagen' | 'collagen-only' | 'volume-and-collagen';

export interface CatalogueEntry {
  readonly id: string;
  readonly name: { readonly en: string; readonly ko: string };
  readonly kind: ThreadKind;
  readonly material: Material;
  /** Available USP sizes, finest first (a subset of USP_GAUGES in order). */
  readonly gauges: readonly UspGauge[];
  /** Available thread lengths in mm, shortest first. */
  readonly lengthsMm: readonly number[];
  readonly absorbable: boolean;
  readonly absorption: { readonly en: string; readonly months?: readonly [number, number] };
  readonly mechanism: Mechanism;
  /** True when barbs or cones grip tissue, i.e. the thread can reposition it. */
  readonly lifts: boolean;
  readonly typicalRegions: readonly Region[];
  readonly note?: string;
  readonly cite: readonly CitationKey[];
}

const PDO_ABSORPTION = {
  en: 'mostly absorbed within 6 months, complete at about 6–7 months (hydrolysis)',
  months: [6, 7],
} as const;

export const THREAD_CATALOGUE = [
  {
    id: 'pdo-mono',
    name: { en: 'PDO mono thread', ko: 'PDO 모노실' },
    kind: 'mono',
    material: 'PDO',
    gauges: ['7-0', '6-0'],
    lengthsMm: [25, 38, 50, 60],
    absorbable: true,
    absorption: PDO_ABSORPTION,
    mechanism: 'collagen-only',
    lifts: false,
    typicalRegions: [],
    note: 'no mechanical lift: biostimulation only; the planner does not use it for lifting',
    cite: ['mono-no-lift', 'mono-usp', 'pdo-needles', 'pdo-absorption'],
  },
  {
    id: 'pdo-screw',
    name: { en: 'PDO screw (twist) thread', ko: 'PDO 스크류실' },
    kind: 'screw',
    material: 'PDO',
    gauges: ['7-0', '6-0', '5-0'],
    lengthsMm: [50, 60, 90],
    absorbable: true,
    absorption: PDO_ABSORPTION,
    mechanism: 'volume-and-collagen',
    lifts: false,
    typicalRegions: ['nasolabial'],
    note: 'volume in hollow areas, not lift',
    cite: ['screw-volume', 'screw-sizes', 'pdo-absorption'],
  },
  {
    id: 'pdo-bidirectional-cog',
    name: { en: 'PDO bidirectional cog thread', ko: 'PDO 양방향 코그실' },
    kind: 'bidirectional-cog',
    material: 'PDO',
    gauges: ['3-0', '2-0', '1-0', '0'],
    // 38 and 50 mm: the short PDO cogs (25–60 mm) the brow and perioral paths fit.
    lengthsMm: [38, 50, 60, 90, 115, 150],
    absorbable: true,
    absorption: PDO_ABSORPTION,
    mechanism: 'lift-and-collagen',
    lifts: true,
    typicalRegions: ['brow', 'midface', 'nasolabial', 'jowl', 'marionette'],
    cite: [
      'lifting-cog-usp',
      'bertossi-malar-nlf',
      'bertossi-mandibular',
      'nlf-5-cogs',
      'kang-floating-lengths',
      'pdo-cog-short',
      'pdo-absorption',
      'durability-pdo',
    ],
  },
  {
    id: 'pdo-molded-cog',
    name: { en: 'PDO molded cog thread', ko: 'PDO 몰딩 코그실' },
    kind: 'molded-cog',
    material: 'PDO',
    gauges: ['2-0', '1-0', '0', '1'],
    lengthsMm: [90, 115, 150],
    absorbable: true,
    absorption: PDO_ABSORPTION,
    mechanism: 'lift-and-collagen',
    lifts: true,
    typicalRegions: ['midface', 'jowl'],
    note: 'molded barbs keep the core strength and hold more before slipping: used for heavier tissue',
    cite: ['molded-barbs', 'lifting-cog-usp', 'cannula-15cm-cog', 'pdo-absorption'],
  },
  {
    id: 'plla-cones',
    name: { en: 'PLLA suture with PLGA cones', ko: 'PLLA 콘 실' },
    kind: 'cones',
    material: 'PLLA/PLGA',
    gauges: ['3-0'],
    lengthsMm: [300],
    absorbable: true,
    absorption: { en: 'PLA degrades over about 6–24 months', months: [6, 24] },
    mechanism: 'lift-and-collagen',
    lifts: true,
    typicalRegions: ['midface', 'jowl'],
    note: 'size of the resorbable suture not given in the evidence base (3-0 is the Silhouette Lift size): VERIFY with the product; minimum entry-to-exit path 60/90/110 mm for 8/12/16 cones',
    cite: ['silhouette-cones', 'silhouette-path-lengths', 'plla-absorption', 'barbed-vs-coned'],
  },
  {
    id: 'plcl-double-needle-cog',
    name: { en: 'P(LA/CL) double-needle bidirectional barbed thread', ko: 'P(LA/CL) 양방향 코그실' },
    kind: 'bidirectional-cog',
    material: 'P(LA/CL)',
    gauges: ['2-0'],
    lengthsMm: [120, 230],
    absorbable: true,
    absorption: { en: 'degradation reviewed (Wong 2021); no month range in the evidence base' },
    mechanism: 'lift-and-collagen',
    lifts: true,
    typicalRegions: ['midface', 'jowl'],
    note: 'gauge not given in the evidence base: VERIFY with the product',
    cite: ['plcl-bali', 'plcl-review', 'long-thread-lower-face'],
  },
  {
    id: 'pcl-cog',
    name: { en: 'PCL cog thread', ko: 'PCL 코그실' },
    kind: 'bidirectional-cog',
    material: 'PCL',
    gauges: ['2-0', '1-0'],
    lengthsMm: [90, 150],
    absorbable: true,
    absorption: {
      en: 'no controlled data: marketing claims of 18–24 months are not supported',
    },
    mechanism: 'lift-and-collagen',
    lifts: true,
    typicalRegions: ['midface', 'jowl'],
    note: 'associated with more swelling and bruising than other absorbables; sizes and lengths are catalogue placeholders to be edited by the clinic',
    cite: ['pcl-swelling', 'marketing-durability'],
  },
] as const satisfies readonly CatalogueEntry[];

export type CatalogueId = (typeof THREAD_CATALOGUE)[number]['id'];

const BY_ID = new Map<string, CatalogueEntry>(THREAD_CATALOGUE.map((e) => [e.id, e]));

export function catalogueEntry(id: CatalogueId): CatalogueEntry {
  const e = BY_ID.get(id);
  if (!e) throw new RangeError(`unknown catalogue entry ${id}`);
  return e;
}

const gaugeRank = (g: UspGauge): number => USP_GAUGES.indexOf(g);

/** The entry's gauge nearest to `g` (ties go to the finer one, the safer choice for visibility). */
export function nearestGauge(entry: CatalogueEntry, g: UspGauge): UspGauge {
  let best: UspGauge | undefined;
  let bestD = Infinity;
  for (const c of entry.gauges) {
    const d = Math.abs(gaugeRank(c) - gaugeRank(g));
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) throw new RangeError(`catalogue entry ${entry.id} lists no gauges`);
  return best;
}

/** One size finer or stronger within the entry's range (stays put at the end of the range). */
export function stepGauge(entry: CatalogueEntry, g: UspGauge, step: 'finer' | 'stronger'): UspGauge {
  const i = entry.gauges.indexOf(nearestGauge(entry, g));
  const j = step === 'finer' ? Math.max(0, i - 1) : Math.min(entry.gauges.length - 1, i + 1);
  return entry.gauges[j] ?? g;
}

/** Shortest listed length that covers `pathMm`; the longest when none does. */
export function lengthFor(entry: CatalogueEntry, pathMm: number): number {
  for (const l of entry.lengthsMm) if (l >= pathMm) return l;
  return entry.lengthsMm[entry.lengthsMm.length - 1] ?? pathMm;
}
