/** Queries and mutations for clinic details, leaving patient mode and the follow-ups due this week. */
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { api } from './client.js';
import {
  DueThisWeekSchema,
  OrganisationSchema,
  UserSchema,
  type DueThisWeek,
  type Organisation,
} from '@liftplan/api';
import { z } from 'zod';

export const careKeys = {
  organisation: ['organisation'] as const,
  dueThisWeek: ['follow-ups', 'due-this-week'] as const,
};

export const useOrganisation = (enabled = true): UseQueryResult<Organisation> =>
  useQuery({
    queryKey: careKeys.organisation,
    queryFn: () => api('/api/organisation', OrganisationSchema),
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
    }) => api('/api/organisation', OrganisationSchema, { method: 'PATCH', body }),
    onSuccess: (o) => qc.setQueryData(careKeys.organisation, o),
  });
}

/** Admins: a user's display name or licence number (printed after the doctor's name). */
export function useUpdateUserDetails() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; licenceNumber?: string | null; displayName?: string }) =>
      api(`/api/users/${v.id}`, UserSchema, {
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
      api('/api/auth/verify-password', z.undefined(), { method: 'POST', body: { password } }),
  });
}

export const useDueThisWeek = (): UseQueryResult<DueThisWeek> =>
  useQuery({
    queryKey: careKeys.dueThisWeek,
    queryFn: () => api('/api/follow-ups/due-this-week', DueThisWeekSchema),
  });
