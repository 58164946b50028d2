import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../errors.js';
import { systemClock, type Clock, type RepoContext } from '../db/context.js';
import type { SessionInfo } from '../db/repos/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's session, set by the auth hook; undefined on public routes. */
    session: SessionInfo | undefined;
  }
}

/** The repository context of a request: who (from the session), the request id, the clock. */
export function ctxOf(req: FastifyRequest, clock: Clock = systemClock): RepoContext {
  const s = req.session;
  if (!s) throw unauthorized();
  return {
    actor: { userId: s.user.id, role: s.user.role, organisationId: s.user.organisationId },
    requestId: req.id,
    clock,
  };
}
