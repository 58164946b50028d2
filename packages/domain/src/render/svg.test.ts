import { describe, expect, it } from 'vitest';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame } from '../face/frame.js';
import { syntheticFace } from '../face/synthetic.js';
import type { ProjectedPlan } from '../planner/types.js';
import { buildDangerZones } from '../zones/build.js';
import { renderSvg, type SvgInput } from './svg.js';

const landmarks = syntheticFace({ iris: true });
const frame = buildFaceFrame(landmarks, calibrate(landmarks));
const zones = buildDangerZones(landmarks, frame, 'front');
const plan: ProjectedPlan = {
  placements: [
    {
      id: 'midface:left:1',
      region: 'midface',
      side: 'left',
      entry: [700, 500],
      paths: [
        [
          [700, 500],
          [640, 620],
        ],
      ],
      status: 'error',
    },
    { id: 'jowl:right:1', region: 'jowl', side: 'right', entry: [250, 800], paths: [], status: 'ok' },
  ],
};
const base: SvgInput = { image: { width: 1000, height: 1200 }, landmarks, frame, zones, plan };

/** Minimal well-formedness check: tags nest and close, attributes are quoted, no raw '<' or '&' in text. */
function assertBalanced(svg: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(svg)) !== null) {
    const text = svg.slice(last, m.index);
    expect(text, 'text between tags').not.toMatch(/[<>]|&(?!(lt|gt|amp|quot|apos);)/);
    last = re.lastIndex;
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) expect(stack.pop(), `closing ${name}`).toBe(name);
    else stack.push(name ?? '');
  }
  expect(last, 'everything consumed as tags and text').toBe(svg.length);
  expect(stack).toEqual([]);
}

describe('renderSvg', () => {
  it('produces a standalone, balanced SVG document', () => {
    const svg = renderSvg({ ...base, show: { mesh: true } });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('viewBox="0 0 1000 1200"');
    assertBalanced(svg);
  });

  it('draws every zone, dashes estimated ones and sizes circles in pixels', () => {
    const svg = renderSvg(base);
    for (const z of zones) expect(svg).toContain(`data-zone-id="${z.id}"`);
    const gan = /data-zone-id="great-auricular:left"[^]*?<circle [^>]*r="([\d.]+)"[^>]*stroke-dasharray/.exec(
      svg,
    );
    expect(Number(gan?.[1])).toBeCloseTo(15 / frame.calibration.mmPerPx, 1);
    const dz4 = /data-zone-id="zygomatic-buccal:left"[^]*?<\/g>/.exec(svg)?.[0] ?? '';
    expect(dz4).not.toContain('stroke-dasharray');
  });

  it('colours the plan by status and marks entries', () => {
    const svg = renderSvg(base);
    expect(svg).toMatch(/data-placement-id="midface:left:1" data-status="error"/);
    expect(svg).toContain('<circle cx="700" cy="500"');
    expect(svg).toContain('#e63946');
  });

  it('escapes text and includes the image under everything', () => {
    const svg = renderSvg({
      ...base,
      title: 'Kim <test> & "co"',
      image: { width: 1000, height: 1200, href: 'photos/front a&b.jpg' },
    });
    expect(svg).toContain('<title>Kim &lt;test&gt; &amp; &quot;co&quot;</title>');
    expect(svg).not.toContain('<test>');
    expect(svg).toContain('href="photos/front a&amp;b.jpg"');
    expect(svg.indexOf('<image')).toBeLessThan(svg.indexOf('class="zones"'));
    assertBalanced(svg);
  });

  it('honours show flags and Korean labels', () => {
    const svg = renderSvg({
      ...base,
      labels: 'ko',
      show: { zones: false, plan: false, regions: true, landmarks: false, midline: false },
    });
    expect(svg).not.toContain('data-zone-id');
    expect(svg).not.toContain('class="midline"');
    expect(svg).toContain('중안부');
    expect(renderSvg({ ...base, labels: 'ko' })).toContain('안면신경 하악연지');
  });
});
