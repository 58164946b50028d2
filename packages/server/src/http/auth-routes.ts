import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized, tooManyRequests } from '../errors.js';
import type { Clock } from '../db/context.js';
import type { UserRepository } from '../db/repos/users.js';
import { LoginSchema } from '../schemas.js';
import type { AuthService } from '../services/auth.js';
import type { App } from './types.js';

export const SESSION_COOKIE = 'liftplan_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

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
    // The OpenAPI document and its UI are public: they describe the API, they hold no data.
    if (req.url === '/api/docs' || req.url.startsWith('/api/docs/')) return;
    const token = req.cookies[SESSION_COOKIE];
    const s = token ? await deps.users.session(token, deps.clock) : undefined;
    if (!s) throw unauthorized();
    if (!SAFE.has(req.method) && req.headers[CSRF_HEADER] !== s.csrfToken) {
      throw forbidden('missing or wrong CSRF token (send the x-csrf-token header you got at sign-in)');
    }
    req.session = s;
  });

  app.post(
    '/api/auth/login',
    {
      schema: { body: LoginSchema, tags: ['auth'], summary: 'Sign in; sets the session cookie' },
      config: {
        public: true,
        rateLimit: {
          max: deps.loginPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: () => tooManyRequests(),
        },
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

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await deps.auth.logout(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'] } }, (req) => {
    const s = req.session;
    if (!s) throw unauthorized();
    return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
  });
}
