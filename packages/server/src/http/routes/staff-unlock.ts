/**
 * Leaving patient mode: the tablet was turned toward the patient, and only the signed-in staff member may take
 * it back. The server re-checks that user's own sign-in password (no PIN is stored); wrong answers are limited
 * like sign-in (per address and user per minute, and per user across addresses) and every attempt is audited
 * (`unlock` of `patient_mode`, success or denied).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { verifyPassword } from '../../auth/password.js';
import type { Clock } from '../../db/context.js';
import { audited } from '../../db/repo-kit.js';
import type { DB } from '../../db/types.js';
import { forbidden, tooManyRequests } from '../../errors.js';
import { LoginThrottle } from '../../services/login-throttle.js';
import { ctxOf } from '../request-context.js';
import { noContent } from '../replies.js';
import type { App } from '../types.js';

export const UnlockSchema = z.strictObject({ password: z.string().min(1).max(256) });

export function staffUnlockRoutes(app: App, db: Kysely<DB>, clock: Clock, perMinute: number): void {
  const throttle = new LoginThrottle();
  app.post(
    '/api/auth/verify-password',
    {
      schema: {
        body: UnlockSchema,
        response: noContent,
        tags: ['auth'],
        summary:
          "Re-check the signed-in user's own password (leaving patient mode); 204 when right, 403 wrong_password; limited like sign-in; audited",
      },
      config: {
        rateLimit: {
          max: perMinute,
          timeWindow: 60_000,
          keyGenerator: (req) => `unlock|${req.ip}|${req.session?.user.id ?? ''}`,
          errorResponseBuilder: () => tooManyRequests(),
        },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, clock);
      const account = ctx.actor.userId;
      const wait = throttle.retryAfterMs(account, clock.now().getTime());
      if (wait > 0) {
        throw tooManyRequests(
          `too many wrong passwords; try again in ${Math.ceil(wait / 60_000)} minutes`,
        ).withDetail('account_locked', { minutes: Math.ceil(wait / 60_000) });
      }
      await audited(db, ctx, { action: 'unlock', entity: 'patient_mode', entityId: account }, async (trx) => {
        const row = await trx
          .selectFrom('users')
          .select(['password_hash', 'disabled'])
          .where('id', '=', account)
          .executeTakeFirst();
        const ok = row !== undefined && (await verifyPassword(req.body.password, row.password_hash));
        if (!ok || row.disabled !== 0) {
          throttle.fail(account, clock.now().getTime());
          throw forbidden(
            'the password is wrong: leaving patient mode needs your own sign-in password',
          ).withDetail('wrong_password');
        }
        throttle.clear(account);
      });
      return reply.code(204).send();
    },
  );
}
