import { DANGER_ZONE_KINDS, type DangerZone, type DangerZoneKind, type PlanFinding } from '@liftplan/domain';

/** Which danger zones the plan drawing shows: none, only those a thread's entry or path meets, or all. */
export const ZONE_MODES = ['off', 'crossed', 'all'] as const;
export type ZoneMode = (typeof ZONE_MODES)[number];

const ZONE_CODES: readonly PlanFinding['code'][] = ['entry-in-danger-zone', 'path-crosses-danger-zone'];

/** Ids of the zones a placement's entry or path meets (resolved or not). */
export function crossedZoneIds(findings: readonly PlanFinding[]): ReadonlySet<string> {
  return new Set(findings.filter((f) => ZONE_CODES.includes(f.code) && f.zoneId).map((f) => f.zoneId ?? ''));
}

/** The zones to draw for a mode and the kinds switched off in the legend. */
export function visibleZones(
  zones: readonly DangerZone[],
  mode: ZoneMode,
  hiddenKinds: ReadonlySet<DangerZoneKind>,
  findings: readonly PlanFinding[],
): DangerZone[] {
  if (mode === 'off') return [];
  const crossed = mode === 'crossed' ? crossedZoneIds(findings) : undefined;
  return zones.filter((z) => !hiddenKinds.has(z.kind) && (!crossed || crossed.has(z.id)));
}

export interface LegendEntry {
  readonly kind: DangerZoneKind;
  /** 1-based, stable per kind (the catalogue order of zone kinds): the short label on a crowded drawing. */
  readonly number: number;
  readonly name: DangerZone['name'];
  readonly severity: DangerZone['severity'];
  /** Zones of this kind a thread meets. */
  readonly crossed: number;
  readonly estimated: boolean;
}

/** One legend row per zone kind present on this face, in the catalogue order of kinds. */
export function legendEntries(zones: readonly DangerZone[], findings: readonly PlanFinding[]): LegendEntry[] {
  const crossed = crossedZoneIds(findings);
  return DANGER_ZONE_KINDS.flatMap((kind, i) => {
    const of = zones.filter((z) => z.kind === kind);
    const first = of[0];
    if (!first) return [];
    return [
      {
        kind,
        number: i + 1,
        name: first.name,
        severity: first.severity,
        crossed: of.filter((z) => crossed.has(z.id)).length,
        estimated: of.some((z) => z.estimated),
      },
    ];
  });
}
