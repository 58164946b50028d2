/**
 * The planner's rule language: rules are data (conditions and effects as plain objects), evaluated by a pure
 * interpreter (evaluate.ts). A RuleSet is versioned as a whole; a plan records the version it was made with.
 */
import type { Region } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import type { ThresholdName } from '../evidence/thresholds.js';
import type { StructureDepth } from '../zones/types.js';
import type { CatalogueId } from '../catalogue/threads.js';
import type { FindingLevel, Fixation, Plane, PlanFinding, Tension, UspGauge } from './types.js';
import type { RiskTemplateId } from './risk-rates.js';

/** Facts about the whole case (facts.ts derives them). */
export type CaseFactName =
  | 'age'
  | 'sex'
  | 'skinThickness'
  | 'elasticity'
  | 'fat'
  | 'glogau'
  | 'fitzpatrick'
  | 'expectations'
  | 'candidacy'
  | 'hasFrontPhoto'
  | 'calibrationEstimate'
  | 'lowerFaceWidthRatio'
  /** Bizygomatic width over nasion–menton height (scale-free). */
  | 'midfaceWidthToHeight'
  /** True when either width measure crosses its threshold. */
  | 'wideningRisk'
  | 'anticoagulants'
  | 'herpesHistory'
  /** Largest perceptible measured asymmetry (mm metrics) and angle, for the work-up rule. */
  | 'maxAsymmetryMm'
  | 'maxAsymmetryDeg'
  /** Metrics beyond the work-up threshold, as text. */
  | 'asymmetryBeyond'
  /** Computed by the evaluator while it runs: region/sides still planned after the rules so far. */
  | 'plannedRegionSides';

/** Facts of one region and side (only in rules scoped to regions). */
export type ScopeFactName =
  | 'region'
  | 'side'
  | 'grade'
  | 'moreAffected'
  | 'asymmetryMetrics'
  /** Permanent filler recorded in this region (any date). */
  | 'permanentFiller'
  /** Temporary filler in this region within recentInjectableDays. */
  | 'recentTemporaryFiller'
  /** Threads in this region earlier than recentThreadsDays (later ones defer the case). */
  | 'earlierThreads'
  | 'priorSurgicalLift'
  /** Skin thickness of this region (assessment.skinByRegion, else the face's). */
  | 'skinThickness';

export type FactName = CaseFactName | ScopeFactName;
export type FactValue = number | string | boolean | null;

export type Operand = number | string | boolean | null | { readonly threshold: ThresholdName };

/** Conditions: comparisons of one fact with a literal or a named threshold, combined with all/any/not. */
export type Expr =
  | { readonly always: true }
  | { readonly all: readonly Expr[] }
  | { readonly any: readonly Expr[] }
  | { readonly not: Expr }
  | {
      readonly fact: FactName;
      readonly op: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';
      readonly value: Operand;
    }
  | { readonly fact: FactName; readonly op: 'in'; readonly value: readonly (string | number | boolean)[] };

export type VectorStyle = 'superolateral' | 'vertical';

/** Effects on the placement of the region/side a scoped rule fired for. */
export type PlacementEffect =
  | { readonly op: 'skip'; readonly reason: string; readonly report: boolean }
  | { readonly op: 'use'; readonly catalogueId: CatalogueId }
  | { readonly op: 'gauge'; readonly step: 'finer' | 'stronger' }
  | { readonly op: 'count'; readonly by: number }
  | { readonly op: 'count-to'; readonly to: 'min' | 'max' }
  | { readonly op: 'plane'; readonly value: Plane }
  | { readonly op: 'fixation'; readonly value: Fixation }
  | { readonly op: 'tension'; readonly value: Tension }
  | { readonly op: 'vector'; readonly value: VectorStyle }
  /** Prefer techniques designed against midface widening (templates.ts `antiWidening`). */
  | { readonly op: 'prefer-anti-widening' }
  /** Hold the count at the region default (undo earlier increases). */
  | { readonly op: 'count-cap'; readonly to: 'default' }
  /** Tension no firmer than this. */
  | { readonly op: 'tension-cap'; readonly value: Tension }
  /** A caution written on the placement itself (shown with the thread, printed in the report). */
  | { readonly op: 'caution'; readonly text: string };

/** Effects on the plan as a whole (applied once per rule however many scopes it fired for). */
export type PlanEffect =
  | { readonly op: 'risk'; readonly risk: RiskTemplateId }
  | {
      readonly op: 'finding';
      readonly level: FindingLevel;
      readonly code: PlanFinding['code'];
      readonly message: string;
    }
  | { readonly op: 'skip-all'; readonly reason: string };

export type Effect = PlacementEffect | PlanEffect;

export interface Rule {
  readonly id: string;
  readonly description: string;
  /** 'case': evaluated once. Regions: evaluated per listed region and side (scope facts available). */
  readonly scope: 'case' | { readonly regions: readonly Region[] };
  readonly when: Expr;
  readonly then: readonly Effect[];
  readonly cite: readonly CitationKey[];
}

/** Parameters a region starts from before any rule (clinical-facts §2 region summary). */
export interface RegionDefault {
  readonly region: Region;
  readonly catalogueId: CatalogueId;
  readonly gauge: UspGauge;
  readonly count: number;
  /** Published range of threads per side; count effects are clamped to it. */
  readonly countRange: readonly [number, number];
  readonly vector: VectorStyle;
  readonly plane: Plane;
  readonly fixation: Fixation;
  readonly tension: Tension;
  readonly note: string;
  readonly cite: readonly CitationKey[];
}

/**
 * Safety rule: records an anatomical justification for a path that crosses a zone whose structure lies deep to
 * the plane of the thread. Entries are never justified this way.
 */
export interface ZoneJustificationRule {
  readonly id: string;
  readonly description: string;
  readonly planes: readonly Plane[];
  readonly zoneDepths: readonly StructureDepth[];
  readonly reason: string;
  readonly cite: readonly CitationKey[];
}

export interface RuleSet {
  readonly version: string;
  readonly regionDefaults: readonly RegionDefault[];
  readonly rules: readonly Rule[];
  readonly zoneRules: readonly ZoneJustificationRule[];
}

/** Facts for one evaluation: case facts plus one fact record per region and side. */
export interface Facts {
  readonly case: Readonly<Partial<Record<CaseFactName, FactValue>>>;
  readonly scopes: readonly {
    readonly region: Region;
    readonly side: 'left' | 'right';
    readonly values: Readonly<Partial<Record<ScopeFactName, FactValue>>>;
  }[];
}
