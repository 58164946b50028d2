import type { LandmarkSet } from '../case/schema.js';
import { REGIONS, SIDES, type Region } from '../case/vocab.js';
import { CANONICAL_TRIANGLES } from '../face/canonical-mesh.data.js';
import { meshPoint, toImage, type FaceFrame } from '../face/frame.js';
import { BROW_UPPER, EYE_OUTLINE, FACE_OVAL, LIPS_OUTER, MESH, PAIRED } from '../face/landmarks.js';
import { regionPolygon } from '../face/regions.js';
import type { Vec2 } from '../geometry/vec.js';
import type { ProjectedPlan, ProjectedPlacement } from '../planner/types.js';
import type { DangerZone } from '../zones/types.js';

export interface SvgInput {
  /** href = data: URL or relative file path, drawn under everything. */
  image: { width: number; height: number; href?: string };
  landmarks: LandmarkSet;
  frame: FaceFrame;
  zones?: readonly DangerZone[];
  /** Already in image pixels. */
  plan?: ProjectedPlan;
  show?: {
    mesh?: boolean;
    landmarks?: boolean;
    regions?: boolean;
    zones?: boolean;
    plan?: boolean;
    midline?: boolean;
  };
  title?: string;
  labels?: 'en' | 'ko';
}

export const SEVERITY_COLOURS: Record<DangerZone['severity'], string> = {
  critical: '#d7263d',
  high: '#f46036',
  moderate: '#e0a800',
};
export const STATUS_COLOURS: Record<ProjectedPlacement['status'], string> = {
  ok: '#2a9d8f',
  warning: '#e9c46a',
  error: '#e63946',
};

const REGION_NAMES: Record<Region, { en: string; ko: string }> = {
  brow: { en: 'brow', ko: '눈썹' },
  midface: { en: 'midface', ko: '중안부' },
  nasolabial: { en: 'nasolabial', ko: '팔자주름' },
  jowl: { en: 'jowl', ko: '턱살 처짐' },
  marionette: { en: 'marionette', ko: '마리오네트 라인' },
  neck: { en: 'neck', ko: '목' },
};

const LEGEND: Record<'en' | 'ko', Record<string, string>> = {
  en: {
    critical: 'critical',
    high: 'high',
    moderate: 'moderate',
    estimated: 'estimated (dashed)',
    ok: 'thread ok',
    warning: 'thread warning',
    error: 'thread error',
  },
  ko: {
    critical: '치명적',
    high: '높음',
    moderate: '중간',
    estimated: '추정 (점선)',
    ok: '실 적합',
    warning: '실 주의',
    error: '실 오류',
  },
};

export const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

const n = (v: number): string => (Math.round(v * 100) / 100).toString();
const pts = (points: readonly Vec2[]): string => points.map((p) => `${n(p[0])},${n(p[1])}`).join(' ');
const img = (frame: FaceFrame, points: readonly Vec2[]): Vec2[] => points.map((p) => toImage(frame, p));

function zoneSvg(z: DangerZone, frame: FaceFrame, lang: 'en' | 'ko', u: number): string {
  const colour = SEVERITY_COLOURS[z.severity];
  const dash = z.estimated ? ` stroke-dasharray="${n(4 * u)} ${n(3 * u)}"` : '';
  const s = z.shape;
  let body: string;
  if (s.kind === 'polygon') {
    body = `<polygon points="${pts(img(frame, s.points))}" fill="${colour}" fill-opacity="0.2" stroke="${colour}" stroke-width="${n(u)}"${dash}/>`;
  } else if (s.kind === 'circle') {
    const c = toImage(frame, s.centre);
    const r = s.radiusMm / frame.calibration.mmPerPx;
    body = `<circle cx="${n(c[0])}" cy="${n(c[1])}" r="${n(r)}" fill="${colour}" fill-opacity="0.2" stroke="${colour}" stroke-width="${n(u)}"${dash}/>`;
  } else {
    // A corridor is its centreline widened by its half-width on both sides: a thick round-capped stroke.
    const line = pts(img(frame, s.line));
    const w = (2 * s.halfWidthMm) / frame.calibration.mmPerPx;
    body =
      `<polyline points="${line}" fill="none" stroke="${colour}" stroke-opacity="0.25" stroke-width="${n(w)}" stroke-linecap="round" stroke-linejoin="round"/>` +
      `<polyline points="${line}" fill="none" stroke="${colour}" stroke-width="${n(u)}"${dash}/>`;
  }
  const tip = z.estimateReason ? `${z.name[lang]} — ${z.estimateReason}` : z.name[lang];
  return `<g class="zone" data-zone-id="${escapeXml(z.id)}" data-severity="${z.severity}"><title>${escapeXml(tip)}</title>${body}</g>`;
}

function placementSvg(p: ProjectedPlacement, u: number): string {
  const colour = STATUS_COLOURS[p.status];
  const paths = p.paths
    .map(
      (path) =>
        `<polyline points="${pts(path)}" fill="none" stroke="${colour}" stroke-width="${n(1.5 * u)}"/>`,
    )
    .join('');
  const entry = `<circle cx="${n(p.entry[0])}" cy="${n(p.entry[1])}" r="${n(3 * u)}" fill="${colour}" stroke="#fff" stroke-width="${n(0.5 * u)}"/>`;
  return `<g class="placement" data-placement-id="${escapeXml(p.id)}" data-status="${p.status}"><title>${escapeXml(p.id)}</title>${paths}${entry}</g>`;
}

function landmarksSvg(lm: LandmarkSet, u: number): string {
  const at = (i: number): Vec2 => meshPoint(lm, i);
  const outline = (ids: readonly number[], closed: boolean): string =>
    `<${closed ? 'polygon' : 'polyline'} points="${pts(ids.map(at))}" fill="none" stroke="#00b4d8" stroke-width="${n(0.6 * u)}"/>`;
  const named = [...Object.values(MESH), ...Object.values(PAIRED).flatMap((p) => [p.left, p.right])];
  const dots = named.map((i) => {
    const p = at(i);
    return `<circle cx="${n(p[0])}" cy="${n(p[1])}" r="${n(1.2 * u)}" fill="#00b4d8"/>`;
  });
  const lines = [
    outline(FACE_OVAL, true),
    outline(LIPS_OUTER, true),
    ...SIDES.flatMap((s) => [outline(EYE_OUTLINE[s], true), outline(BROW_UPPER[s], false)]),
  ];
  return `<g class="landmarks">${lines.join('')}${dots.join('')}</g>`;
}

function meshSvg(lm: LandmarkSet, u: number): string {
  const d = CANONICAL_TRIANGLES.map((t) => {
    const [a, b, c] = t.map((i) => meshPoint(lm, i));
    return a && b && c ? `M${n(a[0])} ${n(a[1])}L${n(b[0])} ${n(b[1])}L${n(c[0])} ${n(c[1])}Z` : '';
  }).join('');
  return `<path class="mesh" d="${d}" fill="none" stroke="#ffffff" stroke-opacity="0.35" stroke-width="${n(0.3 * u)}"/>`;
}

function regionsSvg(input: SvgInput, lang: 'en' | 'ko', u: number): string {
  const out: string[] = [];
  for (const region of REGIONS) {
    for (const side of SIDES) {
      const poly = img(input.frame, regionPolygon(region, side, input.landmarks, input.frame));
      const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length;
      const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
      out.push(
        `<g class="region" data-region="${region}:${side}"><polygon points="${pts(poly)}" fill="#8ecae6" fill-opacity="0.12" stroke="#219ebc" stroke-width="${n(0.6 * u)}"/>` +
          `<text x="${n(cx)}" y="${n(cy)}" font-size="${n(7 * u)}" text-anchor="middle" fill="#023047">${escapeXml(REGION_NAMES[region][lang])}</text></g>`,
      );
    }
  }
  return out.join('');
}

function midlineSvg(frame: FaceFrame, w: number, h: number, u: number): string {
  const k = w + h;
  const a: Vec2 = [frame.originPx[0] - frame.upAxis[0] * k, frame.originPx[1] - frame.upAxis[1] * k];
  const b: Vec2 = [frame.originPx[0] + frame.upAxis[0] * k, frame.originPx[1] + frame.upAxis[1] * k];
  return `<line class="midline" x1="${n(a[0])}" y1="${n(a[1])}" x2="${n(b[0])}" y2="${n(b[1])}" stroke="#ffffff" stroke-opacity="0.7" stroke-width="${n(0.6 * u)}" stroke-dasharray="${n(6 * u)} ${n(4 * u)}"/>`;
}

function legendSvg(lang: 'en' | 'ko', u: number, withPlan: boolean): string {
  const t = LEGEND[lang];
  const rows: [string, string, boolean][] = [
    [SEVERITY_COLOURS.critical, t.critical ?? '', false],
    [SEVERITY_COLOURS.high, t.high ?? '', false],
    [SEVERITY_COLOURS.moderate, t.moderate ?? '', false],
    ['#666666', t.estimated ?? '', true],
  ];
  if (withPlan) {
    for (const s of ['ok', 'warning', 'error'] as const) rows.push([STATUS_COLOURS[s], t[s] ?? '', false]);
  }
  const line = 10 * u;
  const items = rows.map(([colour, label, dashed], i) => {
    const y = 8 * u + i * line;
    const dash = dashed ? ` stroke-dasharray="${n(3 * u)} ${n(2 * u)}"` : '';
    return (
      `<line x1="${n(6 * u)}" y1="${n(y)}" x2="${n(18 * u)}" y2="${n(y)}" stroke="${colour}" stroke-width="${n(2.5 * u)}"${dash}/>` +
      `<text x="${n(22 * u)}" y="${n(y + 2.5 * u)}" font-size="${n(7 * u)}" fill="#111">${escapeXml(label)}</text>`
    );
  });
  return `<g class="legend"><rect x="0" y="0" width="${n(95 * u)}" height="${n(rows.length * line + 4 * u)}" fill="#ffffff" fill-opacity="0.8"/>${items.join('')}</g>`;
}

/** The photo with its overlays as a standalone SVG document, in image pixels (pure: no I/O). */
export function renderSvg(input: SvgInput): string {
  const { width: w, height: h, href } = input.image;
  const lang = input.labels ?? 'en';
  const show = {
    mesh: false,
    landmarks: true,
    regions: true,
    zones: true,
    plan: true,
    midline: true,
    ...input.show,
  };
  // Stroke unit scales with the photo so overlays read the same on small and large images.
  const u = Math.max(w, h) / 600;
  const parts: string[] = [];
  if (input.title !== undefined) parts.push(`<title>${escapeXml(input.title)}</title>`);
  if (href !== undefined) {
    const e = escapeXml(href);
    parts.push(
      `<image x="0" y="0" width="${n(w)}" height="${n(h)}" href="${e}" xlink:href="${e}" preserveAspectRatio="none"/>`,
    );
  }
  if (show.mesh) parts.push(meshSvg(input.landmarks, u));
  if (show.regions) parts.push(`<g class="regions">${regionsSvg(input, lang, u)}</g>`);
  if (show.midline) parts.push(midlineSvg(input.frame, w, h, u));
  if (show.landmarks) parts.push(landmarksSvg(input.landmarks, u));
  const zones = show.zones ? (input.zones ?? []) : [];
  if (zones.length > 0) {
    parts.push(`<g class="zones">${zones.map((z) => zoneSvg(z, input.frame, lang, u)).join('')}</g>`);
  }
  const plan = show.plan ? input.plan : undefined;
  if (plan) parts.push(`<g class="plan">${plan.placements.map((p) => placementSvg(p, u)).join('')}</g>`);
  if (zones.length > 0 || plan) parts.push(legendSvg(lang, u, plan !== undefined));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${n(w)}" height="${n(h)}" viewBox="0 0 ${n(w)} ${n(h)}">` +
    parts.join('') +
    '</svg>'
  );
}
