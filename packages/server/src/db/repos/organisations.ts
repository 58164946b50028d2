import type { Kysely } from 'kysely';
import { notFound, parseOrThrow, staleVersion } from '../../errors.js';
import { OrganisationPatchSchema, type OrganisationPatch } from '../../schemas.js';
import type { RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, touched, inClinic } from '../repo-kit.js';
import type { DB, OrganisationRow } from '../types.js';

/** The clinic: its name, address and phone are printed on patient documents. */
export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly address: string | null;
  readonly phone: string | null;
  /** IANA time zone signatures and printed times are shown in. */
  readonly timeZone: string;
  readonly version: number;
}

export const toOrganisation = (r: OrganisationRow): Organisation => ({
  id: r.id,
  name: r.name,
  address: r.address,
  phone: r.phone,
  timeZone: r.time_zone,
  version: r.version,
});

export interface OrganisationRepository {
  /** The caller's organisation (any signed-in role: it holds no patient data). */
  get(ctx: RepoContext): Promise<Organisation>;
  /** Admins; optimistic concurrency on `version`; audited as `update` of `organisation` (detail: fields). */
  update(ctx: RepoContext, patch: OrganisationPatch): Promise<Organisation>;
}

const load = async (db: Kysely<DB>, id: string): Promise<OrganisationRow> => {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('organisation');
  return row;
};

/** Field names a patch sets (for the audit detail: which fields changed, never their values). */
export const patchedFields = (patch: object, fields: readonly string[]): string =>
  Object.entries(patch)
    .filter(([k, v]) => fields.includes(k) && v !== undefined)
    .map(([k]) => k)
    .sort()
    .join(',');

export function organisationRepository(db: Kysely<DB>): OrganisationRepository {
  return {
    get: (ctx) => inClinic(ctx, async () => toOrganisation(await load(db, ctx.actor.organisationId))),

    update: (ctx, patch) =>
      audited(
        db,
        ctx,
        {
          action: 'update',
          entity: 'organisation',
          entityId: ctx.actor.organisationId,
          detail: patchedFields(patch, ['name', 'address', 'phone', 'timeZone']),
        },
        async (trx) => {
          requirePermission(ctx, 'organisation:admin');
          const p = parseOrThrow(OrganisationPatchSchema, patch);
          const r = await trx
            .updateTable('organisations')
            .set({
              ...(p.name !== undefined ? { name: p.name } : {}),
              ...(p.address !== undefined ? { address: p.address } : {}),
              ...(p.phone !== undefined ? { phone: p.phone } : {}),
              ...(p.timeZone !== undefined ? { time_zone: p.timeZone } : {}),
              version: p.version + 1,
            })
            .where('id', '=', ctx.actor.organisationId)
            .where('version', '=', p.version)
            .executeTakeFirst();
          if (touched(r) !== 1) {
            await load(trx, ctx.actor.organisationId);
            throw staleVersion('the clinic details', p.version);
          }
          return toOrganisation(await load(trx, ctx.actor.organisationId));
        },
      ),
  };
}
