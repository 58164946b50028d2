import type { Justification } from '../case/schema.js';
import type { Region, Side } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';

export const THREAD_KINDS = ['mono', 'screw', 'bidirectional-cog', 'molded-cog', 'cones'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];
export const MATERIALS = ['PDO', 'PLLA/PLGA', 'PCL', 'P(LA/CL)'] as const;
export type Material = (typeof MATERIALS)[number];
/** USP suture sizes, finest first. */
export const USP_GAUGES = ['7-0', '6-0', '5-0', '4-0', '3-0', '2-0', '1-0', '0', '1', '2'] as const;
export type UspGauge = (typeof USP_GAUGES)[number];
/** Planes from superficial to deep. `sub-smas`: deep to the SMAS (e.g. on the periosteum at the orbital rim). */
export const PLANES = ['subcutaneous', 'superficial-to-smas', 'sub-smas'] as const;
export type Plane = (typeof PLANES)[number];
export const FIXATIONS = ['floating', 'anchored-deep-temporal-fascia'] as const;
export type Fixation = (typeof FIXATIONS)[number];
export const TENSIONS = ['low', 'moderate', 'firm'] as const;
export type Tension = (typeof TENSIONS)[number];

/**
 * A face-anchored point: barycentric weights on three mesh vertices. Inside the mesh the triangle is a mesh
 * triangle (weights in [0, 1]); off the mesh (temple, pre-auricular) it is a wide landmark triangle and weights
 * may fall outside [0, 1] (affine extrapolation). Re-projects onto any photo of the same face.
 */
export interface FaceAnchor {
  readonly tri: readonly [number, number, number];
  readonly bary: readonly [number, number, number];
}

export interface ThreadPlacement {
  /** Stable id: `${region}:${side}:${n}`. */
  readonly id: string;
  readonly region: Region;
  readonly side: Side;
  readonly kind: ThreadKind;
  readonly material: Material;
  readonly gauge: UspGauge;
  readonly lengthMm: number;
  /** Number of threads along this path pattern (a fan of `count` paths is drawn). */
  readonly count: number;
  readonly entry: FaceAnchor;
  /** Path from the entry point to the end of the thread, one polyline per thread. */
  readonly paths: readonly (readonly FaceAnchor[])[];
  /** Pull direction in the face frame, degrees: 0 = toward the subject's lateral side, 90 = superior. */
  readonly vectorDeg: number;
  readonly plane: Plane;
  readonly fixation: Fixation;
  readonly tension: Tension;
  /** Catalogue entry id this placement draws from. */
  readonly catalogueId: string;
  /** Rules whose effects shaped this placement. */
  readonly ruleIds: readonly string[];
  /** Technique template the paths were laid out by (planner/templates.ts); absent on plans before 2026.12. */
  readonly templateId?: string;
  /**
   * Plane of each path segment (segment i runs from path point i to i+1), the same for every path of the
   * placement; absent: `plane` all along.
   */
  readonly segmentPlanes?: readonly Plane[];
  /** Per-placement cautions that apply to this placement (prior filler, anticoagulants, …), with reasons. */
  readonly cautions?: readonly string[];
}

export type FindingLevel = 'error' | 'warning' | 'info';

export interface PlanFinding {
  readonly level: FindingLevel;
  readonly code:
    | 'entry-in-danger-zone'
    | 'path-crosses-danger-zone'
    | 'zone-estimated'
    | 'not-planned'
    | 'measurement-estimate'
    | 'path-end-outside-target'
    | 'prior-procedure'
    | 'technique-advice'
    | 'work-up'
    | 'age-outside-studied-range'
    | 'widening-design';
  readonly message: string;
  readonly placementId?: string;
  readonly zoneId?: string;
  /** A recorded justification turns an error into an accepted, visible finding. */
  readonly justification?:
    Justification | { readonly reason: string; readonly by: 'rule'; readonly ruleId: string };
  readonly cite: readonly CitationKey[];
}

export type RiskId =
  | 'dimpling'
  | 'visible-thread'
  | 'midface-widening'
  | 'asymmetry'
  | 'infection'
  | 'swelling'
  | 'bruising'
  | 'pain'
  | 'paresthesia'
  | 'extrusion'
  | 'alopecia'
  | 'recurrence';

export interface RiskFlag {
  readonly id: RiskId;
  readonly level: 'standard' | 'elevated';
  /** Plain statement of the published rate(s), e.g. "dimpling 16 % over 50 vs 5.6 % (Niu 2021)". */
  readonly rate: string;
  readonly reason: string;
  readonly cite: readonly CitationKey[];
}

export interface TraceEntry {
  readonly ruleId: string;
  readonly fired: boolean;
  /** Why it fired or not, naming the facts it looked at. */
  readonly because: string;
  readonly effects: readonly string[];
  readonly cite: readonly CitationKey[];
}

/** A plan drawn onto one photo: every anchor projected to that photo's image pixels. */
export interface ProjectedPlacement {
  readonly id: string;
  readonly region: Region;
  readonly side: Side;
  readonly entry: readonly [number, number];
  readonly paths: readonly (readonly (readonly [number, number])[])[];
  /** Worst unjustified finding on this placement: drives the colour in overlays. */
  readonly status: 'ok' | 'warning' | 'error';
}

export interface ProjectedPlan {
  readonly placements: readonly ProjectedPlacement[];
}
