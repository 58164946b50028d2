import type { Clock } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import type { SessionInfo, UserRepository } from '../db/repos/users.js';
import type { SessionFreshness } from './session-freshness.js';

/** A cached session is looked up again at least this often, whatever else happens. */
export const SESSION_CACHE_MAX_AGE_MS = 30_000;
/** Past this many cached sessions the cache starts over (a bound on memory, not a tuning knob). */
export const SESSION_CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  readonly info: SessionInfo;
  readonly generation: number;
  readonly cachedAt: number;
}

export interface SessionCacheStats {
  readonly hits: number;
  readonly misses: number;
}

/**
 * The users repository with sessions cached in memory: every request needed its session row, a query per
 * request that changes only at sign-in, sign-out, disable, new password and revoke. Those go through this
 * wrapper and drop the cache at once; changes by other processes show through `freshness` (SQLite's
 * data_version, PostgreSQL notifications), and an entry is never older than SESSION_CACHE_MAX_AGE_MS.
 * Expiry is checked on every hit.
 */
export function cachedSessions(
  users: UserRepository,
  freshness: SessionFreshness,
): UserRepository & { stats(): SessionCacheStats; dropAll<T>(change: Promise<T>): Promise<T> } {
  const cache = new Map<string, Entry>();
  let hits = 0;
  let misses = 0;
  const dropAll = <T>(p: Promise<T>): Promise<T> => {
    cache.clear();
    // Also after: a lookup that started before the change must not put the old row back.
    return p.finally(() => {
      cache.clear();
    });
  };

  const session = async (token: string, clock: Clock): Promise<SessionInfo | undefined> => {
    const generation = freshness.generation();
    const now = clock.now();
    const hit = cache.get(token);
    if (
      hit !== undefined &&
      generation !== undefined &&
      hit.generation === generation &&
      now.getTime() - hit.cachedAt < SESSION_CACHE_MAX_AGE_MS &&
      hit.info.expiresAt > now.toISOString()
    ) {
      hits++;
      return hit.info;
    }
    misses++;
    cache.delete(token);
    const info = await users.session(token, clock);
    // Stored under the generation seen before the lookup: a change meanwhile makes it stale at once.
    if (info !== undefined && generation !== undefined && generation === freshness.generation()) {
      if (cache.size >= SESSION_CACHE_MAX_ENTRIES) cache.clear();
      cache.set(token, { info, generation, cachedAt: now.getTime() });
    }
    return info;
  };

  return {
    ...users,
    session,
    update: (ctx, id, patch) => dropAll(users.update(ctx, id, patch)),
    deleteSession: (token) => dropAll(users.deleteSession(token)),
    setDisabled: (ctx, id, change) => dropAll(users.setDisabled(ctx, id, change)),
    setPassword: (ctx, id, password, keepToken) => dropAll(users.setPassword(ctx, id, password, keepToken)),
    revokeSessions: (ctx, id) => dropAll(users.revokeSessions(ctx, id)),
    stats: () => ({ hits, misses }),
    dropAll,
  };
}

/**
 * The repositories with sessions cached: the users repository wrapped, and every other write that ends
 * sessions (a clinic disabled) drops the cache too. A new path that deletes sessions belongs here.
 */
export function withSessionCache(repos: Repositories, freshness: SessionFreshness): Repositories {
  const users = cachedSessions(repos.users, freshness);
  return {
    ...repos,
    users,
    clinics: {
      ...repos.clinics,
      setDisabled: (octx, id, disabled) => users.dropAll(repos.clinics.setDisabled(octx, id, disabled)),
    },
  };
}
