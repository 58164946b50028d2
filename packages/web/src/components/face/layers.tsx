import {
  REGIONS,
  SEVERITY_COLOURS,
  SIDES,
  STATUS_COLOURS,
  regionPolygon,
  toImage,
  type DangerZone,
  type FaceFrame,
  type LandmarkSet,
  type ProjectedPlan,
} from '@liftplan/domain';
import { useTranslation } from 'react-i18next';
import { langOf } from '../../lib/format.js';
import { DragHandle } from './FaceCanvas.js';
import { pts, type Pt } from './geometry.js';

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

export function ZonesLayer(props: {
  readonly zones: readonly DangerZone[];
  readonly frame: FaceFrame;
  readonly u: number;
}) {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { zones, frame, u } = props;
  return (
    <g className="zones" pointerEvents="none">
      {zones.map((z) => {
        const colour = SEVERITY_COLOURS[z.severity];
        const dash = z.estimated ? `${4 * u} ${3 * u}` : undefined;
        const s = z.shape;
        let body;
        if (s.kind === 'polygon') {
          body = (
            <polygon
              points={pts(s.points.map((p) => toImage(frame, p)))}
              fill={colour}
              fillOpacity={0.2}
              stroke={colour}
              strokeWidth={u}
              strokeDasharray={dash}
            />
          );
        } else if (s.kind === 'circle') {
          const c = toImage(frame, s.centre);
          body = (
            <circle
              cx={c[0]}
              cy={c[1]}
              r={s.radiusMm / frame.calibration.mmPerPx}
              fill={colour}
              fillOpacity={0.2}
              stroke={colour}
              strokeWidth={u}
              strokeDasharray={dash}
            />
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
                strokeOpacity={0.25}
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
