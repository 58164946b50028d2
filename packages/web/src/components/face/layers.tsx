import {
  REGIONS,
  SEVERITY_COLOURS,
  SIDES,
  STATUS_COLOURS,
  regionPolygon,
  toImage,
  type DangerZone,
  type DangerZoneKind,
  type FaceFrame,
  type LandmarkSet,
  type ProjectedPlan,
} from '@liftplan/domain';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { langOf } from '../../lib/format.js';
import { DragHandle, useCanvasScale } from './FaceCanvas.js';

/** Zone label size on screen, CSS px. */
const LABEL_CSS_PX = 12;
import { pts, type Box, type Pt } from './geometry.js';
import { placeLabels, shortZoneName, zoneAnchor, type LabelRequest } from './zone-labels.js';

export function RegionsLayer(props: {
  readonly landmarks: LandmarkSet;
  readonly frame: FaceFrame;
  readonly u: number;
}) {
  const { t } = useTranslation();
  const { landmarks, frame, u } = props;
  return (
    <g className="regions" pointerEvents="none">
      {REGIONS.flatMap((region) =>
        SIDES.map((side) => {
          const poly = regionPolygon(region, side, landmarks, frame).map((p) => toImage(frame, p));
          const cx = poly.reduce((s, p) => s + p[0], 0) / poly.length;
          const cy = poly.reduce((s, p) => s + p[1], 0) / poly.length;
          return (
            <g key={`${region}:${side}`} data-region={`${region}:${side}`}>
              <polygon
                points={pts(poly)}
                fill="#8ecae6"
                fillOpacity={0.12}
                stroke="#219ebc"
                strokeWidth={0.6 * u}
              />
              <text
                x={cx}
                y={cy}
                fontSize={7 * u}
                textAnchor="middle"
                fill="#e6f4f9"
                stroke="#023047"
                strokeWidth={0.4 * u}
                paintOrder="stroke"
              >
                {t(`regions.${region}`)}
              </text>
            </g>
          );
        }),
      )}
    </g>
  );
}

/** Severity by pattern as well as colour: cross-hatch critical, diagonal lines high, dots moderate. */
export function ZonePatterns(props: { readonly idPrefix: string; readonly u: number }) {
  const { idPrefix, u } = props;
  const s = 6 * u;
  return (
    <defs>
      {(['critical', 'high', 'moderate'] as const).map((sev) => {
        const c = SEVERITY_COLOURS[sev];
        return (
          <pattern
            key={sev}
            id={`${idPrefix}-${sev}`}
            patternUnits="userSpaceOnUse"
            width={s}
            height={s}
            data-severity-pattern={sev}
          >
            {sev === 'moderate' ? (
              <circle cx={s / 2} cy={s / 2} r={0.9 * u} fill={c} />
            ) : (
              <path
                d={`M0,${s} L${s},0 M${-s / 4},${s / 4} L${s / 4},${-s / 4} M${(3 * s) / 4},${(5 * s) / 4} L${(5 * s) / 4},${(3 * s) / 4}`}
                stroke={c}
                strokeWidth={0.8 * u}
              />
            )}
            {sev === 'critical' && <path d={`M0,0 L${s},${s}`} stroke={c} strokeWidth={0.8 * u} />}
          </pattern>
        );
      })}
    </defs>
  );
}

/** A legend swatch in the same colour and pattern as the drawing. */
export function SeveritySwatch(props: { readonly severity: DangerZone['severity']; readonly size?: number }) {
  const id = useId().replace(/:/g, '');
  const size = props.size ?? 22;
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" style={{ flex: 'none' }}>
      <ZonePatterns idPrefix={id} u={0.7} />
      <rect
        x={1}
        y={1}
        width={22}
        height={22}
        rx={3}
        fill={SEVERITY_COLOURS[props.severity]}
        fillOpacity={0.15}
      />
      <rect
        x={1}
        y={1}
        width={22}
        height={22}
        rx={3}
        fill={`url(#${id}-${props.severity})`}
        stroke={SEVERITY_COLOURS[props.severity]}
        strokeWidth={1.5}
      />
    </svg>
  );
}

export function ZonesLayer(props: {
  readonly zones: readonly DangerZone[];
  readonly frame: FaceFrame;
  readonly u: number;
  /** Visible part of the picture: with it, zone names are placed on the drawing without overlapping. */
  readonly labelBounds?: Box;
  /** Zones to label first (those a thread meets). */
  readonly emphasise?: ReadonlySet<string>;
  /** Legend numbers by zone kind (the fallback label on a crowded drawing). */
  readonly numbers?: ReadonlyMap<DangerZoneKind, number>;
}) {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const prefix = `zp${useId().replace(/:/g, '')}`;
  const { zones, frame, u, labelBounds, emphasise, numbers } = props;
  // Labels read at about 12 CSS px whatever the canvas size (8 drawing units until the canvas is measured).
  const scale = useCanvasScale();
  const fontSize = scale > 0 ? LABEL_CSS_PX * scale : 8 * u;
  const labels = useMemo(() => {
    if (!labelBounds) return [];
    const rank = { critical: 0, high: 1, moderate: 2 } as const;
    const seen = new Set<string>();
    const reqs: LabelRequest[] = [...zones]
      .sort(
        (a, b) =>
          Number(emphasise?.has(b.id) ?? false) - Number(emphasise?.has(a.id) ?? false) ||
          rank[a.severity] - rank[b.severity],
      )
      .filter((z) => {
        const k = `${z.kind}:${z.side}`;
        return seen.has(k) ? false : (seen.add(k), true);
      })
      .map((z) => ({
        id: z.id,
        text: shortZoneName(z.name[lang]),
        short: String(numbers?.get(z.kind) ?? ''),
        anchor: zoneAnchor(z, frame),
      }));
    return placeLabels(reqs, fontSize, labelBounds);
  }, [zones, frame, lang, labelBounds, emphasise, numbers, fontSize]);
  return (
    <g className="zones" pointerEvents="none">
      <ZonePatterns idPrefix={prefix} u={u} />
      {zones.map((z) => {
        const colour = SEVERITY_COLOURS[z.severity];
        const pattern = `url(#${prefix}-${z.severity})`;
        const dash = z.estimated ? `${4 * u} ${3 * u}` : undefined;
        const s = z.shape;
        let body;
        if (s.kind === 'polygon') {
          const points = pts(s.points.map((p) => toImage(frame, p)));
          body = (
            <>
              <polygon points={points} fill={colour} fillOpacity={0.12} stroke="none" />
              <polygon
                points={points}
                fill={pattern}
                fillOpacity={0.7}
                stroke={colour}
                strokeWidth={u}
                strokeDasharray={dash}
              />
            </>
          );
        } else if (s.kind === 'circle') {
          const c = toImage(frame, s.centre);
          const r = s.radiusMm / frame.calibration.mmPerPx;
          body = (
            <>
              <circle cx={c[0]} cy={c[1]} r={r} fill={colour} fillOpacity={0.15} stroke="none" />
              <circle
                cx={c[0]}
                cy={c[1]}
                r={r}
                fill={pattern}
                stroke={colour}
                strokeWidth={u}
                strokeDasharray={dash}
              />
            </>
          );
        } else {
          const line = pts(s.line.map((p) => toImage(frame, p)));
          const w = (2 * s.halfWidthMm) / frame.calibration.mmPerPx;
          body = (
            <>
              <polyline
                points={line}
                fill="none"
                stroke={colour}
                strokeOpacity={0.15}
                strokeWidth={w}
                strokeLinecap="round"
                strokeLinejoin="round"
              />
              <polyline
                points={line}
                fill="none"
                stroke={pattern}
                strokeOpacity={0.8}
                strokeWidth={w}
                strokeLinecap="round"
                strokeLinejoin="round"
              />
              <polyline points={line} fill="none" stroke={colour} strokeWidth={u} strokeDasharray={dash} />
            </>
          );
        }
        return (
          <g key={z.id} data-zone-id={z.id} data-zone-kind={z.kind} data-severity={z.severity}>
            <title>{z.name[lang]}</title>
            {body}
          </g>
        );
      })}
      {labels.map((l) => (
        <g key={`label-${l.id}`} data-testid="zone-label" data-label-zone={l.id}>
          {l.leader && (
            <line
              x1={l.anchor[0]}
              y1={l.anchor[1]}
              x2={l.at[0]}
              y2={l.at[1]}
              stroke="#fff"
              strokeWidth={0.6 * u}
              strokeOpacity={0.8}
            />
          )}
          <rect
            x={l.box.x}
            y={l.box.y}
            width={l.box.w}
            height={l.box.h}
            rx={2 * u}
            fill="#023047"
            fillOpacity={0.78}
          />
          <text
            x={l.at[0]}
            y={l.at[1]}
            fontSize={fontSize}
            textAnchor="middle"
            dominantBaseline="central"
            fill="#fff"
          >
            {l.text}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Planned threads; with `onEntry`/`onEnd` the entry points and thread ends are draggable handles. */
export function PlanLayer(props: {
  readonly plan: ProjectedPlan;
  readonly u: number;
  readonly onEntry?: (placementId: string, p: Pt) => void;
  readonly onPathEnd?: (placementId: string, pathIndex: number, p: Pt) => void;
  readonly onDragEnd?: () => void;
}) {
  const { t } = useTranslation();
  const { plan, u, onEntry, onPathEnd, onDragEnd } = props;
  return (
    <g className="plan">
      {plan.placements.map((p) => {
        const colour = STATUS_COLOURS[p.status];
        const [region, side] = [p.region, p.side];
        const name = `${t(`regions.${region}`)} ${t(`sides.${side}`)}`;
        return (
          <g key={p.id} data-placement-id={p.id} data-status={p.status}>
            {p.paths.map((path, i) => (
              <polyline
                key={i}
                points={pts(path)}
                fill="none"
                stroke={colour}
                strokeWidth={1.5 * u}
                pointerEvents="none"
              />
            ))}
            {onPathEnd &&
              p.paths.map((path, i) => {
                const end = path.at(-1);
                return end ? (
                  <DragHandle
                    key={`end-${i}`}
                    x={end[0]}
                    y={end[1]}
                    r={2 * u}
                    unit={u}
                    fill={colour}
                    label={t('plan.pathEndHandle', { name, n: i + 1 })}
                    testId={`path-end-${p.id}-${i}`}
                    onMove={(x, y) => onPathEnd(p.id, i, [x, y])}
                    {...(onDragEnd ? { onEnd: onDragEnd } : {})}
                  />
                ) : null;
              })}
            {onEntry ? (
              <DragHandle
                x={p.entry[0]}
                y={p.entry[1]}
                r={3.5 * u}
                unit={u}
                fill={colour}
                label={t('plan.entryHandle', { name })}
                testId={`entry-${p.id}`}
                onMove={(x, y) => onEntry(p.id, [x, y])}
                {...(onDragEnd ? { onEnd: onDragEnd } : {})}
              />
            ) : (
              <circle
                cx={p.entry[0]}
                cy={p.entry[1]}
                r={3 * u}
                fill={colour}
                stroke="#fff"
                strokeWidth={0.5 * u}
              />
            )}
          </g>
        );
      })}
    </g>
  );
}
