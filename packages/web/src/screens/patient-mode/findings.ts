/**
 * The front photo's left–right differences as a patient reads them: each difference people may notice with
 * its error band, each one over the noticeability threshold that the measurement error does not let through
 * said as "within measurement error", and nothing else (differences below the threshold are not findings).
 */
import type { AsymmetryResult } from '@liftplan/domain';

export interface PlainFinding {
  readonly id: AsymmetryResult['id'];
  readonly kind: 'noticeable' | 'within-error';
  /** |left − right| in the metric's unit. */
  readonly value: number;
  readonly unit: 'mm' | 'deg';
  /** The difference's standard error (±), or null when no band was measured. */
  readonly sem: number | null;
  /** The smallest change the measurement can tell from error. */
  readonly mdc: number | null;
  readonly moreAffectedSide: AsymmetryResult['moreAffectedSide'];
}

export function plainFindings(asymmetries: readonly AsymmetryResult[]): PlainFinding[] {
  return asymmetries.flatMap((a): PlainFinding[] => {
    const value = Math.abs(a.difference);
    const base = {
      id: a.id,
      value,
      unit: a.unit,
      sem: a.band?.sem ?? null,
      mdc: a.band?.mdc ?? null,
      moreAffectedSide: a.moreAffectedSide,
    };
    if (a.perceptible) return [{ ...base, kind: 'noticeable' }];
    if (a.band && value > a.threshold) return [{ ...base, kind: 'within-error' }];
    return [];
  });
}
