/** Queries and mutations for clinic details, leaving patient mode and the follow-ups due this week. */
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { api } from './client.js';
import type { DueThisWeek, Organisation } from './care-types.js';
import type { User } from './types.js';

export const careKeys = {
  organisation: ['organisation'] as const,
  dueThisWeek: ['follow-ups', 'due-this-week'] as const,
};

export const useOrganisation = (enabled = true): UseQueryResult<Organisation> =>
  useQuery({
    queryKey: careKeys.organisation,
    queryFn: () => api<Organisation>('/api/organisation'),
    enabled,
    staleTime: 5 * 60_000,
  });

/** Admins: the clinic's name, address, phone and time zone (`version` as last read). */
export function useUpdateOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      version: number;
      name?: string;
      address?: string | null;
      phone?: string | null;
      timeZone?: string;
    }) => api<Organisation>('/api/organisation', { method: 'PATCH', body }),
    onSuccess: (o) => qc.setQueryData(careKeys.organisation, o),
  });
}

/** Admins: a user's display name or licence number (printed after the doctor's name). */
export function useUpdateUserDetails() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; licenceNumber?: string | null; displayName?: string }) =>
      api<User>(`/api/users/${v.id}`, {
        method: 'PATCH',
        body: {
          version: v.version,
          ...(v.licenceNumber !== undefined ? { licenceNumber: v.licenceNumber } : {}),
          ...(v.displayName !== undefined ? { displayName: v.displayName } : {}),
        },
      }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['users'] }),
        qc.invalidateQueries({ queryKey: ['doctors'] }),
      ]),
  });
}

/** The signed-in user's own password checked again by the server (leaving patient mode). */
export function useVerifyPassword() {
  return useMutation({
    mutationFn: (password: string) =>
      api<undefined>('/api/auth/verify-password', { method: 'POST', body: { password } }),
  });
}

export const useDueThisWeek = (): UseQueryResult<DueThisWeek> =>
  useQuery({
    queryKey: careKeys.dueThisWeek,
    queryFn: () => api<DueThisWeek>('/api/follow-ups/due-this-week'),
  });
