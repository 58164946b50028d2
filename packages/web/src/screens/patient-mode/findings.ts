/**
 * The front photo's left–right differences as a patient reads them, each with its error band: the ones people
 * may notice; the ones over the noticeability threshold that the measurement error does not let through
 * ("within measurement error"); and the smaller ones, said to be usually unnoticeable (and within measurement
 * error when the band covers them). Noticeable first, then by size.
 */
import type { AsymmetryResult } from '@liftplan/domain';

export interface PlainFinding {
  readonly id: AsymmetryResult['id'];
  readonly kind: 'noticeable' | 'within-error' | 'small';
  /** The difference is no larger than the smallest change the measurement can tell from error. */
  readonly withinError: boolean;
  /** |left − right| in the metric's unit. */
  readonly value: number;
  readonly unit: 'mm' | 'deg';
  /** The difference's standard error (±), or null when no band was measured. */
  readonly sem: number | null;
  /** The smallest change the measurement can tell from error. */
  readonly mdc: number | null;
  readonly moreAffectedSide: AsymmetryResult['moreAffectedSide'];
}

const RANK: Record<PlainFinding['kind'], number> = { noticeable: 0, 'within-error': 1, small: 2 };

export function plainFindings(asymmetries: readonly AsymmetryResult[]): PlainFinding[] {
  return asymmetries
    .map((a): PlainFinding => {
      const value = Math.abs(a.difference);
      const mdc = a.band?.mdc ?? null;
      const base = {
        id: a.id,
        value,
        unit: a.unit,
        sem: a.band?.sem ?? null,
        mdc,
        moreAffectedSide: a.moreAffectedSide,
        withinError: mdc !== null && value <= mdc,
      };
      if (a.perceptible) return { ...base, kind: 'noticeable' };
      if (a.band && value > a.threshold) return { ...base, kind: 'within-error', withinError: true };
      return { ...base, kind: 'small' };
    })
    .sort((x, y) => RANK[x.kind] - RANK[y.kind] || y.value - x.value);
}
