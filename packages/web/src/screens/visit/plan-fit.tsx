import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { Box } from '../../components/face/geometry.js';

/** Smallest canvas height kept on a short screen (below it the page scrolls instead). */
const MIN_CANVAS_PX = 320;
/** Gap kept between the canvas and the sticky action bar. */
const GAP_PX = 12;

/**
 * The plan canvas's largest height that keeps the whole face (down to the jaw) and the sticky action bar inside
 * the first screen: the window height minus where the canvas starts on the page and the bar's height. Follows
 * window resizes and layout changes above the canvas (banners arriving).
 */
export function useFitHeight(): {
  readonly ref: RefObject<HTMLDivElement | null>;
  readonly barRef: RefObject<HTMLDivElement | null>;
  readonly maxHeight: number;
} {
  const ref = useRef<HTMLDivElement | null>(null);
  const barRef = useRef<HTMLDivElement | null>(null);
  const [maxHeight, setMaxHeight] = useState(0);
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top + window.scrollY;
    const bar = barRef.current?.getBoundingClientRect().height ?? 0;
    const h = Math.max(MIN_CANVAS_PX, Math.floor(window.innerHeight - top - bar - GAP_PX));
    setMaxHeight((old) => (Math.abs(old - h) > 1 ? h : old));
  }, []);
  useEffect(() => {
    measure();
    window.addEventListener('resize', measure);
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : undefined;
    ro?.observe(document.body);
    if (barRef.current) ro?.observe(barRef.current);
    return () => {
      window.removeEventListener('resize', measure);
      ro?.disconnect();
    };
  });
  return { ref, barRef, maxHeight };
}

/** A face canvas no taller than `maxHeight` (0: not measured yet, no limit), keeping the crop's aspect. */
export function FitCanvas(props: {
  readonly crop: Box;
  readonly maxHeight: number;
  readonly fitRef?: RefObject<HTMLDivElement | null>;
  readonly children: ReactNode;
}) {
  const { crop, maxHeight, fitRef, children } = props;
  const width = maxHeight > 0 ? `min(100%, ${Math.floor((maxHeight * crop.w) / crop.h)}px)` : '100%';
  return (
    <div className="lp-face-wrap" ref={fitRef} style={{ width }}>
      {children}
    </div>
  );
}
