import { describe, expect, it } from 'vitest';
import { calibrate } from '../face/calibration.js';
import { buildFaceFrame, toImage } from '../face/frame.js';
import { syntheticFace } from '../face/synthetic.js';
import { facePoint, type FacePoint } from '../geometry/types.js';
import { buildDangerZones } from '../zones/build.js';
import type { DangerZone } from '../zones/types.js';
import { anchorPoint } from './anchor.js';
import { planCase } from './plan.js';
import { RULE_SET } from './rules.js';
import { checkSafety, type SafetyContext } from './safety.js';
import { makeCase } from './test-factory.js';
import type { ThreadPlacement } from './types.js';

const landmarks = syntheticFace({ iris: true });
const frame = buildFaceFrame(landmarks, calibrate(landmarks));
const zones = buildDangerZones(landmarks, frame, 'front');
const base = planCase(makeCase());
const midface = base.placements.find((p) => p.id === 'midface:left:1');
if (!midface) throw new Error('midface placement missing');

const ctx = (justifications: SafetyContext['justifications'] = []): SafetyContext => ({
  landmarks,
  frame,
  zones,
  justifications,
  zoneRules: RULE_SET.zoneRules,
});
const zone = (id: string): DangerZone => {
  const z = zones.find((x) => x.id === id);
  if (!z) throw new Error(`no zone ${id}`);
  return z;
};
const centreOf = (z: DangerZone): FacePoint => {
  const s = z.shape;
  if (s.kind === 'circle') return s.centre;
  const pts = s.kind === 'polygon' ? s.points : s.line;
  const x = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const y = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  return facePoint(x, y);
};
const anchor = (p: FacePoint) => anchorPoint(landmarks, toImage(frame, p));

describe('danger-zone safety check', () => {
  it('an entry dragged into a zone is an error that names the zone', () => {
    const parotid = zone('parotid-duct:left');
    const moved: ThreadPlacement = { ...midface, entry: anchor(centreOf(parotid)) };
    const { findings } = checkSafety([moved], ctx());
    const f = findings.find((x) => x.code === 'entry-in-danger-zone');
    expect(f).toMatchObject({ level: 'error', zoneId: 'parotid-duct:left', placementId: 'midface:left:1' });
    expect(f?.message).toContain('Parotid duct');
  });

  it('a case justification turns that error into a visible warning carrying it', () => {
    const moved: ThreadPlacement = { ...midface, entry: anchor(centreOf(zone('parotid-duct:left'))) };
    const j = {
      zoneId: 'parotid-duct:left',
      region: 'midface' as const,
      reason: 'entry kept above the duct under ultrasound',
      by: 'Dr Kim',
    };
    const { findings } = checkSafety([moved], ctx([j]));
    const f = findings.find((x) => x.code === 'entry-in-danger-zone');
    expect(f).toMatchObject({ level: 'warning', zoneId: 'parotid-duct:left', justification: j });
    // A justification for another region or side does not apply.
    const other = checkSafety([moved], ctx([{ ...j, side: 'right' }])).findings;
    expect(other.find((x) => x.code === 'entry-in-danger-zone')?.level).toBe('error');
  });

  it('a path through a subcutaneous structure (superficial temporal artery) is an error', () => {
    const sta = centreOf(zone('superficial-temporal-artery:left'));
    const entry = facePoint(sta[0] - 25, sta[1]);
    const crossing: ThreadPlacement = {
      ...midface,
      count: 1,
      entry: anchor(entry),
      paths: [[anchor(entry), anchor(sta), anchor(facePoint(sta[0] + 25, sta[1]))]],
    };
    const { findings } = checkSafety([crossing], ctx());
    const f = findings.find(
      (x) => x.code === 'path-crosses-danger-zone' && x.zoneId === 'superficial-temporal-artery:left',
    );
    expect(f?.level).toBe('error');
    expect(f?.message).toContain('Superficial temporal artery');
  });

  it('a path over a deep-to-SMAS structure in a superficial plane is accepted by the zone rule (info, grouped)', () => {
    const f = base.findings.find(
      (x) => x.code === 'path-crosses-danger-zone' && x.placementId === 'jowl:left:1',
    );
    expect(f?.level).toBe('info');
    expect(base.triage.accepted.some((g) => g.crossings.some((c) => c.startsWith('jowl:left:1')))).toBe(true);
    expect(f?.justification).toMatchObject({ by: 'rule', ruleId: 'zone-plane-superficial-to-structure' });
    expect(base.trace.find((t) => t.ruleId === 'zone-plane-superficial-to-structure')?.fired).toBe(true);
  });

  it('default entries of the example plans lie outside every zone', () => {
    for (const r of [base, planCase(makeCase({ fat: 'heavy', skinThickness: 'thin', age: 55 }))]) {
      expect(r.findings.filter((f) => f.code === 'entry-in-danger-zone')).toEqual([]);
      expect(r.findings.filter((f) => f.level === 'error')).toEqual([]);
    }
  });
});
