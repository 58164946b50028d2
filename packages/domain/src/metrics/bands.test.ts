import { describe, expect, it } from 'vitest';
import { SCALE_UNCERTAINTY } from '../evidence/thresholds.js';
import { CITATIONS } from '../evidence/citations.js';
import { syntheticFace } from '../face/synthetic.js';
import { JOWL_POINTS } from '../face/landmarks.js';
import { CaseFileSchema, MAX_BURST_SHOTS, type CaseFile, type LandmarkSet } from '../case/schema.js';
import { planCase } from '../planner/plan.js';
import { makeCase } from '../planner/test-factory.js';
import {
  asymmetryFlagged,
  differenceBand,
  MDC_FACTOR,
  METRIC_BANDS,
  metricBand,
  type MetricBandSet,
} from './bands.js';
import { measureBurst, measurePhoto, measureView } from './measure.js';
import { METRIC_IDS, type MeasuredMetric } from './types.js';

const SET: MetricBandSet = {
  detector: 'test-detector',
  measured: '2026-01-01: test set',
  method: 'test',
  singleShot: { 'jowl-depth': { sd: 0.5, sem: 0.6, mdc: 0.6 * MDC_FACTOR, cv: 0.1, n: 10 } },
  burst3: { 'jowl-depth': { sd: 0.3, sem: 0.4, mdc: 0.4 * MDC_FACTOR, cv: 0.06, n: 10 } },
};

describe('error bands as data', () => {
  it('holds MDC = 1.96·√2·SEM for every measured metric, with n ≥ 2 and a named detector', () => {
    expect(METRIC_BANDS.detector).toMatch(/\S/);
    for (const set of [METRIC_BANDS.singleShot, METRIC_BANDS.burst3]) {
      for (const [id, r] of Object.entries(set)) {
        expect(METRIC_IDS as readonly string[]).toContain(id);
        expect(r.mdc, id).toBeCloseTo(r.sem * MDC_FACTOR, 3);
        expect(r.n, id).toBeGreaterThanOrEqual(2);
        expect(r.sem, id).toBeGreaterThan(0);
      }
    }
  });

  it('folds the scale uncertainty into mm values but not into angles, ratios or the MDC', () => {
    const mm = metricBand('jowl-depth', 'mm', 10, 1, 0.05, SET);
    expect(mm?.sem).toBeCloseTo(Math.hypot(0.6, 0.5), 9);
    expect(mm?.mdc).toBeCloseTo(0.6 * MDC_FACTOR, 9);
    expect(mm?.shots).toBe(1);
    expect(mm?.source).toContain('test-detector');
    expect(metricBand('jowl-depth', 'deg', 10, 1, 0.05, SET)?.sem).toBe(0.6);
  });

  it('uses the narrower 3-shot bands for a median of 3 or more shots', () => {
    expect(metricBand('jowl-depth', 'ratio', 1, 3, 0, SET)?.sem).toBe(0.4);
    expect(metricBand('jowl-depth', 'ratio', 1, 2, 0, SET)?.sem).toBe(0.6);
  });

  it('is null when no repeatability was measured for the metric', () => {
    expect(metricBand('upper-third', 'mm', 60, 1, 0.05, SET)).toBeNull();
    expect(differenceBand('upper-third', 1, SET)).toBeNull();
  });

  it('flags an asymmetry only beyond both the threshold and the band', () => {
    const band = differenceBand('jowl-depth', 1, SET); // MDC ≈ 1.66
    expect(asymmetryFlagged({ difference: 3.5, threshold: 3, band })).toBe(true);
    expect(asymmetryFlagged({ difference: -3.5, threshold: 3, band })).toBe(true);
    expect(asymmetryFlagged({ difference: 2.5, threshold: 3, band })).toBe(false);
    const wide = { ...band!, mdc: 5 };
    expect(asymmetryFlagged({ difference: 3.5, threshold: 3, band: wide })).toBe(false);
  });

  it('cites every scale uncertainty and explains each liftplan-default', () => {
    for (const [k, t] of Object.entries(SCALE_UNCERTAINTY)) {
      for (const c of t.cite) expect(CITATIONS[c], k).toBeDefined();
      expect(t.basis === 'published' || (t.note ?? '').length > 0, k).toBe(true);
    }
  });
});

describe('measureView with bands', () => {
  const HUMAN = { id: 'human-facemesh', version: 'human 3.3.6' };
  it('gives every measured metric its band (or null only without repeatability) and the scale source', () => {
    const m = measureView({ ...syntheticFace({ iris: true }), detector: HUMAN }, 'front');
    expect(m.calibration.source).toBe('iris');
    expect(m.calibration.relativeUncertainty).toBeGreaterThan(0);
    expect(m.calibration.relativeUncertainty).toBeLessThan(0.1);
    for (const x of m.metrics) {
      if (x.status !== 'measured') continue;
      const r = METRIC_BANDS.singleShot[x.id];
      if (r) expect(x.band?.mdc, x.id).toBe(r.mdc);
      else expect(x.band, x.id).toBeNull();
    }
    const noIris = measureView(syntheticFace({ iris: false }), 'front');
    expect(noIris.calibration.source).toBe('population-estimate');
  });

  it('gives synthetic faces (no detector, no measured repeatability) no band', () => {
    const m = measureView(syntheticFace({ iris: true }), 'front');
    for (const x of m.metrics) if (x.status === 'measured') expect(x.band, x.id).toBeNull();
    for (const a of m.asymmetries) expect(a.band).toBeNull();
  });
});

describe('measureBurst', () => {
  const lowered = (k: number): LandmarkSet => ({
    ...syntheticFace({
      iris: true,
      displace: new Map(JOWL_POINTS.left.map((i) => [i, [0, -k, 0] as const])),
    }),
    detector: { id: 'human-facemesh', version: 'human 3.3.6' },
  });
  const jowl = (ms: readonly MeasuredMetric[] | readonly unknown[]): number | undefined =>
    (ms as MeasuredMetric[]).find((x) => x.id === 'jowl-depth' && x.side === 'left')?.value;
  const failing = (l: LandmarkSet): LandmarkSet => ({
    ...l,
    quality: [{ check: 'sharpness', status: 'fail', message: { en: 'blurred', ko: '흐림' } }],
  });

  it('takes the per-metric median of the shots that pass the gate, with the 3-shot bands', () => {
    const shots = [lowered(1), lowered(2), lowered(6)];
    const b = measureBurst(shots, 'front');
    const single = shots.map((s) => jowl(measureView(s, 'front').metrics) as number);
    expect(b.used).toEqual([0, 1, 2]);
    expect(b.provisional).toBe(false);
    expect(jowl(b.measurements.metrics)).toBeCloseTo([...single].sort((x, y) => x - y)[1] as number, 9);
    const m = b.measurements.metrics.find((x) => x.id === 'jowl-depth' && x.status === 'measured');
    expect(m?.status === 'measured' ? m.band?.shots : undefined).toBe(3);
  });

  it('leaves out failed-gate shots, and marks the burst provisional when none passes', () => {
    const b = measureBurst([lowered(1), failing(lowered(9)), lowered(2)], 'front');
    expect(b.used).toEqual([0, 2]);
    const none = measureBurst([failing(lowered(1)), failing(lowered(2))], 'front');
    expect(none.provisional).toBe(true);
    expect(none.used).toEqual([0, 1]);
  });

  it('gives no band to a provisional measurement: repeatability was measured within the gate only', () => {
    const band = (b: ReturnType<typeof measureBurst>): unknown => {
      const m = b.measurements.metrics.find((x) => x.id === 'jowl-depth' && x.side === 'left');
      return m?.status === 'measured' ? m.band : 'not measured';
    };
    expect(band(measureBurst([lowered(1)], 'front'))).toBeTruthy();
    expect(band(measureBurst([failing(lowered(1))], 'front'))).toBeNull();
    expect(band(measureBurst([failing(lowered(1)), failing(lowered(2))], 'front'))).toBeNull();
  });
});

describe('a case photo with a burst of shots', () => {
  const shot = (k: number): LandmarkSet => ({
    ...syntheticFace({
      iris: true,
      displace: new Map(JOWL_POINTS.left.map((i) => [i, [0, -k, 0] as const])),
    }),
    detector: { id: 'human-facemesh', version: 'human 3.3.6' },
  });
  const image = { width: 1000, height: 1200 };
  const jowlOf = (c: CaseFile) => {
    const m = planCase(c).measurements?.metrics.find((x) => x.id === 'jowl-depth' && x.side === 'left');
    return m?.status === 'measured' ? m : undefined;
  };
  const base = makeCase({ grades: { jowl: 2 } });
  const withFront = (front: CaseFile['photos'][number]): CaseFile => ({
    ...base,
    photos: [front, ...base.photos.filter((p) => p.view !== 'front')],
  });

  it('the plan reads the median of the shots (3-shot bands); the drawing stays on the photo’s own shot', () => {
    const single = withFront({ view: 'front', image, landmarks: shot(1) });
    const burst = withFront({
      view: 'front',
      image,
      landmarks: shot(1),
      burst: [
        { image, landmarks: shot(3) },
        { image, landmarks: shot(8) },
      ],
    });
    expect(CaseFileSchema.safeParse(burst).success).toBe(true);
    const one = jowlOf(single);
    const three = jowlOf(burst);
    const middle = measurePhoto({ view: 'front', landmarks: shot(3) }).metrics.find(
      (x) => x.id === 'jowl-depth' && x.side === 'left',
    );
    expect(three?.value).toBeCloseTo(middle?.status === 'measured' ? middle.value : NaN, 9);
    expect(three?.value).not.toBeCloseTo(one?.value ?? NaN, 3);
    expect(three?.band?.shots).toBe(3);
    expect(one?.band?.shots).toBe(1);
    expect(planCase(burst).placements.map((p) => p.entry)).toEqual(
      planCase(single).placements.map((p) => p.entry),
    );
  });

  it('refuses more shots of one view than a burst holds, naming the path', () => {
    const many = withFront({
      view: 'front',
      image,
      landmarks: shot(1),
      burst: Array.from({ length: MAX_BURST_SHOTS }, () => ({ image, landmarks: shot(2) })),
    });
    const r = CaseFileSchema.safeParse(many);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toMatch(/^photos\.0\.burst/);
  });
});
