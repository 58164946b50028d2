/**
 * The super-admin's API (issue 14 §1): sign-in with a session of its own (cookie `liftplan_operator`, CSRF
 * token like clinic sessions), the clinic list, new clinics with their first admin, disabling a clinic. A
 * clinic session cannot reach these routes and an operator session cannot reach a clinic's (it is no clinic
 * session): the super-admin sees no patient data.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dummyHash, verifyPassword } from '../../auth/password.js';
import { appendAudit } from '../../db/audit.js';
import type { Clock } from '../../db/context.js';
import type { ClinicRepository, OperatorContext, OperatorSessionInfo } from '../../db/repos/clinics.js';
import type { DB } from '../../db/types.js';
import { forbidden, tooManyRequests, unauthorized } from '../../errors.js';
import {
  ClinicSchema,
  IdSchema,
  LoginSchema,
  NewClinicResultSchema,
  NewClinicSchema,
  OperatorSessionSchema,
} from '../../schemas.js';
import { CSRF_HEADER, SYSTEM_PREFIX } from '../auth-routes.js';
import { noContent, replies } from '../replies.js';
import type { App } from '../types.js';
import type { Kysely } from 'kysely';

export const OPERATOR_COOKIE = 'liftplan_operator';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The super-admin's session on `/api/system/` routes; undefined elsewhere. */
    operator: OperatorSessionInfo | undefined;
  }
}

export interface SystemDeps {
  readonly db: Kysely<DB>;
  readonly clinics: ClinicRepository;
  readonly clock: Clock;
  readonly cookieSecure: boolean;
  readonly sessionTtlMs: number;
  readonly loginPerMinute: number;
}

const octxOf = (req: FastifyRequest, clock: Clock): OperatorContext => {
  const o = req.operator;
  if (!o) throw unauthorized();
  return { actor: `operator:${o.operator.id}`, requestId: req.id, clock };
};

const ById = z.object({ id: IdSchema });

export function systemRoutes(app: App, deps: SystemDeps): void {
  const tags = ['system'];
  app.decorateRequest('operator', undefined);
  // Every /api/system/ route but the sign-in needs an operator session (and its CSRF token on changes).
  app.addHook('onRequest', async (req) => {
    if (req.routeOptions.url?.startsWith(SYSTEM_PREFIX) !== true || req.routeOptions.config.public === true) {
      return;
    }
    const token = req.cookies[OPERATOR_COOKIE];
    const s = token ? await deps.clinics.operatorSession(token, deps.clock) : undefined;
    if (!s) throw unauthorized('sign in as a super-admin first');
    if (!SAFE.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken) {
      throw forbidden(
        'missing or wrong CSRF token (send the x-csrf-token header you got at sign-in)',
      ).withDetail('csrf_token');
    }
    req.operator = s;
  });

  app.post(
    '/api/system/login',
    {
      schema: {
        body: LoginSchema,
        response: replies({ 200: OperatorSessionSchema }),
        tags,
        summary: 'Super-admin sign-in; sets the operator session cookie',
      },
      config: { public: true },
      onRequest: app.rateLimit({
        max: deps.loginPerMinute,
        timeWindow: 60_000,
        errorResponseBuilder: () => tooManyRequests(),
      }),
    },
    async (req, reply) => {
      const row = await deps.clinics.operatorByEmail(req.body.email);
      const ok = await verifyPassword(req.body.password, row?.password_hash ?? (await dummyHash()));
      const success = ok && row !== undefined && row.disabled === 0;
      await deps.db.transaction().execute((trx) =>
        appendAudit(
          trx,
          {
            actor: { userId: row ? `operator:${row.id}` : 'anonymous', role: 'admin', organisationId: '' },
            requestId: req.id,
            clock: deps.clock,
          },
          {
            action: 'login',
            entity: 'operator_session',
            entityId: null,
            outcome: success ? 'success' : 'denied',
          },
        ),
      );
      if (!success) throw unauthorized('e-mail or password is wrong');
      const s = await deps.clinics.createOperatorSession(row.id, deps.sessionTtlMs, deps.clock);
      void reply.setCookie(OPERATOR_COOKIE, s.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.cookieSecure,
        path: '/api/system/',
        expires: new Date(s.expiresAt),
      });
      return {
        operator: { id: row.id, email: row.email, displayName: row.display_name },
        csrfToken: s.csrfToken,
        expiresAt: s.expiresAt,
      };
    },
  );

  app.post('/api/system/logout', { schema: { response: noContent, tags } }, async (req, reply) => {
    const token = req.cookies[OPERATOR_COOKIE];
    if (token) await deps.clinics.deleteOperatorSession(token);
    void reply.clearCookie(OPERATOR_COOKIE, { path: '/api/system/' });
    return reply.code(204).send();
  });

  app.get(
    '/api/system/me',
    { schema: { response: replies({ 200: OperatorSessionSchema }), tags } },
    (req) => {
      const s = req.operator;
      if (!s) throw unauthorized();
      return s;
    },
  );

  app.get(
    '/api/system/clinics',
    {
      schema: {
        response: replies({ 200: z.array(ClinicSchema) }),
        tags,
        summary: 'Every clinic (name, time zone, disabled, created): no patient data',
      },
    },
    (req) => deps.clinics.list(octxOf(req, deps.clock)),
  );

  app.post(
    '/api/system/clinics',
    {
      schema: {
        body: NewClinicSchema,
        response: replies({ 201: NewClinicResultSchema }),
        tags,
        summary: 'A new clinic and its first admin (who then adds the clinic’s users)',
      },
    },
    async (req, reply) => reply.code(201).send(await deps.clinics.create(octxOf(req, deps.clock), req.body)),
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/system/clinics/:id/${verb}`,
      {
        schema: {
          params: ById,
          response: replies({ 200: ClinicSchema }),
          tags,
          summary: disabled
            ? 'Disable a clinic: its users cannot sign in and their sessions end; its records are kept'
            : 'Enable a disabled clinic again',
        },
      },
      (req) => deps.clinics.setDisabled(octxOf(req, deps.clock), req.params.id, disabled),
    );
  }
}
