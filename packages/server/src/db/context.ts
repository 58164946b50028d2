import type { Role } from './types.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Who is acting. `userId` is a user id or `system:<name>` for the server's own work (jobs, CLI). */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  readonly organisationId: string;
}

/** Passed explicitly to every repository call: the audit trail and access checks come from it. */
export interface RepoContext {
  readonly actor: Actor;
  readonly requestId: string;
  readonly clock: Clock;
}

export const nowIso = (ctx: RepoContext): string => ctx.clock.now().toISOString();
/** Today's date (UTC) as YYYY-MM-DD. */
export const todayIso = (ctx: RepoContext): string => nowIso(ctx).slice(0, 10);

export function systemContext(
  organisationId: string,
  name: string,
  requestId: string,
  clock: Clock = systemClock,
): RepoContext {
  return { actor: { userId: `system:${name}`, role: 'admin', organisationId }, requestId, clock };
}
