/**
 * The plan drawn over one view at face size, as an SVG string (pure). The picture is the face crop of the
 * view (domain faceCrop, same aspect for every view), so a thread is a few centimetres long on paper, not a
 * speck. Each placement is drawn as a haloed line with its entry point, and numbered: the number is the
 * placement's row in the report's thread table. Oblique views show only the near side's threads. The
 * clinician copy adds the danger zones (shaded, dashed where estimated). Without a photo file the face
 * outline is drawn so the threads have a face to sit on.
 */
import {
  buildDangerZones,
  buildFaceFrame,
  calibrate,
  escapeXml,
  faceCrop,
  projectPlan,
  renderSvg,
  STATUS_COLOURS,
  type CaseFile,
  type DangerZone,
  type PixelRect,
  type PlanFinding,
  type ProjectedPlacement,
  type ThreadPlacement,
  type View,
} from '@liftplan/domain';

export interface PlanPicture {
  readonly svg: string;
  readonly crop: PixelRect;
  /** Numbers drawn, by placement id (1-based table row). */
  readonly numbers: ReadonlyMap<string, number>;
  /** Danger zones drawn (clinician copy), for the legend table. */
  readonly zones: readonly DangerZone[];
}

export interface PlanPictureOptions {
  readonly background: 'photo' | 'plain';
  readonly zones: boolean;
}

const n = (v: number): string => (Math.round(v * 100) / 100).toString();

/** Sides whose threads a view shows: both on the front, the near side on an oblique or profile view. */
export const viewShowsSide = (view: View, side: 'left' | 'right'): boolean =>
  view === 'front' || view.endsWith(side);

/** Inner markup of an SVG document, without its legend. */
const inner = (svg: string): string =>
  svg
    .replace(/^<svg[^>]*>/, '')
    .replace(/<\/svg>$/, '')
    .replace(/<g class="legend">[\s\S]*?<\/g>$/, '');

interface Label {
  x: number;
  y: number;
}

/** Places number labels outward from the face centre, pushed on until they clear the labels placed before. */
function placeLabels(
  placements: readonly ProjectedPlacement[],
  centre: readonly [number, number],
  step: number,
  radius: number,
): Label[] {
  const placed: Label[] = [];
  for (const p of placements) {
    let dx = p.entry[0] - centre[0];
    let dy = p.entry[1] - centre[1];
    const len = Math.hypot(dx, dy) || 1;
    dx /= len;
    dy /= len;
    let k = 1;
    let at: Label = { x: p.entry[0] + dx * step, y: p.entry[1] + dy * step };
    while (k < 12 && placed.some((q) => Math.hypot(q.x - at.x, q.y - at.y) < 2.2 * radius)) {
      k++;
      // Walk outward and a little around, so stacked entry points fan out.
      const a = Math.atan2(dy, dx) + (k % 2 === 0 ? 0.35 : -0.35) * Math.ceil(k / 2);
      at = {
        x: p.entry[0] + Math.cos(a) * step * (1 + 0.4 * k),
        y: p.entry[1] + Math.sin(a) * step * (1 + 0.4 * k),
      };
    }
    placed.push(at);
  }
  return placed;
}

export function planPicture(
  plan: { readonly placements: readonly ThreadPlacement[]; readonly findings: readonly PlanFinding[] },
  photo: CaseFile['photos'][number],
  pupillaryDistanceMm: number | undefined,
  options: PlanPictureOptions,
): PlanPicture {
  const landmarks = photo.landmarks;
  const frame = buildFaceFrame(landmarks, calibrate(landmarks, pupillaryDistanceMm));
  const numbers = new Map(plan.placements.map((p, i) => [p.id, i + 1] as const));
  const projected = projectPlan(plan, landmarks).placements.filter((p) => viewShowsSide(photo.view, p.side));
  const crop = faceCrop(landmarks, photo.image, {
    include: projected.flatMap((p) => [p.entry, ...p.paths.flat()]),
  });
  const zones = options.zones ? buildDangerZones(landmarks, frame, photo.view) : [];
  const base = renderSvg({
    image: { width: photo.image.width, height: photo.image.height },
    landmarks,
    frame,
    zones,
    show: {
      mesh: false,
      landmarks: options.background === 'plain',
      regions: false,
      zones: options.zones,
      plan: false,
      midline: false,
    },
  });
  // Stroke unit from the crop: the same line weight on paper for every face size and view.
  const u = crop.height / 420;
  const centre: [number, number] = [crop.x + crop.width / 2, crop.y + crop.height / 2];
  const radius = 8 * u;
  const labels = placeLabels(projected, centre, 16 * u, radius);
  const threads = projected
    .map((p, i) => {
      const colour = STATUS_COLOURS[p.status];
      const line = (pts: readonly (readonly [number, number])[], stroke: string, w: number, op = 1): string =>
        `<polyline points="${pts.map((q) => `${n(q[0])},${n(q[1])}`).join(' ')}" fill="none" stroke="${stroke}" stroke-opacity="${op}" stroke-width="${n(w)}" stroke-linecap="round" stroke-linejoin="round"/>`;
      const halo = p.paths.map((path) => line(path, '#ffffff', 4.6 * u, 0.85)).join('');
      const body = p.paths.map((path) => line(path, colour, 2.4 * u)).join('');
      const label = labels[i] ?? { x: p.entry[0], y: p.entry[1] };
      const no = numbers.get(p.id) ?? 0;
      return (
        `<g class="placement" data-placement-id="${escapeXml(p.id)}" data-number="${no}">${halo}${body}` +
        `<line x1="${n(p.entry[0])}" y1="${n(p.entry[1])}" x2="${n(label.x)}" y2="${n(label.y)}" stroke="#1b1b1b" stroke-width="${n(0.8 * u)}"/>` +
        `<circle cx="${n(p.entry[0])}" cy="${n(p.entry[1])}" r="${n(3.6 * u)}" fill="${colour}" stroke="#ffffff" stroke-width="${n(1.2 * u)}"/>` +
        `<circle cx="${n(label.x)}" cy="${n(label.y)}" r="${n(radius)}" fill="#ffffff" stroke="${colour}" stroke-width="${n(1.6 * u)}"/>` +
        `<text x="${n(label.x)}" y="${n(label.y + 3.6 * u)}" font-family="sans-serif" font-weight="bold" font-size="${n(10.5 * u)}" text-anchor="middle" fill="#1b1b1b">${no}</text></g>`
      );
    })
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${crop.width}" height="${crop.height}" viewBox="${crop.x} ${crop.y} ${crop.width} ${crop.height}">` +
    inner(base) +
    `<g class="plan">${threads}</g></svg>`;
  return { svg, crop, numbers, zones };
}
