import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RepoContext } from '../db/context.js';
import { nowIso } from '../db/context.js';
import { requirePermission } from '../db/policy.js';
import { audited, newId } from '../db/repo-kit.js';
import type { DB } from '../db/types.js';
import { conflict, parseOrThrow } from '../errors.js';

/**
 * What the monthly review flags (liftplan-default thresholds): a user who opened many more patients than the
 * clinic's users usually do, or who exported many records.
 */
export const UNUSUAL = {
  /** Distinct patients read, as a multiple of the median over the clinic's users that month. */
  patientsFactor: 3,
  /** …and at least this many (a quiet month does not flag one busy day). */
  minPatients: 20,
  /** Export events (FHIR, research) in one month. */
  exports: 10,
} as const;

const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/** Actions on a patient that the review counts as access (reads and lists, prints, exports). */
const ACCESS_ACTIONS = ['read', 'print', 'export', 'list'] as const;

export interface AccessReviewLine {
  readonly actor: string;
  readonly actorName: string | null;
  readonly events: number;
  readonly patients: number;
  readonly exports: number;
  /** Export reasons as recorded (`fhir:transfer-of-care` …) with their counts. */
  readonly exportReasons: Readonly<Record<string, number>>;
  /** Why the line is highlighted; empty when nothing is unusual. */
  readonly unusual: readonly string[];
  /** The same as codes with their figures (for translated screens). */
  readonly flags: readonly (
    | { readonly code: 'many-patients'; readonly patients: number; readonly median: number }
    | { readonly code: 'many-exports'; readonly exports: number }
  )[];
}

export interface AccessReview {
  readonly month: string;
  readonly lines: readonly AccessReviewLine[];
  readonly completed: { readonly by: string; readonly at: string; readonly note: string | null } | null;
}

const monthBounds = (month: string): [string, string] => {
  const [y = 0, m = 1] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${month}-01T00:00:00.000Z`, `${next}-01T00:00:00.000Z`];
};

/** Who read or exported which patients in a month (UTC), unusual volumes highlighted; admins only, audited. */
export async function accessReview(
  db: Kysely<DB>,
  ctx: RepoContext,
  monthInput: string,
): Promise<AccessReview> {
  const month = parseOrThrow(MonthSchema, monthInput);
  return audited(db, ctx, { action: 'read', entity: 'access-review', entityId: month }, async (trx) => {
    requirePermission(ctx, 'audit:read');
    const [start, end] = monthBounds(month);
    const rows = await trx
      .selectFrom('audit_events as a')
      .innerJoin('users as u', 'u.id', 'a.actor')
      .select(['a.actor', 'u.display_name', 'a.action', 'a.entity_id', 'a.detail'])
      .where('u.organisation_id', '=', ctx.actor.organisationId)
      .where('a.entity', '=', 'patient')
      .where('a.outcome', '=', 'success')
      .where('a.action', 'in', [...ACCESS_ACTIONS])
      .where('a.at', '>=', start)
      .where('a.at', '<', end)
      .execute();
    const by = new Map<
      string,
      {
        name: string;
        events: number;
        patients: Set<string>;
        exports: number;
        reasons: Record<string, number>;
      }
    >();
    for (const r of rows) {
      const l = by.get(r.actor) ?? {
        name: r.display_name,
        events: 0,
        patients: new Set<string>(),
        exports: 0,
        reasons: {},
      };
      l.events++;
      if (r.entity_id) l.patients.add(r.entity_id);
      if (r.action === 'export') {
        l.exports++;
        const reason = r.detail ?? 'no reason';
        l.reasons[reason] = (l.reasons[reason] ?? 0) + 1;
      }
      by.set(r.actor, l);
    }
    const counts = [...by.values()].map((l) => l.patients.size).sort((a, b) => a - b);
    const median = counts.length === 0 ? 0 : (counts[Math.ceil(counts.length / 2) - 1] ?? 0);
    const lines: AccessReviewLine[] = [...by.entries()].map(([actor, l]) => {
      const unusual: string[] = [];
      const flags: AccessReviewLine['flags'][number][] = [];
      if (l.patients.size >= UNUSUAL.minPatients && l.patients.size > UNUSUAL.patientsFactor * median) {
        unusual.push(
          `opened ${l.patients.size} patients, more than ${UNUSUAL.patientsFactor} × the clinic's median (${median})`,
        );
        flags.push({ code: 'many-patients', patients: l.patients.size, median });
      }
      if (l.exports >= UNUSUAL.exports) {
        unusual.push(`${l.exports} exports this month`);
        flags.push({ code: 'many-exports', exports: l.exports });
      }
      return {
        actor,
        actorName: l.name,
        events: l.events,
        patients: l.patients.size,
        exports: l.exports,
        exportReasons: l.reasons,
        unusual,
        flags,
      };
    });
    lines.sort((a, b) => b.unusual.length - a.unusual.length || b.patients - a.patients);
    const done = await trx
      .selectFrom('access_reviews')
      .selectAll()
      .where('organisation_id', '=', ctx.actor.organisationId)
      .where('month', '=', month)
      .executeTakeFirst();
    return {
      month,
      lines,
      completed: done ? { by: done.reviewed_by, at: done.reviewed_at, note: done.note } : null,
    };
  });
}

export const CompleteReviewSchema = z.object({
  month: MonthSchema,
  note: z.string().trim().max(2000).nullable().default(null),
});

/** Records that the month's review was done (once per month), with what it covered; audited. */
export async function completeAccessReview(
  db: Kysely<DB>,
  ctx: RepoContext,
  input: unknown,
): Promise<{ month: string; reviewedAt: string }> {
  const req = parseOrThrow(CompleteReviewSchema, input);
  const review = await accessReview(db, ctx, req.month);
  return audited(db, ctx, { action: 'review', entity: 'access-review', entityId: req.month }, async (trx) => {
    requirePermission(ctx, 'audit:read');
    const exists = await trx
      .selectFrom('access_reviews')
      .select('id')
      .where('organisation_id', '=', ctx.actor.organisationId)
      .where('month', '=', req.month)
      .executeTakeFirst();
    if (exists) throw conflict(`the access review of ${req.month} is recorded already`);
    const at = nowIso(ctx);
    await trx
      .insertInto('access_reviews')
      .values({
        id: newId(),
        organisation_id: ctx.actor.organisationId,
        month: req.month,
        reviewed_by: ctx.actor.userId,
        reviewed_at: at,
        events: review.lines.reduce((s, l) => s + l.events, 0),
        flagged: review.lines.filter((l) => l.unusual.length > 0).length,
        note: req.note,
      })
      .execute();
    return { month: req.month, reviewedAt: at };
  });
}
