import { RISK_TEMPLATES } from '@liftplan/domain';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/types.js';
import { wilson } from './stats.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** What the figures cover: the clinic's records, narrowed by period (follow-up dates), doctor, product, lot, region, side. */
export const OutcomeFilterSchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    doctorId: z.string().min(1).optional(),
    productId: z.string().min(1).optional(),
    lotId: z.string().min(1).optional(),
    region: z.enum(['brow', 'midface', 'nasolabial', 'jowl', 'marionette', 'neck']).optional(),
    side: z.enum(['left', 'right']).optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, {
    error: 'from is on or before to',
    path: ['from'],
  });
export type OutcomeFilter = z.infer<typeof OutcomeFilterSchema>;

export interface ChangeGroup {
  readonly region: string;
  readonly side: string;
  readonly metric: string;
  readonly unit: string;
  /** Whole months after the procedure (days / 30.44, rounded). */
  readonly months: number;
  readonly n: number;
  /** Nearest-rank quartiles of the change (follow-up − baseline). */
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  /** Changes beyond their MDC (only these count as a change), and those without a measured band. */
  readonly beyondBand: number;
  readonly noBand: number;
  /** Mean MDC of the changes of the group (the band to draw); null when none had a band. */
  readonly mdc: number | null;
}

export interface ScoreDistribution {
  readonly score: number;
  readonly n: number;
}

export interface ComplicationRate {
  readonly kind: string;
  /** Procedures with at least one complication of this kind / procedures in the period. */
  readonly procedures: number;
  readonly of: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  readonly medianOnsetDays: number | null;
  readonly resolved: number;
  readonly medianDaysToResolution: number | null;
  readonly severities: Readonly<Record<string, number>>;
  /** The published rate the plan quoted for this kind (clinical-facts §5), when there is one. */
  readonly published: string | null;
}

export interface Outcomes {
  readonly changes: readonly ChangeGroup[];
  readonly gaisClinician: readonly ScoreDistribution[];
  readonly gaisPatient: readonly ScoreDistribution[];
  readonly satisfaction: readonly ScoreDistribution[];
  readonly complications: readonly ComplicationRate[];
  readonly procedures: number;
  readonly followUps: number;
  /** Scored follow-ups whose change could not be measured, by reason. */
  readonly unmeasured: Readonly<Record<string, number>>;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

/** The SQL conditions of the filter on outcome_changes (alias c). */
function changeWhere(org: string, f: OutcomeFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`c.organisation_id = ${org}`];
  if (f.from) parts.push(sql`c.follow_up_date >= ${f.from}`);
  if (f.to) parts.push(sql`c.follow_up_date <= ${f.to}`);
  if (f.doctorId) parts.push(sql`c.performed_by = ${f.doctorId}`);
  if (f.productId) parts.push(sql`c.product_id = ${f.productId}`);
  if (f.lotId) parts.push(sql`c.lot_id = ${f.lotId}`);
  if (f.region) parts.push(sql`c.region = ${f.region}`);
  if (f.side) parts.push(sql`c.side = ${f.side}`);
  return sql.join(parts, sql` AND `);
}

/** The SQL conditions on procedures (alias p) and their threads, for scores and complications. */
function procedureWhere(org: string, f: OutcomeFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`p.organisation_id = ${org}`];
  if (f.doctorId) parts.push(sql`p.performed_by = ${f.doctorId}`);
  const thread: RawBuilder<unknown>[] = [];
  if (f.productId) thread.push(sql`t.product_id = ${f.productId}`);
  if (f.lotId) thread.push(sql`t.lot_id = ${f.lotId}`);
  if (f.region) thread.push(sql`t.region = ${f.region}`);
  if (f.side) thread.push(sql`t.side = ${f.side}`);
  if (thread.length > 0) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM procedure_threads t WHERE t.procedure_id = p.id AND ${sql.join(thread, sql` AND `)})`,
    );
  }
  return sql.join(parts, sql` AND `);
}

/** Published rate texts by complication kind (the plan's risk templates). */
const PUBLISHED = new Map<string, string>(Object.values(RISK_TEMPLATES).map((t) => [t.id, t.rate] as const));

/** The clinic's outcome figures, aggregated in SQL over the outcome summary and the follow-ups. */
export async function queryOutcomes(db: Kysely<DB>, org: string, f: OutcomeFilter): Promise<Outcomes> {
  const where = changeWhere(org, f);
  // Counts per group from the covering index, then each quartile as one indexed look-up (ORDER BY change
  // LIMIT 1 OFFSET k): no sort of the whole table, no rows loaded into JS.
  const counted = await sql<Record<string, unknown>>`
    SELECT c.region, c.side, c.metric, c.unit, c.months, COUNT(*) AS n,
      SUM(CASE WHEN c.beyond = 1 THEN 1 ELSE 0 END) AS beyond_band,
      SUM(CASE WHEN c.beyond IS NULL THEN 1 ELSE 0 END) AS no_band,
      AVG(c.mdc) AS mdc
    FROM outcome_changes c WHERE ${where}
    GROUP BY c.region, c.side, c.metric, c.unit, c.months
    ORDER BY c.region, c.side, c.metric, c.months`.execute(db);
  const nth = async (g: Record<string, unknown>, k: number): Promise<number> => {
    const r = await sql<{ change: unknown }>`
      SELECT c.change FROM outcome_changes c
      WHERE ${where} AND c.region = ${String(g['region'])} AND c.side = ${String(g['side'])}
        AND c.metric = ${String(g['metric'])} AND c.months = ${num(g['months'])}
      ORDER BY c.change LIMIT 1 OFFSET ${k}`.execute(db);
    return num(r.rows[0]?.change);
  };
  const groups: ChangeGroup[] = [];
  for (const g of counted.rows) {
    const n = num(g['n']);
    // Nearest rank: the smallest value with at least p·n values at or below it.
    const rank = (p: number) => Math.max(0, Math.ceil(p * n) - 1);
    groups.push({
      region: String(g['region']),
      side: String(g['side']),
      metric: String(g['metric']),
      unit: String(g['unit']),
      months: num(g['months']),
      n,
      q1: await nth(g, rank(0.25)),
      median: await nth(g, rank(0.5)),
      q3: await nth(g, rank(0.75)),
      beyondBand: num(g['beyond_band']),
      noBand: num(g['no_band']),
      mdc: numOrNull(g['mdc']),
    });
  }

  const pWhere = procedureWhere(org, f);
  const fuPeriod: RawBuilder<unknown>[] = [];
  if (f.from) fuPeriod.push(sql`COALESCE(v.date, fu.due_date) >= ${f.from}`);
  if (f.to) fuPeriod.push(sql`COALESCE(v.date, fu.due_date) <= ${f.to}`);
  const fuWhere = fuPeriod.length > 0 ? sql` AND ${sql.join(fuPeriod, sql` AND `)}` : sql``;
  const scores = await sql<Record<string, unknown>>`
    SELECT fu.gais_clinician AS gc, fu.gais_patient AS gp, fu.satisfaction AS sat, COUNT(*) AS n
    FROM follow_ups fu JOIN procedures p ON p.id = fu.procedure_id LEFT JOIN visits v ON v.id = fu.visit_id
    WHERE ${pWhere} AND fu.status = 'done'${fuWhere}
    GROUP BY fu.gais_clinician, fu.gais_patient, fu.satisfaction`.execute(db);

  const procPeriod: RawBuilder<unknown>[] = [];
  if (f.from) procPeriod.push(sql`p.performed_on >= ${f.from}`);
  if (f.to) procPeriod.push(sql`p.performed_on <= ${f.to}`);
  const procWhere = procPeriod.length > 0 ? sql` AND ${sql.join(procPeriod, sql` AND `)}` : sql``;
  const totals = await sql<Record<string, unknown>>`
    SELECT COUNT(*) AS procedures FROM procedures p WHERE ${pWhere}${procWhere}`.execute(db);
  const comps = await sql<Record<string, unknown>>`
    SELECT cx.kind, cx.severity, cx.onset_date, cx.resolved_date, p.id AS procedure_id, p.performed_on
    FROM complications cx
    JOIN follow_ups fu ON fu.id = cx.follow_up_id
    JOIN procedures p ON p.id = fu.procedure_id
    WHERE ${pWhere}${procWhere}
    ORDER BY cx.kind`.execute(db);
  const unmeasured = await db
    .selectFrom('outcome_follow_ups')
    .select(['state', (eb) => eb.fn.countAll().as('n')])
    .where('organisation_id', '=', org)
    .where('state', '!=', 'ok')
    .groupBy('state')
    .execute();

  const procedures = num(totals.rows[0]?.['procedures'] ?? 0);
  const byKind = new Map<string, Record<string, unknown>[]>();
  for (const c of comps.rows) {
    const k = String(c['kind']);
    byKind.set(k, [...(byKind.get(k) ?? []), c]);
  }
  const days = (a: unknown, b: unknown): number =>
    Math.round((Date.parse(String(b)) - Date.parse(String(a))) / 86_400_000);
  const median = (xs: number[]): number | null => {
    if (xs.length === 0) return null;
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.ceil(s.length / 2) - 1] ?? null;
  };
  const complications: ComplicationRate[] = [...byKind.entries()].map(([kind, list]) => {
    const procs = new Set(list.map((c) => String(c['procedure_id']))).size;
    const w = wilson(procs, procedures) ?? { rate: 0, low: 0, high: 0 };
    const severities: Record<string, number> = {};
    for (const c of list) severities[String(c['severity'])] = (severities[String(c['severity'])] ?? 0) + 1;
    const resolved = list.filter((c) => c['resolved_date'] !== null);
    return {
      kind,
      procedures: procs,
      of: procedures,
      ...w,
      medianOnsetDays: median(list.map((c) => days(c['performed_on'], c['onset_date']))),
      resolved: resolved.length,
      medianDaysToResolution: median(resolved.map((c) => days(c['onset_date'], c['resolved_date']))),
      severities,
      published: PUBLISHED.get(kind) ?? null,
    };
  });
  const dist = (column: 'gc' | 'gp' | 'sat'): ScoreDistribution[] => {
    const by = new Map<number, number>();
    for (const r of scores.rows) {
      if (r[column] === null || r[column] === undefined) continue;
      by.set(num(r[column]), (by.get(num(r[column])) ?? 0) + num(r['n']));
    }
    return [...by.entries()].map(([score, n]) => ({ score, n })).sort((a, b) => a.score - b.score);
  };
  return {
    changes: groups,
    gaisClinician: dist('gc'),
    gaisPatient: dist('gp'),
    satisfaction: dist('sat'),
    complications,
    procedures,
    followUps: scores.rows.reduce((t, r) => t + num(r['n']), 0),
    unmeasured: Object.fromEntries(unmeasured.map((u) => [u.state, num(u.n)])),
  };
}
