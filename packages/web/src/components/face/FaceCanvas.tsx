import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** Natural size of an image URL (the photo's pixel grid is the SVG's coordinate system). */
export function useImageSize(url: string | undefined): ImageSize | undefined {
  const [size, setSize] = useState<ImageSize | undefined>(undefined);
  useEffect(() => {
    if (!url) return;
    let live = true;
    const img = new Image();
    img.onload = () => {
      if (live) setSize({ width: img.naturalWidth, height: img.naturalHeight });
    };
    img.src = url;
    return () => {
      live = false;
    };
  }, [url]);
  return size;
}

/**
 * A photo with SVG overlays in the photo's own pixel coordinates (viewBox = image size), so landmarks, regions,
 * zones and threads from the domain draw without conversion and scale with the layout (iPad or desktop).
 */
export function FaceCanvas(props: {
  readonly url: string;
  readonly size: ImageSize;
  readonly label: string;
  readonly children?: ReactNode;
  readonly testId?: string;
  readonly imageOpacity?: number;
  /** Part of the photo to show (e.g. the face box); the whole photo by default. */
  readonly crop?:
    { readonly x: number; readonly y: number; readonly w: number; readonly h: number } | undefined;
}) {
  const { url, size, label, children, testId, imageOpacity, crop } = props;
  const vb = crop ? `${crop.x} ${crop.y} ${crop.w} ${crop.h}` : `0 0 ${size.width} ${size.height}`;
  const vbWidth = crop ? crop.w : size.width;
  const ref = useRef<SVGSVGElement>(null);
  const [cssWidth, setCssWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver(() => setCssWidth(el.getBoundingClientRect().width));
    ro.observe(el);
    setCssWidth(el.getBoundingClientRect().width);
    return () => ro.disconnect();
  }, []);
  return (
    <svg className="lp-face" viewBox={vb} role="img" aria-label={label} data-testid={testId} ref={ref}>
      <image href={url} x={0} y={0} width={size.width} height={size.height} opacity={imageOpacity ?? 1} />
      <CanvasScale.Provider value={cssWidth > 0 ? vbWidth / cssWidth : 0}>{children}</CanvasScale.Provider>
    </svg>
  );
}

/** Drawing units per CSS pixel of the canvas on screen (0 until measured): sizes hit areas in screen pixels. */
const CanvasScale = createContext(0);
export const useCanvasScale = (): number => useContext(CanvasScale);

/** Converts a pointer position to the SVG's user (image pixel) coordinates. */
export function svgPoint(svg: SVGSVGElement, clientX: number, clientY: number): [number, number] {
  const m = svg.getScreenCTM();
  if (!m) return [clientX, clientY];
  const p = new DOMPoint(clientX, clientY).matrixTransform(m.inverse());
  return [p.x, p.y];
}

/**
 * A draggable point: pointer (mouse, touch, pen) with capture, and the keyboard (arrows move one unit, Shift
 * five); `onMove` gets image coordinates, `onEnd` fires when a drag or key press settles.
 */
/**
 * Invisible hit area around a handle: a multiple of its drawn radius, and at least a 44 CSS px target where a
 * finger may be the pointer (the platform norm for touch), 24 px for a mouse.
 */
const COARSE =
  typeof matchMedia === 'function' &&
  (matchMedia('(pointer: coarse)').matches || matchMedia('(any-pointer: coarse)').matches);
const HIT_FACTOR = COARSE ? 4.5 : 2.2;
/** Minimum hit diameter in CSS pixels. */
export const MIN_TARGET_PX = COARSE ? 44 : 24;

export function DragHandle(props: {
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly unit: number;
  readonly label: string;
  readonly fill: string;
  readonly testId?: string;
  readonly onMove: (x: number, y: number) => void;
  readonly onEnd?: () => void;
  /** Shows `label` on the drawing while the handle is selected (focused or dragged): no hover needed. */
  readonly showName?: boolean;
}) {
  const { x, y, r, unit, label, fill, testId, onMove, onEnd, showName } = props;
  const [active, setActive] = useState(false);
  const [focused, setFocused] = useState(false);
  const scale = useCanvasScale();
  // +1 px: the hit circle's box must not round below the target.
  const hitR = Math.max(r * HIT_FACTOR, scale > 0 ? ((MIN_TARGET_PX + 1) / 2) * scale : 0);
  return (
    <g
      className={`handle${active ? ' active' : ''}`}
      tabIndex={0}
      role="slider"
      aria-label={label}
      aria-valuetext={`${Math.round(x)}, ${Math.round(y)}`}
      data-testid={testId}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        e.currentTarget.focus();
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
        setActive(true);
      }}
      onPointerMove={(e) => {
        if (!active) return;
        const svg = e.currentTarget.ownerSVGElement;
        if (!svg) return;
        const [px, py] = svgPoint(svg, e.clientX, e.clientY);
        onMove(px, py);
      }}
      onPointerUp={(e) => {
        (e.currentTarget as Element).releasePointerCapture(e.pointerId);
        setActive(false);
        onEnd?.();
      }}
      onPointerCancel={() => setActive(false)}
      onKeyDown={(e) => {
        const step = (e.shiftKey ? 5 : 1) * unit;
        const d: Record<string, [number, number]> = {
          ArrowLeft: [-step, 0],
          ArrowRight: [step, 0],
          ArrowUp: [0, -step],
          ArrowDown: [0, step],
        };
        const m = d[e.key];
        if (!m) return;
        e.preventDefault();
        onMove(x + m[0], y + m[1]);
      }}
      onKeyUp={(e) => {
        if (e.key.startsWith('Arrow')) onEnd?.();
      }}
    >
      <circle cx={x} cy={y} r={hitR} fill="transparent" />
      <circle cx={x} cy={y} r={r} fill={fill} stroke="#fff" strokeWidth={r * 0.3} />
      {showName && (focused || active) && (
        <text
          x={x}
          y={y - hitR - 2 * unit}
          fontSize={9 * unit}
          textAnchor="middle"
          fill="#fff"
          stroke="#023047"
          strokeWidth={2 * unit}
          paintOrder="stroke"
          pointerEvents="none"
          data-testid="handle-name"
        >
          {label}
        </text>
      )}
    </g>
  );
}
