import type { Kysely } from 'kysely';
import { tooManyRequests, unauthorized } from '../errors.js';
import { LoginThrottle } from './login-throttle.js';
import { appendAudit } from '../db/audit.js';
import { inClinic } from '../db/repo-kit.js';
import type { Clock, RepoContext } from '../db/context.js';
import type { UserRepository } from '../db/repos/users.js';
import { toUser, type User } from '../db/repos/users.js';
import type { DB } from '../db/types.js';
import { dummyHash, verifyPassword } from '../auth/password.js';

export interface LoginResult {
  readonly user: User;
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

/** Sign-in: one answer for unknown e-mail and wrong password (same message, same time); both audited. */
export class AuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
    private readonly throttle = new LoginThrottle(),
  ) {}

  async login(email: string, password: string, requestId: string): Promise<LoginResult> {
    const account = email.trim().toLowerCase();
    const nowMs = this.clock.now().getTime();
    const wait = this.throttle.retryAfterMs(account, nowMs);
    if (wait > 0) {
      // Checked before the password, so guessing cannot go on; the message does not say whether it exists.
      throw tooManyRequests(
        `too many wrong passwords for this account; try again in ${Math.ceil(wait / 60_000)} minutes, or ask your clinic admin to set a new password`,
      ).withDetail('account_locked', { minutes: Math.ceil(wait / 60_000) });
    }
    const row = await this.users.findByEmail(email);
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
    // A clinic disabled by a super-admin signs nobody in; the answer is the same as for a wrong password.
    const success =
      ok &&
      row !== undefined &&
      row.disabled === 0 &&
      !(await this.users.clinicDisabled(row.organisation_id));
    await this.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        {
          actor: {
            userId: row?.id ?? 'anonymous',
            role: row?.role ?? 'coordinator',
            organisationId: row?.organisation_id ?? '',
          },
          requestId,
          clock: this.clock,
        },
        { action: 'login', entity: 'session', entityId: null, outcome: success ? 'success' : 'denied' },
      ),
    );
    if (!success) {
      this.throttle.fail(account, nowMs);
      throw unauthorized('e-mail or password is wrong');
    }
    this.throttle.clear(account);
    const s = await this.users.createSession(row.id, this.sessionTtlMs, this.clock);
    return { user: toUser(row), ...s };
  }

  /** A signed-in user's own new password, after checking the current one; their other sessions end. */
  async changeOwnPassword(
    ctx: RepoContext,
    token: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<User> {
    const row = await inClinic(ctx, () =>
      this.db
        .selectFrom('users')
        .select(['id', 'password_hash'])
        .where('id', '=', ctx.actor.userId)
        .where('organisation_id', '=', ctx.actor.organisationId)
        .executeTakeFirst(),
    );
    if (!row || !(await verifyPassword(currentPassword, row.password_hash))) {
      throw unauthorized('the current password is wrong').withDetail('wrong_password');
    }
    return this.users.setPassword(ctx, row.id, newPassword, token);
  }

  logout(token: string): Promise<void> {
    return this.users.deleteSession(token);
  }
}
