import type { Kysely } from 'kysely';
import { unauthorized } from '../errors.js';
import { appendAudit } from '../db/audit.js';
import type { Clock } from '../db/context.js';
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
  ) {}

  async login(email: string, password: string, requestId: string): Promise<LoginResult> {
    const row = await this.users.findByEmail(email);
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()));
    const success = ok && row !== undefined && row.disabled === 0;
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
    if (!success) throw unauthorized('e-mail or password is wrong');
    const s = await this.users.createSession(row.id, this.sessionTtlMs, this.clock);
    return { user: toUser(row), ...s };
  }

  logout(token: string): Promise<void> {
    return this.users.deleteSession(token);
  }
}
