import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized, tooManyRequests } from '../errors.js';
import type { Clock } from '../db/context.js';
import type { UserRepository } from '../db/repos/users.js';
import { ChangeOwnPasswordSchema, LoginSchema, SessionSchema, UserResultSchema } from '../schemas.js';
import { noContent, replies } from './replies.js';
import { ctxOf } from './request-context.js';
import type { AuthService } from '../services/auth.js';
import type { App } from './types.js';

export const SESSION_COOKIE = 'liftplan_session';
export const CSRF_HEADER = 'x-csrf-token';
/** The super-admin's routes (routes/system.ts): their own sessions, never a clinic session. */
export const SYSTEM_PREFIX = '/api/system/';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The per-address limit is this many times the per-address-and-account one. */
export const LOGIN_IP_FACTOR = 10;

const loginEmail = (body: unknown): string =>
  typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string'
    ? body.email.trim().toLowerCase()
    : '';

export interface AuthDeps {
  readonly users: UserRepository;
  readonly auth: AuthService;
  readonly clock: Clock;
  readonly cookieSecure: boolean;
  readonly loginPerMinute: number;
}

/**
 * Every route needs a session unless marked public; unsafe methods also need the session's CSRF token in
 * the `x-csrf-token` header (a synchronizer token: it lives in the session row and is handed out at login).
 * Both checks run on `onRequest`, before a body (e.g. an upload) is read.
 */
export function registerAuth(app: App, deps: AuthDeps): void {
  app.decorateRequest('session', undefined);

  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (req.routeOptions.config.public === true || !req.url.startsWith('/api/')) return;
    // By the matched route, not the raw URL: the operator hook (routes/system.ts) guards those.
    if (req.routeOptions.url?.startsWith(SYSTEM_PREFIX) === true) return;
    // The OpenAPI document and its UI are public: they describe the API, they hold no data.
    if (req.url === '/api/docs' || req.url.startsWith('/api/docs/')) return;
    const token = req.cookies[SESSION_COOKIE];
    const s = token ? await deps.users.session(token, deps.clock) : undefined;
    if (!s) throw unauthorized();
    if (!SAFE.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken) {
      throw forbidden(
        'missing or wrong CSRF token (send the x-csrf-token header you got at sign-in)',
      ).withDetail('csrf_token');
    }
    req.session = s;
  });

  // The plugin runs one limit per request; the second is checked by hand (`createRateLimit`), after the body.
  const perAccountAndAddress = app.createRateLimit({
    max: deps.loginPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => `login|${req.ip}|${loginEmail(req.body)}`,
  });
  app.post(
    '/api/auth/login',
    {
      schema: {
        body: LoginSchema,
        response: replies({ 200: SessionSchema }),
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
      },
      config: { public: true },
      // Two limits: per address and account (typos on one account do not lock out everyone behind the same
      // clinic router), and a wider one per address alone (no sweeping through accounts). The per-account
      // limit across addresses lives in the AuthService.
      onRequest: app.rateLimit({
        max: deps.loginPerMinute * LOGIN_IP_FACTOR,
        timeWindow: 60_000,
        errorResponseBuilder: () => tooManyRequests(),
      }),
      preHandler: async (req) => {
        const r = await perAccountAndAddress(req);
        if (!r.isAllowed && r.isExceeded) throw tooManyRequests();
      },
    },
    async (req, reply) => {
      const r = await deps.auth.login(req.body.email, req.body.password, req.id);
      void reply.setCookie(SESSION_COOKIE, r.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.cookieSecure,
        path: '/',
        expires: new Date(r.expiresAt),
      });
      return { user: r.user, csrfToken: r.csrfToken, expiresAt: r.expiresAt };
    },
  );

  app.put(
    '/api/auth/password',
    {
      schema: {
        body: ChangeOwnPasswordSchema,
        response: replies({ 200: UserResultSchema }),
        tags: ['auth'],
        summary: 'Change your own password (the current one is asked again); your other sessions end',
      },
    },
    async (req) => {
      const token = req.cookies[SESSION_COOKIE] ?? '';
      const user = await deps.auth.changeOwnPassword(
        ctxOf(req, deps.clock),
        token,
        req.body.currentPassword,
        req.body.newPassword,
      );
      return { user };
    },
  );

  app.post('/api/auth/logout', { schema: { response: noContent, tags: ['auth'] } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deps.auth.logout(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(
    '/api/auth/me',
    { schema: { response: replies({ 200: SessionSchema }), tags: ['auth'] } },
    (req) => {
      const s = req.session;
      if (!s) throw unauthorized();
      return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
    },
  );
}
