import { DEFAULT_TIME_ZONE } from '../../time-zone.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { conflict, notFound, parseOrThrow, staleVersion } from '../../errors.js';
import { hashPassword } from '../../auth/password.js';
import { NewUserSchema, UserPatchSchema, type NewUser, type UserPatch } from '../../schemas.js';
import { nowIso, type Clock, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, inClinic, newId, touched } from '../repo-kit.js';
import { ownerOf } from '../tenancy.js';
import { patchedFields } from './organisations.js';
import type { DB, Role, UserRow } from '../types.js';

export interface User {
  readonly id: string;
  readonly organisationId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
  /** Printed after a doctor's name on patient documents; null when not recorded. */
  readonly licenceNumber: string | null;
  readonly version: number;
}

export const toUser = (r: UserRow): User => ({
  id: r.id,
  organisationId: r.organisation_id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled === 1,
  licenceNumber: r.licence_number,
  version: r.version,
});

export interface SessionInfo {
  readonly user: User;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface UserRepository {
  /** Owner-side (CLI, demo, import): a new clinic without users. */
  createOrganisation(name: string, clock: Clock): Promise<{ id: string; name: string }>;
  /** Owner-side: the oldest clinic (the single-clinic CLI commands act on it). */
  firstOrganisation(): Promise<{ id: string; name: string } | undefined>;
  /** Owner-side: users of every clinic (the CLI's first user must be an admin). */
  countUsers(): Promise<number>;
  /** Owner-side: whether a super-admin disabled the clinic (its users cannot sign in). */
  clinicDisabled(organisationId: string): Promise<boolean>;
  create(ctx: RepoContext, input: NewUser): Promise<User>;
  list(ctx: RepoContext): Promise<User[]>;
  /** Admins: display name and licence number of a user of their clinic; optimistic concurrency on `version`. */
  update(ctx: RepoContext, id: string, patch: UserPatch): Promise<User>;
  /** For login and the CLI only (owner-side, across clinics): the row with its password hash. */
  findByEmail(email: string): Promise<UserRow | undefined>;
  createSession(
    userId: string,
    ttlMs: number,
    clock: Clock,
  ): Promise<{ token: string; csrfToken: string; expiresAt: string }>;
  /** The live session of a token, or undefined when unknown, expired, or of a disabled user or clinic. */
  session(token: string, clock: Clock): Promise<SessionInfo | undefined>;
  deleteSession(token: string): Promise<void>;
  /**
   * Admins: disable (sign-in refused, every session ended) or enable a user of their clinic. An admin cannot
   * disable their own account nor the clinic's last enabled admin (nobody could administer it any more).
   */
  setDisabled(ctx: RepoContext, id: string, change: { version: number; disabled: boolean }): Promise<User>;
  /**
   * A new password for a user of the clinic (an admin) or for oneself; every session of that user ends
   * except `keepToken` (the caller's own, when changing their own password).
   */
  setPassword(ctx: RepoContext, id: string, password: string, keepToken?: string): Promise<User>;
  /** Admins: ends every session of a user (a lost tablet, a shared password); returns how many. */
  revokeSessions(ctx: RepoContext, id: string): Promise<number>;
}

export function userRepository(db: Kysely<DB>): UserRepository {
  // Sign-in, session lookups and the CLI's clinic bootstrap cross clinics before any clinic is known: they
  // are the owner-side paths (db/tenancy.ts). Everything else runs in the actor's clinic.
  const owner = ownerOf(db);
  return {
    createOrganisation: async (name, clock) => {
      const id = newId();
      await owner
        .insertInto('organisations')
        .values({
          id,
          name,
          created_at: clock.now().toISOString(),
          address: null,
          phone: null,
          version: 1,
          time_zone: DEFAULT_TIME_ZONE,
          disabled: 0,
        })
        .execute();
      return { id, name };
    },

    firstOrganisation: () =>
      owner
        .selectFrom('organisations')
        .select(['id', 'name'])
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst(),

    countUsers: async () => {
      const r = await owner
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    clinicDisabled: async (organisationId) => {
      const r = await owner
        .selectFrom('organisations')
        .select('disabled')
        .where('id', '=', organisationId)
        .executeTakeFirst();
      return r === undefined || r.disabled === 1;
    },

    create: (ctx, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'user', entityId: id }, async (trx) => {
        requirePermission(ctx, 'users:admin');
        const u = parseOrThrow(NewUserSchema, input);
        const email = u.email.toLowerCase();
        // Sign-in e-mails are unique across clinics (the constraint says so anyway): checked on the owner side
        // so the answer is the same on both databases (SQLite: one handle, so inside this transaction).
        const exists = await (owner === db ? trx : owner)
          .selectFrom('users')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirst();
        if (exists) {
          throw conflict('a user with this e-mail exists already', [{ path: 'email', message: 'taken' }]);
        }
        const row: UserRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          email,
          display_name: u.displayName,
          role: u.role,
          password_hash: await hashPassword(u.password),
          disabled: 0,
          created_at: nowIso(ctx),
          version: 1,
          licence_number: null,
        };
        await trx.insertInto('users').values(row).execute();
        return toUser(row);
      });
    },

    list: (ctx) =>
      inClinic(ctx, async () => {
        requirePermission(ctx, 'users:admin');
        const rows = await db
          .selectFrom('users')
          .selectAll()
          .where('organisation_id', '=', ctx.actor.organisationId)
          .orderBy('email')
          .execute();
        return rows.map(toUser);
      }),

    update: (ctx, id, patch) =>
      audited(
        db,
        ctx,
        {
          action: 'update',
          entity: 'user',
          entityId: id,
          detail: patchedFields(patch, ['displayName', 'licenceNumber']),
        },
        async (trx) => {
          requirePermission(ctx, 'users:admin');
          const p = parseOrThrow(UserPatchSchema, patch);
          const current = await trx
            .selectFrom('users')
            .select('id')
            .where('id', '=', id)
            .where('organisation_id', '=', ctx.actor.organisationId)
            .executeTakeFirst();
          if (!current) throw notFound('user');
          const r = await trx
            .updateTable('users')
            .set({
              ...(p.displayName !== undefined ? { display_name: p.displayName } : {}),
              ...(p.licenceNumber !== undefined ? { licence_number: p.licenceNumber } : {}),
              version: p.version + 1,
            })
            .where('id', '=', id)
            .where('version', '=', p.version)
            .executeTakeFirst();
          if (touched(r) !== 1) throw staleVersion('the user', p.version);
          return toUser(
            await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
          );
        },
      ),

    findByEmail: (email) =>
      owner.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst(),

    createSession: async (userId, ttlMs, clock) => {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      const user = await owner
        .selectFrom('users')
        .select('organisation_id')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw notFound('user');
      await owner
        .insertInto('sessions')
        .values({
          id: tokenId(token),
          organisation_id: user.organisation_id,
          user_id: userId,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
      return { token, csrfToken, expiresAt };
    },

    session: async (token, clock) => {
      const r = await owner
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
        .selectAll('users')
        .select(['sessions.csrf_token', 'sessions.expires_at'])
        .where('sessions.id', '=', tokenId(token))
        .where('organisations.disabled', '=', 0)
        .executeTakeFirst();
      if (!r || r.expires_at <= clock.now().toISOString() || r.disabled === 1) return undefined;
      return { user: toUser(r), csrfToken: r.csrf_token, expiresAt: r.expires_at };
    },

    deleteSession: async (token) => {
      await owner.deleteFrom('sessions').where('id', '=', tokenId(token)).execute();
    },

    setDisabled: (ctx, id, change) =>
      audited(
        db,
        ctx,
        { action: 'update', entity: 'user', entityId: id, detail: change.disabled ? 'disabled' : 'enabled' },
        async (trx) => {
          requirePermission(ctx, 'users:admin');
          const current = await clinicUser(trx, ctx, id);
          if (change.disabled) {
            if (id === ctx.actor.userId) throw conflict('you cannot disable your own account');
            if (current.role === 'admin' && current.disabled === 0) {
              const admins = await trx
                .selectFrom('users')
                .select((eb) => eb.fn.countAll<number | string>().as('n'))
                .where('organisation_id', '=', ctx.actor.organisationId)
                .where('role', '=', 'admin')
                .where('disabled', '=', 0)
                .executeTakeFirstOrThrow();
              if (Number(admins.n) <= 1) {
                throw conflict("this is the clinic's last enabled admin; add or enable another admin first");
              }
            }
          }
          const r = await trx
            .updateTable('users')
            .set({ disabled: change.disabled ? 1 : 0, version: change.version + 1 })
            .where('id', '=', id)
            .where('version', '=', change.version)
            .executeTakeFirst();
          if (touched(r) !== 1) throw staleVersion('the user', change.version);
          if (change.disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
          return toUser(await clinicUser(trx, ctx, id));
        },
      ),

    setPassword: (ctx, id, password, keepToken) =>
      audited(
        db,
        ctx,
        { action: 'update', entity: 'user', entityId: id, detail: 'password' },
        async (trx) => {
          if (id !== ctx.actor.userId) requirePermission(ctx, 'users:admin');
          const pw = parseOrThrow(NewUserSchema.shape.password, password, ['password']);
          const current = await clinicUser(trx, ctx, id);
          await trx
            .updateTable('users')
            .set({ password_hash: await hashPassword(pw), version: current.version + 1 })
            .where('id', '=', id)
            .execute();
          let ended = trx.deleteFrom('sessions').where('user_id', '=', id);
          if (keepToken !== undefined) ended = ended.where('id', '!=', tokenId(keepToken));
          await ended.execute();
          return toUser(await clinicUser(trx, ctx, id));
        },
      ),

    revokeSessions: (ctx, id) =>
      audited(db, ctx, { action: 'delete', entity: 'session', entityId: id }, async (trx) => {
        requirePermission(ctx, 'users:admin');
        await clinicUser(trx, ctx, id);
        const r = await trx.deleteFrom('sessions').where('user_id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows);
      }),
  };
}

/** A user row of the caller's clinic, or 404. */
async function clinicUser(trx: Kysely<DB>, ctx: RepoContext, id: string): Promise<UserRow> {
  const row = await trx
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!row) throw notFound('user');
  return row;
}
