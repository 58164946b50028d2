import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { conflict, notFound, parseOrThrow } from '../../errors.js';
import { hashPassword } from '../../auth/password.js';
import {
  NewClinicSchema,
  NewOperatorSchema,
  type Clinic,
  type NewClinic,
  type NewOperator,
  type Operator,
} from '../../schemas.js';
import type { Clock, RepoContext } from '../context.js';
import { audited, newId, touched } from '../repo-kit.js';
import { ownerOf } from '../tenancy.js';
import type { DB, OperatorRow, OrganisationRow, UserRow } from '../types.js';
import { toUser, type User } from './users.js';

/**
 * Who acts for the whole system: a super-admin (`operator:<id>`) or the command line (`system:cli`). Holding
 * one is the permission: it comes only from an operator session or the CLI. It names no clinic, so no clinic
 * repository accepts it, and nothing here returns patient data.
 */
export interface OperatorContext {
  readonly actor: string;
  readonly requestId: string;
  readonly clock: Clock;
}

export interface OperatorSessionInfo {
  readonly operator: Operator;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export const toClinic = (r: OrganisationRow): Clinic => ({
  id: r.id,
  name: r.name,
  timeZone: r.time_zone,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

const toOperator = (r: OperatorRow): Operator => ({ id: r.id, email: r.email, displayName: r.display_name });

const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Session token and CSRF token sizes (random bytes), as for clinic sessions. */
const TOKEN_BYTES = 32;
const CSRF_BYTES = 24;

export interface ClinicRepository {
  /** Every clinic (owner-side: the one read across clinics; names and state only). */
  list(octx: OperatorContext): Promise<Clinic[]>;
  /** A clinic and its first admin, in one transaction in the new clinic's scope; audited in that clinic. */
  create(octx: OperatorContext, input: NewClinic): Promise<{ clinic: Clinic; admin: User }>;
  /** Disables (every session of its users ends; sign-in refused) or enables a clinic; its records stay. */
  setDisabled(octx: OperatorContext, id: string, disabled: boolean): Promise<Clinic>;
  /** A super-admin account (CLI). */
  createOperator(input: NewOperator, clock: Clock): Promise<Operator>;
  /** For the super-admin's sign-in only: the row with its password hash. */
  operatorByEmail(email: string): Promise<OperatorRow | undefined>;
  createOperatorSession(
    operatorId: string,
    ttlMs: number,
    clock: Clock,
  ): Promise<{ token: string; csrfToken: string; expiresAt: string }>;
  operatorSession(token: string, clock: Clock): Promise<OperatorSessionInfo | undefined>;
  deleteOperatorSession(token: string): Promise<void>;
}

/**
 * The audit context of an operator's act on one clinic: the event is the clinic's (its chain, its log), the
 * actor the operator. The role is only there because every repository context has one; no clinic
 * repository is called with it.
 */
const clinicAuditContext = (octx: OperatorContext, clinicId: string): RepoContext => ({
  actor: { userId: octx.actor, role: 'admin', organisationId: clinicId },
  requestId: octx.requestId,
  clock: octx.clock,
});

/**
 * `db` is the app handle: creating and disabling a clinic run under its policies in that clinic's scope
 * (no bypass); the list and the operator accounts use the owner side (`ownerOf`).
 */
export function clinicRepository(db: Kysely<DB>): ClinicRepository {
  const owner = ownerOf(db);
  const loadClinic = async (trx: Kysely<DB>, id: string): Promise<OrganisationRow> => {
    const row = await trx.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('clinic');
    return row;
  };
  return {
    list: async () => {
      const rows = await owner
        .selectFrom('organisations')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toClinic);
    },

    create: async (octx, input) => {
      const c = parseOrThrow(NewClinicSchema, input);
      const email = c.admin.email.toLowerCase();
      // Sign-in e-mails are unique across clinics; said plainly here rather than as a bare constraint error.
      const taken = await owner
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirst();
      if (taken) {
        throw conflict('a user with this e-mail exists already', [{ path: 'admin.email', message: 'taken' }]);
      }
      const id = newId();
      const ctx = clinicAuditContext(octx, id);
      const now = octx.clock.now().toISOString();
      const passwordHash = await hashPassword(c.admin.password);
      return audited(db, ctx, { action: 'create', entity: 'organisation', entityId: id }, async (trx) => {
        const org: OrganisationRow = {
          id,
          name: c.name,
          created_at: now,
          address: null,
          phone: null,
          version: 1,
          time_zone: c.timeZone,
          disabled: 0,
        };
        await trx.insertInto('organisations').values(org).execute();
        const admin: UserRow = {
          id: newId(),
          organisation_id: id,
          email,
          display_name: c.admin.displayName,
          role: 'admin',
          password_hash: passwordHash,
          disabled: 0,
          created_at: now,
          version: 1,
          licence_number: null,
        };
        await trx.insertInto('users').values(admin).execute();
        return { clinic: toClinic(org), admin: toUser(admin) };
      });
    },

    setDisabled: (octx, id, disabled) =>
      audited(
        db,
        clinicAuditContext(octx, id),
        { action: 'update', entity: 'organisation', entityId: id, detail: disabled ? 'disabled' : 'enabled' },
        async (trx) => {
          // In the clinic's own scope: an id of no clinic finds no row (404), whatever it names.
          const current = await loadClinic(trx, id);
          const r = await trx
            .updateTable('organisations')
            .set({ disabled: disabled ? 1 : 0, version: current.version + 1 })
            .where('id', '=', id)
            .executeTakeFirst();
          if (touched(r) !== 1) throw notFound('clinic');
          if (disabled) await trx.deleteFrom('sessions').where('organisation_id', '=', id).execute();
          return toClinic(await loadClinic(trx, id));
        },
      ),

    createOperator: async (input, clock) => {
      const o = parseOrThrow(NewOperatorSchema, input);
      const row: OperatorRow = {
        id: newId(),
        email: o.email.toLowerCase(),
        display_name: o.displayName,
        password_hash: await hashPassword(o.password),
        disabled: 0,
        created_at: clock.now().toISOString(),
        version: 1,
      };
      const exists = await owner
        .selectFrom('operators')
        .select('id')
        .where('email', '=', row.email)
        .executeTakeFirst();
      if (exists) {
        throw conflict('a super-admin with this e-mail exists already', [
          { path: 'email', message: 'taken' },
        ]);
      }
      await owner.insertInto('operators').values(row).execute();
      return toOperator(row);
    },

    operatorByEmail: (email) =>
      owner
        .selectFrom('operators')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst(),

    createOperatorSession: async (operatorId, ttlMs, clock) => {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const csrfToken = randomBytes(CSRF_BYTES).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      await owner
        .insertInto('operator_sessions')
        .values({
          id: tokenId(token),
          operator_id: operatorId,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt,
        })
        .execute();
      return { token, csrfToken, expiresAt };
    },

    operatorSession: async (token, clock) => {
      const r = await owner
        .selectFrom('operator_sessions')
        .innerJoin('operators', 'operators.id', 'operator_sessions.operator_id')
        .selectAll('operators')
        .select(['operator_sessions.csrf_token', 'operator_sessions.expires_at'])
        .where('operator_sessions.id', '=', tokenId(token))
        .executeTakeFirst();
      if (!r || r.expires_at <= clock.now().toISOString() || r.disabled === 1) return undefined;
      return { operator: toOperator(r), csrfToken: r.csrf_token, expiresAt: r.expires_at };
    },

    deleteOperatorSession: async (token) => {
      await owner.deleteFrom('operator_sessions').where('id', '=', tokenId(token)).execute();
    },
  };
}
