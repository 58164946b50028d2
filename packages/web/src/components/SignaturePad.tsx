import { Box, Button, Group, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAD, strokesToPath, toPad, type Point } from '../lib/signature.js';

/**
 * A pointer signature pad (finger, pen or mouse): strokes are drawn live in an SVG and reported as path data
 * in the pad frame (lib/signature.ts), the form the server stores and the PDF draws.
 */
export function SignaturePad(props: { readonly label: string; readonly onChange: (path: string) => void }) {
  const { t } = useTranslation();
  const ref = useRef<SVGSVGElement>(null);
  const [strokes, setStrokes] = useState<Point[][]>([]);
  // The strokes as drawn so far: pointer events can arrive faster than React re-renders.
  const current = useRef<Point[][]>([]);
  const drawing = useRef(false);
  const point = (e: React.PointerEvent): Point | null => {
    const box = ref.current?.getBoundingClientRect();
    return box ? toPad(e.clientX, e.clientY, box) : null;
  };
  const update = (next: Point[][]) => {
    current.current = next;
    setStrokes(next);
    props.onChange(strokesToPath(next));
  };
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        {props.label}
      </Text>
      <Box style={{ border: '1px solid var(--mantine-color-gray-5)', borderRadius: 6, background: '#fff' }}>
        <svg
          ref={ref}
          viewBox={`0 0 ${PAD.width} ${PAD.height}`}
          style={{
            width: '100%',
            aspectRatio: `${PAD.width} / ${PAD.height}`,
            touchAction: 'none',
            display: 'block',
          }}
          role="img"
          aria-label={props.label}
          data-testid="signature-pad"
          onPointerDown={(e) => {
            const p = point(e);
            if (!p) return;
            e.currentTarget.setPointerCapture(e.pointerId);
            drawing.current = true;
            update([...current.current, [p]]);
          }}
          onPointerMove={(e) => {
            if (!drawing.current) return;
            const p = point(e);
            if (!p) return;
            const all = current.current;
            update([...all.slice(0, -1), [...(all.at(-1) ?? []), p]]);
          }}
          onPointerUp={() => {
            drawing.current = false;
          }}
          onPointerCancel={() => {
            drawing.current = false;
          }}
        >
          <line x1={20} x2={PAD.width - 20} y1={PAD.height - 40} y2={PAD.height - 40} stroke="#ccd" />
          <path
            d={strokesToPath(strokes)}
            fill="none"
            stroke="#10243e"
            strokeWidth={3}
            strokeLinecap="round"
          />
        </svg>
      </Box>
      <Group justify="flex-end" mt={4}>
        <Button size="xs" variant="subtle" onClick={() => update([])} data-testid="signature-clear">
          {t('care.clearSignature')}
        </Button>
      </Group>
    </div>
  );
}
