/**
 * Danger-zone check of placed threads (product step 7). Entries and paths are taken from the stored anchors
 * (what is saved is what is checked), mapped onto the front photo and into the face frame, and run through
 * findZoneConflicts. An entry in a zone is an error; a crossing path is an error unless the case records a
 * justification for that zone, or a zone rule accepts it (thread plane superficial to a deep structure). Both
 * turn the error into a visible warning that carries the justification.
 */
import type { Justification, LandmarkSet } from '../case/schema.js';
import { toFace, type FaceFrame } from '../face/frame.js';
import type { FacePoint } from '../geometry/types.js';
import { segmentEntersZone, zoneContains } from '../zones/check.js';
import { depthsMet } from '../zones/depth.js';
import type { DangerZone, StructureDepth } from '../zones/types.js';
import { anchorPosition } from './anchor.js';
import type { ZoneJustificationRule } from './rule-types.js';
import type { Plane, PlanFinding, ThreadPlacement, TraceEntry } from './types.js';

export interface SafetyContext {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly zones: readonly DangerZone[];
  readonly justifications: readonly Justification[];
  readonly zoneRules: readonly ZoneJustificationRule[];
}

export interface SafetyResult {
  readonly findings: PlanFinding[];
  readonly trace: TraceEntry[];
}

type Box = readonly [minX: number, minY: number, maxX: number, maxY: number];

/** Bounding box of points, grown by a margin; plain loop (no spread/map temporaries: runs per path). */
function pointsBox(pts: readonly FacePoint[], margin = 0): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    if (p[0] < minX) minX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] > maxY) maxY = p[1];
  }
  return [minX - margin, minY - margin, maxX + margin, maxY + margin];
}

function zoneBox(z: DangerZone): Box {
  const s = z.shape;
  if (s.kind === 'circle') {
    return [
      s.centre[0] - s.radiusMm,
      s.centre[1] - s.radiusMm,
      s.centre[0] + s.radiusMm,
      s.centre[1] + s.radiusMm,
    ];
  }
  return s.kind === 'polygon' ? pointsBox(s.points) : pointsBox(s.line, s.halfWidthMm);
}

const overlap = (a: Box, b: Box): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

const facePointOf = (ctx: SafetyContext, a: ThreadPlacement['entry']): FacePoint =>
  toFace(ctx.frame, anchorPosition(ctx.landmarks, a));

function caseJustification(
  ctx: SafetyContext,
  p: ThreadPlacement,
  zone: DangerZone,
): Justification | undefined {
  return ctx.justifications.find(
    (j) =>
      j.zoneId === zone.id &&
      (j.region === undefined || j.region === p.region) &&
      (j.side === undefined || j.side === p.side),
  );
}

const zoneLabel = (z: DangerZone): string =>
  `${z.name.en} (${z.id}; ${z.severity}, ${z.structure} ${z.depth})`;

export function checkSafety(placements: readonly ThreadPlacement[], ctx: SafetyContext): SafetyResult {
  const findings: PlanFinding[] = [];
  const estimated = new Map<string, DangerZone>();
  const ruleHits = new Map<string, string[]>(ctx.zoneRules.map((r) => [r.id, []]));
  // Only zones whose bounding box meets a path's can conflict with it: skip the rest (speed only). Each zone's
  // box is computed once per check, not per path.
  const boxed = ctx.zones.map((zone) => ({ zone, box: zoneBox(zone) }));
  for (const p of placements) {
    const entry = facePointOf(ctx, p.entry);
    const entryZones = new Map<string, DangerZone>();
    interface PathHit {
      zone: DangerZone;
      threads: number[];
      /** Crossings no zone rule accepts: where, at what depth, in what plane. */
      failures: { thread: number; where: string; depth: StructureDepth; plane: Plane }[];
      rules: Set<string>;
      where: Set<string>;
    }
    const pathZones = new Map<string, PathHit>();
    p.paths.forEach((path, i) => {
      const pts = path.map((a) => facePointOf(ctx, a));
      const box = pointsBox(pts);
      // The entry belongs to the box too (it is tested against every near zone).
      const pathBox: Box = [
        Math.min(entry[0], box[0]),
        Math.min(entry[1], box[1]),
        Math.max(entry[0], box[2]),
        Math.max(entry[1], box[3]),
      ];
      for (const b of boxed) {
        if (!overlap(b.box, pathBox)) continue;
        const zone = b.zone;
        if (zoneContains(zone, entry)) entryZones.set(zone.id, zone);
        for (let k = 1; k < pts.length; k++) {
          const a = pts[k - 1] as FacePoint;
          const c = pts[k] as FacePoint;
          if (!segmentEntersZone(zone, a, c)) continue;
          const plane = p.segmentPlanes?.[k - 1] ?? p.plane;
          const hit: PathHit = pathZones.get(zone.id) ?? {
            zone,
            threads: [],
            failures: [],
            rules: new Set<string>(),
            where: new Set<string>(),
          };
          if (!hit.threads.includes(i + 1)) hit.threads.push(i + 1);
          for (const met of depthsMet(zone, a, c)) {
            const where = met.part ? met.part.label : 'the zone';
            const rule = ctx.zoneRules.find(
              (r) => r.planes.includes(plane) && r.zoneDepths.includes(met.depth),
            );
            if (rule) {
              hit.rules.add(rule.id);
              hit.where.add(`${plane} over ${where} (${met.depth})`);
            } else hit.failures.push({ thread: i + 1, where, depth: met.depth, plane });
          }
          pathZones.set(zone.id, hit);
        }
      }
    });
    // Findings are written as whole literals, not `{ ...base, ... }`: object spread took over a tenth of the plan's time.
    // Key order is part of the saved plan's JSON; keep it.
    for (const zone of entryZones.values()) {
      if (zone.estimated) estimated.set(zone.id, zone);
      const j = caseJustification(ctx, p, zone);
      const code = 'entry-in-danger-zone';
      const message = `entry point of ${p.id} lies in the ${zoneLabel(zone)}`;
      findings.push(
        j
          ? {
              code,
              placementId: p.id,
              zoneId: zone.id,
              cite: zone.cite,
              level: 'warning',
              message: `${message}: accepted, ${j.reason} (${j.by})`,
              justification: j,
            }
          : {
              code,
              placementId: p.id,
              zoneId: zone.id,
              cite: zone.cite,
              level: 'error',
              message: `${message}: move the entry or record a justification`,
            },
      );
    }
    for (const { zone, threads, failures, rules, where } of pathZones.values()) {
      if (zone.estimated) estimated.set(zone.id, zone);
      const which = `thread${threads.length > 1 ? 's' : ''} ${threads.join(', ')} of ${p.paths.length}`;
      const message = `${which} of ${p.id} cross${threads.length > 1 ? '' : 'es'} the ${zoneLabel(zone)}`;
      const code = 'path-crosses-danger-zone';
      const j = caseJustification(ctx, p, zone);
      if (j) {
        findings.push({
          code,
          placementId: p.id,
          zoneId: zone.id,
          level: 'warning',
          message: `${message}: accepted, ${j.reason} (${j.by})`,
          justification: j,
          cite: zone.cite,
        });
        continue;
      }
      if (failures.length === 0) {
        const ids = [...rules];
        const rule = ctx.zoneRules.find((r) => r.id === ids[0]);
        for (const id of ids) ruleHits.get(id)?.push(`${p.id} × ${zone.id}`);
        const reason = rule?.reason ?? 'the thread runs superficial to the structure';
        findings.push({
          code,
          placementId: p.id,
          zoneId: zone.id,
          level: 'info',
          message: `${message}: accepted, ${[...where].join('; ')} — ${reason}`,
          justification: { reason, by: 'rule', ruleId: ids[0] ?? '' },
          cite: zone.cite.concat(rule?.cite ?? []),
        });
        continue;
      }
      const f = failures[0];
      const detail = failures
        .map((x) => `thread ${x.thread} ${x.plane} over ${x.where} (structure ${x.depth})`)
        .filter((x, k, a) => a.indexOf(x) === k)
        .join('; ');
      findings.push({
        code,
        placementId: p.id,
        zoneId: zone.id,
        level: 'error',
        message: `${message} at the depth of the structure (${detail})${f ? '' : ''}: change the path or plane, or record a justification`,
        cite: zone.cite.concat(zone.depthProfile?.flatMap((d) => d.cite) ?? []),
      });
    }
  }
  for (const zone of estimated.values()) {
    findings.push({
      level: 'info',
      code: 'zone-estimated',
      zoneId: zone.id,
      message: `${zone.name.en} (${zone.id}) is estimated: ${zone.estimateReason ?? 'see the zone'}`,
      cite: zone.cite,
    });
  }
  const trace: TraceEntry[] = ctx.zoneRules.map((r) => {
    const hits = ruleHits.get(r.id) ?? [];
    return {
      ruleId: r.id,
      fired: hits.length > 0,
      because:
        hits.length > 0
          ? `accepted ${hits.length} crossing${hits.length > 1 ? 's' : ''} in a plane superficial to the structure there: ${hits.join(', ')}`
          : 'no path crossed such a zone part without a case justification',
      effects: hits.map((h) => `accepted (info) instead of error: ${h}`),
      cite: r.cite,
    };
  });
  return { findings, trace };
}

/**
 * A segment test for the layout: false when the segment, in this plane, meets a zone part whose depth no zone
 * rule accepts (what checkSafety would report as an error without a case justification).
 */
export function segmentSafety(
  zones: readonly DangerZone[],
  zoneRules: readonly ZoneJustificationRule[],
): (a: FacePoint, b: FacePoint, plane: Plane) => boolean {
  const accepted = (plane: Plane, depth: StructureDepth): boolean =>
    zoneRules.some((r) => r.planes.includes(plane) && r.zoneDepths.includes(depth));
  const boxed = zones.map((zone) => ({
    zone,
    box: zoneBox(zone),
    depths: [zone.depth, ...(zone.depthProfile ?? []).map((d) => d.depth)],
  }));
  // Per plane, only zones with a depth no rule accepts in that plane can fail a segment (depthsMet returns the
  // zone's own depth or its parts' depths): the others need no geometry at all. Same answers, less work (the
  // layout calls this for every sampled end of every last leg).
  const byPlane = new Map<Plane, typeof boxed>();
  const relevant = (plane: Plane): typeof boxed => {
    let r = byPlane.get(plane);
    if (!r) {
      r = boxed.filter((z) => z.depths.some((d) => !accepted(plane, d)));
      byPlane.set(plane, r);
    }
    return r;
  };
  return (a, b, plane) => {
    const box: Box = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
    for (const z of relevant(plane)) {
      if (!overlap(z.box, box) || !segmentEntersZone(z.zone, a, b)) continue;
      for (const met of depthsMet(z.zone, a, b)) {
        if (!accepted(plane, met.depth)) return false;
      }
    }
    return true;
  };
}
