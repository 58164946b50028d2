/**
 * Turns parameter drafts into geometry: chooses the region's technique template by the facts (fixation the
 * rules asked for, anti-widening design when widening is the risk, vector style), lays its paths out to the
 * thread's usable length (layout.ts) and stores them face-anchored. Templates whose entry lies in a danger zone
 * or whose paths do not fit this face are passed over, and the trace says so.
 */
import type { Side } from '../case/vocab.js';
import { catalogueEntry, nearestGauge, type CatalogueId } from '../catalogue/threads.js';
import { toImage } from '../face/frame.js';
import type { FacePoint } from '../geometry/types.js';
import { zoneContains } from '../zones/check.js';
import { anchorPoint } from './anchor.js';
import type { PlacementDraft } from './evaluate.js';
import { fitTemplate, lateralSign, type Layout } from './layout.js';
import { resolvePoint, type GeometryContext } from './resolve.js';
import { TECHNIQUE_TEMPLATES, type TechniqueTemplate } from './templates.js';
import type { ThreadPlacement } from './types.js';

export { resolvePoint, type GeometryContext } from './resolve.js';

/** One template the clinician may switch a placement to, and whether it fits this face. */
export interface TemplateOption {
  readonly templateId: string;
  readonly name: { readonly en: string; readonly ko: string };
  readonly fixation: TechniqueTemplate['fixation'];
  readonly available: boolean;
  readonly reason: string;
  readonly outcome: string;
}

export interface PlacementAlternatives {
  readonly placementId: string;
  readonly current: string;
  readonly options: readonly TemplateOption[];
}

const toAnchor = (ctx: GeometryContext, p: FacePoint) => anchorPoint(ctx.landmarks, toImage(ctx.frame, p));
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** Catalogue entry for a template: the draft's when the technique allows it, else the technique's first. */
export function catalogueFor(t: TechniqueTemplate, catalogueId: CatalogueId): CatalogueId {
  return t.catalogueIds.length === 0 || t.catalogueIds.includes(catalogueId)
    ? catalogueId
    : (t.catalogueIds[0] as CatalogueId);
}

const clampCount = (t: TechniqueTemplate, n: number): number =>
  Math.min(t.countRange[1], Math.max(t.countRange[0], n));

/** Why a template cannot be used on this face (null: it can). */
function unusable(ctx: GeometryContext, t: TechniqueTemplate, layout: Layout, side: Side): string | null {
  const entry = resolvePoint(ctx, t.entry, side);
  const hit = ctx.zones.find((z) => zoneContains(z, entry));
  if (hit) return `entry lies in ${hit.id}`;
  return layout.fits ? null : layout.problem;
}

export interface Placed {
  readonly placement: ThreadPlacement;
  readonly choice: string;
  readonly layout: Layout;
  readonly alternatives: readonly TemplateOption[];
}

type DraftLike = Pick<
  PlacementDraft,
  'region' | 'side' | 'catalogueId' | 'gauge' | 'count' | 'plane' | 'tension' | 'ruleIds'
> & { readonly cautions?: readonly string[] };

interface LayoutOpts {
  readonly id?: string;
  readonly entry?: FacePoint;
  readonly lengthMm?: number;
}

/** The layout of a draft by one template: the draft's thread when allowed (else the technique's own). */
function layoutFor(
  ctx: GeometryContext,
  d: DraftLike,
  t: TechniqueTemplate,
  opts: LayoutOpts,
): { layout: Layout; catalogueId: CatalogueId; count: number } {
  // The draft's thread when the technique allows it; else (or when it does not fit) the technique's own.
  const catalogues = [catalogueFor(t, d.catalogueId), ...t.catalogueIds].filter(
    (c, i, a) => a.indexOf(c) === i,
  );
  const count = clampCount(t, d.count);
  let catalogueId = catalogues[0] ?? d.catalogueId;
  let layout: Layout | null = null;
  for (const c of catalogues) {
    const l = fitTemplate(ctx, {
      template: t,
      side: d.side,
      count,
      minPlane: d.plane,
      catalogueId: c,
      ...(opts.entry ? { entry: opts.entry } : {}),
      ...(opts.lengthMm !== undefined ? { lengthMm: opts.lengthMm } : {}),
    });
    if (!layout || (l.fits && !layout.fits)) {
      layout = l;
      catalogueId = c;
    }
    if (l.fits) break;
  }
  if (!layout) throw new RangeError(`no catalogue entry for ${t.id}`);
  return { layout, catalogueId, count };
}

function toPlacement(
  ctx: GeometryContext,
  d: DraftLike,
  t: TechniqueTemplate,
  r: { layout: Layout; catalogueId: CatalogueId; count: number },
  id: string | undefined,
): ThreadPlacement {
  const { layout, catalogueId, count } = r;
  const cat = catalogueEntry(catalogueId);
  const ends = layout.paths.map((p) => p[p.length - 1] ?? layout.entry);
  const cx = ends.reduce((a, e) => a + e[0], 0) / ends.length;
  const cy = ends.reduce((a, e) => a + e[1], 0) / ends.length;
  // Pull vector: from the thread ends toward the entry/anchor, 0° = lateral, 90° = superior.
  const e = layout.entry;
  const vectorDeg = round1((Math.atan2(e[1] - cy, lateralSign(d.side) * (e[0] - cx)) * 180) / Math.PI);
  const finalPlane = layout.segmentPlanes[layout.segmentPlanes.length - 1] ?? d.plane;
  return {
    id: id ?? `${d.region}:${d.side}:1`,
    region: d.region,
    side: d.side,
    kind: cat.kind,
    material: cat.material,
    gauge: nearestGauge(cat, d.gauge),
    lengthMm: layout.lengthMm,
    count,
    entry: toAnchor(ctx, layout.entry),
    paths: layout.paths.map((p) => p.map((q) => toAnchor(ctx, q))),
    vectorDeg,
    plane: finalPlane,
    fixation: t.fixation,
    tension: d.tension,
    catalogueId,
    ruleIds: [...d.ruleIds],
    templateId: t.id,
    segmentPlanes: [...layout.segmentPlanes],
    ...(d.cautions && d.cautions.length > 0 ? { cautions: [...d.cautions] } : {}),
  };
}

/** Builds the placement of a draft with one template (no choice): also what `switchTemplate` uses. */
export function placeWithTemplate(
  ctx: GeometryContext,
  d: DraftLike,
  t: TechniqueTemplate,
  opts: LayoutOpts = {},
): { placement: ThreadPlacement; layout: Layout } {
  const r = layoutFor(ctx, d, t, opts);
  return { placement: toPlacement(ctx, d, t, r, opts.id), layout: r.layout };
}

/** Template preference for a draft: fixation asked for, anti-widening when asked, vector style, then data order. */
export function orderedTemplates(
  d: PlacementDraft,
  templates: readonly TechniqueTemplate[],
): TechniqueTemplate[] {
  const key = (t: TechniqueTemplate): number[] => [
    t.fixation === d.fixation ? 0 : 1,
    d.preferAntiWidening && !t.antiWidening ? 1 : 0,
    t.vector === d.vector ? 0 : 1,
  ];
  return templates
    .map((t, i) => ({ t, k: [...key(t), i] }))
    .sort((a, b) => {
      for (let j = 0; j < a.k.length; j++) {
        const diff = (a.k[j] ?? 0) - (b.k[j] ?? 0);
        if (diff !== 0) return diff;
      }
      return 0;
    })
    .map((x) => x.t);
}

function whyChosen(d: PlacementDraft, t: TechniqueTemplate): string {
  const why: string[] = [];
  why.push(
    t.fixation === d.fixation
      ? `${t.fixation} as the rules asked`
      : `${t.fixation} (no ${d.fixation} technique fits)`,
  );
  if (d.preferAntiWidening) {
    why.push(t.antiWidening ? 'anti-widening design (widening risk)' : 'no anti-widening technique fits');
  }
  if (t.vector === d.vector) why.push(`${t.vector} vector`);
  return why.join(', ');
}

export function placeDraft(
  ctx: GeometryContext,
  d: PlacementDraft,
  templates: readonly TechniqueTemplate[] = TECHNIQUE_TEMPLATES,
): Placed | null {
  const own = templates.filter((t) => t.region === d.region);
  if (own.length === 0) return null;
  const ordered = orderedTemplates(d, own);
  const tried = ordered.map((t) => {
    const r = layoutFor(ctx, d, t, {});
    return { t, r, reason: unusable(ctx, t, r.layout, d.side) };
  });
  const chosen = tried.find((x) => x.reason === null) ?? tried[0];
  if (!chosen) return null;
  const passed = tried.filter((x) => x !== chosen && ordered.indexOf(x.t) < ordered.indexOf(chosen.t));
  const note =
    chosen.reason !== null
      ? ` (no technique fits this face: ${tried.map((x) => `${x.t.id}: ${x.reason ?? ''}`).join('; ')})`
      : passed.length > 0
        ? ` (passed over: ${passed.map((x) => `${x.t.id}: ${x.reason ?? ''}`).join('; ')})`
        : '';
  const layout = chosen.r.layout;
  const placement = toPlacement(ctx, d, chosen.t, chosen.r, undefined);
  return {
    placement,
    layout,
    choice: `${d.region}:${d.side}: ${chosen.t.id} — ${whyChosen(d, chosen.t)}; ${placement.count} × ${placement.lengthMm} mm (${round1(layout.usablePathMm)} mm per path), vector ${placement.vectorDeg}°${note}`,
    alternatives: tried
      .filter((x) => x !== chosen)
      .map((x) => ({
        templateId: x.t.id,
        name: x.t.name,
        fixation: x.t.fixation,
        available: x.reason === null,
        reason: x.reason ?? `fits: ${x.r.count} × ${x.r.layout.lengthMm} mm`,
        outcome: x.t.outcome,
      })),
  };
}
