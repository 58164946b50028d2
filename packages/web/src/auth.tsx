import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken } from './api/client.js';
import { SessionSchema, type Session, type User } from '@liftplan/api';
import { z } from 'zod';

interface AuthValue {
  readonly user: User | null;
  readonly loading: boolean;
  readonly login: (email: string, password: string) => Promise<void>;
  readonly logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

async function me(): Promise<Session | null> {
  try {
    const s = await api('/api/auth/me', SessionSchema);
    setCsrfToken(s.csrfToken);
    return s;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The session: the httpOnly cookie is the server's; the CSRF token is kept in memory for unsafe requests. */
export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const qc = useQueryClient();
  const session = useQuery({ queryKey: ['me'], queryFn: me, staleTime: 60_000, retry: false });
  const login = useCallback(
    async (email: string, password: string) => {
      const s = await api('/api/auth/login', SessionSchema, { method: 'POST', body: { email, password } });
      setCsrfToken(s.csrfToken);
      qc.setQueryData(['me'], s);
    },
    [qc],
  );
  const logout = useCallback(async () => {
    try {
      await api('/api/auth/logout', z.undefined(), { method: 'POST' });
    } finally {
      setCsrfToken(undefined);
      // Drop every cached record of the signed-out user; the session query itself stays (now empty) so the
      // components watching it re-render to the sign-in page.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], null);
    }
  }, [qc]);
  const value = useMemo<AuthValue>(
    () => ({ user: session.data?.user ?? null, loading: session.isLoading, login, logout }),
    [session.data, session.isLoading, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
