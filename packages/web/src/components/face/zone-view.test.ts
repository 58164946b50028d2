import { buildDangerZones, makeCase, planCase, type PlanFinding } from '@liftplan/domain';
import { describe, expect, it } from 'vitest';
import { frameOf } from './geometry.js';
import { crossedZoneIds, legendEntries, visibleZones } from './zone-view.js';

const c = makeCase({ grades: { midface: 3, jowl: 3 } });
const front = c.photos[0];
if (!front) throw new Error('no photo');
const zones = buildDangerZones(front.landmarks, frameOf(front.landmarks), 'front');
const someZone = zones[0];
if (!someZone) throw new Error('no zones');
const crossing: PlanFinding = {
  level: 'error',
  code: 'path-crosses-danger-zone',
  placementId: 'jowl:left:1',
  zoneId: someZone.id,
  message: 'test',
  cite: [],
};

describe('zone view: off, only what the threads cross, all; per-kind toggles', () => {
  it('off shows nothing; all shows every zone; crossed only the zones a finding names', () => {
    expect(visibleZones(zones, 'off', new Set(), [crossing])).toEqual([]);
    expect(visibleZones(zones, 'all', new Set(), [])).toHaveLength(zones.length);
    expect(visibleZones(zones, 'crossed', new Set(), [crossing]).map((z) => z.id)).toEqual([someZone.id]);
    expect(visibleZones(zones, 'crossed', new Set(), [])).toEqual([]);
    expect(crossedZoneIds([{ ...crossing, code: 'not-planned' }]).size).toBe(0);
  });

  it('a kind switched off in the legend is hidden in every mode', () => {
    const shown = visibleZones(zones, 'all', new Set([someZone.kind]), [crossing]);
    expect(shown.some((z) => z.kind === someZone.kind)).toBe(false);
    expect(visibleZones(zones, 'crossed', new Set([someZone.kind]), [crossing])).toEqual([]);
  });

  it('the legend lists each kind on the face once, with severity and how many zones a thread meets', () => {
    const plan = planCase(c);
    const legend = legendEntries(zones, [...plan.findings, crossing]);
    const kinds = new Set(zones.map((z) => z.kind));
    expect(legend.map((e) => e.kind).sort()).toEqual([...kinds].sort());
    expect(legend.find((e) => e.kind === someZone.kind)?.crossed).toBeGreaterThanOrEqual(1);
    expect(new Set(legend.map((e) => e.number)).size).toBe(legend.length);
  });
});
