import { THRESHOLDS } from '../evidence/thresholds.js';
import type { ViewMeasurements } from './types.js';

export interface AsymmetrySummary {
  readonly maxMm: number;
  readonly maxDeg: number;
  /** Metrics beyond the work-up thresholds, e.g. "jowl-depth 15.0 mm (left)". */
  readonly beyond: readonly string[];
}

/** Measured perceptible asymmetries and those beyond what threads can correct (asymmetryWorkup*). */
export function asymmetrySummary(front: ViewMeasurements | null): AsymmetrySummary {
  let maxMm = 0;
  let maxDeg = 0;
  const beyond: string[] = [];
  for (const a of front?.asymmetries ?? []) {
    const d = Math.abs(a.difference);
    if (a.unit === 'mm') {
      maxMm = Math.max(maxMm, d);
      if (d > THRESHOLDS.asymmetryWorkupMm.value) {
        beyond.push(`${a.id} ${d.toFixed(1)} mm (${a.moreAffectedSide ?? 'n/a'})`);
      }
    } else if (a.unit === 'deg') {
      maxDeg = Math.max(maxDeg, d);
      if (d > THRESHOLDS.asymmetryWorkupDeg.value) {
        beyond.push(`${a.id} ${d.toFixed(1)}° (${a.moreAffectedSide ?? 'n/a'})`);
      }
    }
  }
  return { maxMm, maxDeg, beyond };
}
