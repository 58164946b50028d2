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
 * Depth of the endangered structure: a thread in a plane superficial to it passes over it (the planner may then
 * record an anatomical justification); `bone` marks foramina where nerves emerge toward the surface.
 */
export type StructureDepth = 'subcutaneous' | 'deep-to-smas' | 'bone';

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
}
