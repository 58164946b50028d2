import type { Kysely } from 'kysely';
import type { RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited } from '../repo-kit.js';
import type { AuditOutcome, DB } from '../types.js';

export interface AuditEvent {
  readonly seq: number;
  readonly at: string;
  /** A user id or `system:<name>`. */
  readonly actor: string;
  /** The user's display name, when the actor is a user. */
  readonly actorName: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string;
  readonly detail: string | null;
}

export interface AuditPage {
  /** Newest first, at most `limit`. */
  readonly limit?: number;
  /** Only events with a smaller sequence number (the next page: the last `seq` seen). */
  readonly before?: number;
}

export interface AuditLogRepository {
  /** The audit log, newest first (admins). Reading it is itself audited. */
  list(ctx: RepoContext, page?: AuditPage): Promise<AuditEvent[]>;
}

/**
 * Each clinic has its own hash chain; an admin sees their clinic's chain only. Events carry ids and codes
 * only, never patient data.
 */
export function auditLogRepository(db: Kysely<DB>): AuditLogRepository {
  return {
    list: (ctx, page = {}) =>
      audited(db, ctx, { action: 'list', entity: 'audit_event', entityId: null }, async (trx) => {
        requirePermission(ctx, 'audit:read');
        let q = trx
          .selectFrom('audit_events as a')
          .leftJoin('users as u', 'u.id', 'a.actor')
          .select([
            'a.seq',
            'a.at',
            'a.actor',
            'u.display_name',
            'a.action',
            'a.entity',
            'a.entity_id',
            'a.outcome',
            'a.request_id',
            'a.detail',
          ])
          // The clinic's own chain only: never another clinic's events nor the system chain (the operator's,
          // `liftplan audit log --system`). Rows before per-clinic chains: those of the clinic's users.
          .where((eb) =>
            eb.or([
              eb('a.chain', '=', ctx.actor.organisationId),
              eb.and([eb('a.chain', 'is', null), eb('u.organisation_id', '=', ctx.actor.organisationId)]),
            ]),
          );
        if (page.before !== undefined) q = q.where('a.seq', '<', page.before);
        const rows = await q
          .orderBy('a.seq', 'desc')
          .limit(Math.min(page.limit ?? 100, 500))
          .execute();
        return rows.map((r) => ({
          seq: r.seq,
          at: r.at,
          actor: r.actor,
          actorName: r.display_name,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          outcome: r.outcome,
          requestId: r.request_id,
          detail: r.detail,
        }));
      }),
  };
}
