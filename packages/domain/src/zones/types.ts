import type { Side } from '../case/vocab.js';
import type { CitationKey } from '../evidence/citations.js';
import type { FacePoint } from '../geometry/types.js';

export const DANGER_ZONE_KINDS = [
  'temporal-branch',
  'marginal-mandibular',
  'zygomatic-buccal',
  'facial-artery',
  'superficial-temporal-artery',
  'parotid-duct',
  'infraorbital-foramen',
  'mental-foramen',
  'supraorbital-foramen',
  'great-auricular',
] as const;
export type DangerZoneKind = (typeof DANGER_ZONE_KINDS)[number];

/** Shapes in the face frame, millimetres. */
export type ZoneShape =
  | { readonly kind: 'polygon'; readonly points: readonly FacePoint[] }
  | { readonly kind: 'circle'; readonly centre: FacePoint; readonly radiusMm: number }
  | { readonly kind: 'corridor'; readonly line: readonly FacePoint[]; readonly halfWidthMm: number };

/**
 * Depth of the endangered structure, superficial to deep: a thread in a plane superficial to it passes over it
 * (a zone rule may then accept the crossing); `intra-smas` is a structure within the SMAS (the frontal branch
 * above the arch); `bone` marks foramina where nerves emerge toward the surface (never accepted).
 */
export const STRUCTURE_DEPTHS = ['subcutaneous', 'intra-smas', 'deep-to-smas', 'bone'] as const;
export type StructureDepth = (typeof STRUCTURE_DEPTHS)[number];

/** One part of a zone where the evidence gives the structure's depth; the parts together cover the zone. */
export interface DepthPart {
  readonly label: string;
  readonly depth: StructureDepth;
  readonly shape: ZoneShape;
  readonly basis: 'published' | 'liftplan-default';
  readonly note: string;
  readonly cite: readonly CitationKey[];
}

export interface DangerZone {
  /** Unique per face: `${kind}:${side}` (e.g. `marginal-mandibular:left`). */
  readonly id: string;
  readonly kind: DangerZoneKind;
  readonly side: Side;
  readonly name: { readonly en: string; readonly ko: string };
  readonly structure: 'nerve' | 'artery' | 'duct' | 'foramen';
  readonly depth: StructureDepth;
  readonly severity: 'critical' | 'high' | 'moderate';
  readonly shape: ZoneShape;
  /** True when a landmark the definition needs is not visible or not in the mesh (e.g. the tragus). */
  readonly estimated: boolean;
  readonly estimateReason?: string;
  readonly cite: readonly CitationKey[];
  /** Depth by part of the zone, where the evidence gives one; absent: `depth` throughout. */
  readonly depthProfile?: readonly DepthPart[];
}
