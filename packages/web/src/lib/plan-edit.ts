import {
  anchorPosition,
  catalogueEntry,
  choicesOf,
  nearestGauge,
  rerouteEntry,
  switchTemplate,
  validatePlacementEdits,
  withPlacementChoices,
  moveEntry,
  type PlacementChoices,
  type PlacementProblem,
  type PlanResult,
  type SafetyGeometry,
  type TemplateOption,
  type ThreadPlacement,
} from '@liftplan/domain';

/**
 * The plan screen's edits of one placement, all built the way the server's `verifyPlan` rebuilds them: from the
 * planner's own placement, the clinician's choices (template, thread, gauge, length, count) through
 * `withPlacementChoices`, then the entry the clinician moved re-routed by the same template and length
 * (`rerouteEntry`). What the web saves therefore verifies (see plan-edit.test.ts).
 */

/** The choice fields a clinician changes in the thread table. */
export type ChoiceChange = Partial<Omit<PlacementChoices, 'templateId'>>;

const sameAnchor = (a: ThreadPlacement['entry'], b: ThreadPlacement['entry']): boolean =>
  a.tri.every((v, i) => v === b.tri[i]) && a.bary.every((v, i) => v === b.bary[i]);

/** The offered length nearest `mm` (a tie goes to the longer thread). */
export function nearestLength(offered: readonly number[], mm: number): number {
  let best = offered[0] ?? mm;
  for (const l of offered) {
    if (Math.abs(l - mm) < Math.abs(best - mm) || (Math.abs(l - mm) === Math.abs(best - mm) && l > best)) {
      best = l;
    }
  }
  return best;
}

/**
 * The choices after a change: a new catalogue thread keeps the gauge and length when it offers them, else the
 * nearest it offers (the clinician sees the new values in the row and may change them again).
 */
export function nextChoices(current: ThreadPlacement, change: ChoiceChange): PlacementChoices {
  const was = choicesOf(current);
  if (change.catalogueId && change.catalogueId !== was.catalogueId) {
    const cat = catalogueEntry(change.catalogueId);
    return {
      ...was,
      ...change,
      gauge: change.gauge ?? nearestGauge(cat, was.gauge),
      lengthMm: change.lengthMm ?? nearestLength(cat.lengthsMm, was.lengthMm),
    };
  }
  return { ...was, ...change };
}

/**
 * Count, thread, gauge or length changed on a placement: the planner's placement with the new choices, and the
 * clinician's moved entry (if any) kept, its paths re-routed from there.
 */
export function changePlacement(
  planned: ThreadPlacement,
  current: ThreadPlacement,
  change: ChoiceChange,
  geometry: SafetyGeometry,
): ThreadPlacement {
  const next = withPlacementChoices(planned, nextChoices(current, change), geometry);
  const moved = !sameAnchor(current.entry, next.entry) && current.templateId === next.templateId;
  return moved && next.templateId
    ? rerouteEntry(next, geometry, anchorPosition(geometry.landmarks, current.entry))
    : next;
}

/**
 * Another technique of the placement's region: laid out from the planner's placement with that template's own
 * entry, thread and count (a moved entry belongs to the old technique and is not carried over). Switching back
 * to the planner's template is a reset.
 */
export function switchPlacement(
  planned: ThreadPlacement,
  templateId: string,
  geometry: SafetyGeometry,
): ThreadPlacement {
  if (templateId === planned.templateId) return planned;
  const switched = switchTemplate(planned, geometry, templateId);
  return withPlacementChoices(planned, choicesOf(switched), geometry);
}

/** The entry dragged to an image point: templated placements re-route every path (same template and length). */
export function moveEntryTo(
  p: ThreadPlacement,
  to: readonly [number, number],
  geometry: SafetyGeometry,
): ThreadPlacement {
  return p.templateId
    ? rerouteEntry(p, geometry, [to[0], to[1]])
    : moveEntry(p, geometry.landmarks, [to[0], to[1]], geometry);
}

/** The templates a placement may switch to: the planner's choice first, then its alternatives (planCase). */
export function templateOptions(
  base: Pick<PlanResult, 'alternatives' | 'placements'>,
  placementId: string,
): { readonly current: string; readonly options: readonly TemplateOption[] } | undefined {
  const alt = base.alternatives.find((a) => a.placementId === placementId);
  return alt && alt.options.length > 0 ? { current: alt.current, options: alt.options } : undefined;
}

/** Live placement problems (the server's `validatePlacementEdits`), grouped by placement id. */
export function problemsByPlacement(
  placements: readonly ThreadPlacement[],
  geometry: SafetyGeometry,
): ReadonlyMap<string, readonly PlacementProblem[]> {
  const out = new Map<string, PlacementProblem[]>();
  for (const p of validatePlacementEdits(placements, geometry)) {
    const list = out.get(p.placementId) ?? [];
    list.push(p);
    out.set(p.placementId, list);
  }
  return out;
}
