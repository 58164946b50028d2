/** The answers of GET /api/outcomes and /api/outcomes/visits: the API contract's shapes. */
import type {
  ChangeGroup,
  ComplicationRate,
  DrillDownVisit,
  Outcomes,
  ScoreDistribution,
} from '@liftplan/api';

export type { ChangeGroup, ComplicationRate, DrillDownVisit };
export type ScoreCount = ScoreDistribution;
export type OutcomesAnswer = Outcomes;

/** One chart per region and metric: months on x, the median change per side as series, the band (MDC). */
export interface RegionChart {
  readonly key: string;
  readonly region: string;
  readonly metric: string;
  readonly unit: string;
  readonly rows: { label: string; months: number; [side: string]: number | string }[];
  readonly sides: readonly string[];
  readonly mdc: number | undefined;
  readonly groups: readonly ChangeGroup[];
}

export function regionCharts(
  changes: readonly ChangeGroup[],
  monthLabel: (m: number) => string,
): RegionChart[] {
  const byKey = new Map<string, ChangeGroup[]>();
  for (const g of changes) {
    byKey.set(`${g.region}:${g.metric}`, [...(byKey.get(`${g.region}:${g.metric}`) ?? []), g]);
  }
  return [...byKey.entries()].map(([key, groups]) => {
    const months = [...new Set(groups.map((g) => g.months))].sort((a, b) => a - b);
    const sides = [...new Set(groups.map((g) => g.side))].sort();
    const mdcs = groups.flatMap((g) => (g.mdc === null ? [] : [g.mdc]));
    const first = groups[0];
    return {
      key,
      region: first?.region ?? '',
      metric: first?.metric ?? '',
      unit: first?.unit ?? '',
      rows: months.map((m) => {
        const row: { label: string; months: number; [side: string]: number | string } = {
          label: monthLabel(m),
          months: m,
        };
        for (const g of groups) if (g.months === m) row[g.side] = Math.round(g.median * 100) / 100;
        return row;
      }),
      sides,
      mdc: mdcs.length > 0 ? Math.max(...mdcs) : undefined,
      groups,
    };
  });
}

export interface OutcomeFilters {
  readonly from?: string;
  readonly to?: string;
  readonly region?: string;
  readonly doctorId?: string;
  readonly productId?: string;
}

export const outcomesQuery = (f: OutcomeFilters): string => {
  const q = new URLSearchParams();
  for (const k of ['from', 'to', 'region', 'doctorId', 'productId'] as const) {
    const v = f[k];
    if (v) q.set(k, v);
  }
  return q.toString();
};
