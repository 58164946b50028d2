import type { View } from '@liftplan/domain';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { api } from './client.js';
import { fetchChecklist, savePlan, signPlan, type PlanScreenState } from '../lib/plan-draft.js';
import { z } from 'zod';
import {
  AssessmentRecordSchema,
  AuditEventSchema,
  ConsentPreviewSchema,
  ConsentSchema,
  ConsentStatusSchema,
  DoctorSchema,
  FollowUpSchema,
  LandmarkVersionSchema,
  LotSchema,
  PatientSchema,
  PatientVersionSchema,
  PhotoAnalysisSchema,
  PhotoSchema,
  PlanSchema,
  ProcedureSchema,
  ProductSchema,
  RevokedSessionsSchema,
  UploadResultSchema,
  UserSchema,
  VisitSchema,
  type Analysis,
  type AssessmentRecord,
  type AuditEvent,
  type ConsentPreview,
  type ConsentStatus,
  type Doctor,
  type FollowUp,
  type Job,
  type LandmarkCorrection,
  type LandmarkVersion,
  type Lot,
  type AssessmentCorrection,
  type NewAssessment,
  type NewConsent,
  type NewFollowUp,
  type NewLot,
  type NewPatient,
  type NewProcedure,
  type NewProduct,
  type NewUser,
  type NewVisit,
  type Patient,
  type PatientPatch,
  type PatientVersion,
  type Photo,
  type PhotoAnalysis,
  type Plan,
  type Procedure,
  type Product,
  type Acknowledgement,
  type User,
  type Visit,
} from '@liftplan/api';

export const keys = {
  patients: ['patients'] as const,
  patient: (id: string) => ['patient', id] as const,
  visits: (id: string) => ['patient', id, 'visits'] as const,
  photos: (id: string) => ['patient', id, 'photos'] as const,
  assessments: (id: string) => ['patient', id, 'assessments'] as const,
  plans: (id: string) => ['patient', id, 'plans'] as const,
  followUps: (id: string) => ['patient', id, 'follow-ups'] as const,
  analysis: (id: string) => ['analysis', id] as const,
  job: (id: string) => ['job', id] as const,
  products: ['products'] as const,
  lots: (productId: string) => ['lots', productId] as const,
  users: ['users'] as const,
  procedure: (id: string) => ['procedure', id] as const,
  procedures: (id: string) => ['patient', id, 'procedures'] as const,
  photoAnalysis: (photoId: string) => ['photo-analysis', photoId] as const,
  audit: (before: number | null) => ['audit', before] as const,
  patientVersions: (id: string) => ['patient', id, 'versions'] as const,
  consentStatus: (planVersionId: string) => ['consent-status', planVersionId] as const,
  consentForm: (planVersionId: string, lang: string, performers: string) =>
    ['consent-form', planVersionId, lang, performers] as const,
  doctors: ['doctors'] as const,
};

export const usePatientVersions = (id: string): UseQueryResult<PatientVersion[]> =>
  useQuery({
    queryKey: keys.patientVersions(id),
    queryFn: () => api(`/api/patients/${id}/versions`, z.array(PatientVersionSchema)),
  });

export const useDoctors = (): UseQueryResult<Doctor[]> =>
  useQuery({ queryKey: keys.doctors, queryFn: () => api('/api/doctors', z.array(DoctorSchema)) });

export const useConsentStatus = (planVersionId: string | undefined): UseQueryResult<ConsentStatus> =>
  useQuery({
    queryKey: keys.consentStatus(planVersionId ?? ''),
    queryFn: () => api(`/api/plan-versions/${planVersionId ?? ''}/consent`, ConsentStatusSchema),
    enabled: planVersionId !== undefined,
  });

/** The form filled by the server for the performing doctors chosen (none until chosen). */
export const useConsentForm = (
  planVersionId: string | undefined,
  lang: 'ko' | 'en',
  performers: readonly string[],
): UseQueryResult<ConsentPreview> =>
  useQuery({
    queryKey: keys.consentForm(planVersionId ?? '', lang, performers.join(',')),
    queryFn: () =>
      api(
        `/api/plan-versions/${planVersionId ?? ''}/consent-form?lang=${lang}&performers=${performers.join(',')}`,
        ConsentPreviewSchema,
      ),
    enabled: planVersionId !== undefined,
  });

/** What the consent screen sends (the request schema's input in @liftplan/api). */
export type NewConsentBody = NewConsent;

export function useSignConsent(planVersionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewConsentBody) =>
      api(`/api/plan-versions/${planVersionId}/consents`, ConsentSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.consentStatus(planVersionId) }),
  });
}

export const usePatients = (): UseQueryResult<Patient[]> =>
  useQuery({
    queryKey: keys.patients,
    queryFn: () => api('/api/patients?limit=200', z.array(PatientSchema)),
  });

export const usePatient = (id: string): UseQueryResult<Patient> =>
  useQuery({ queryKey: keys.patient(id), queryFn: () => api(`/api/patients/${id}`, PatientSchema) });

export const useVisits = (id: string): UseQueryResult<Visit[]> =>
  useQuery({
    queryKey: keys.visits(id),
    queryFn: () => api(`/api/patients/${id}/visits`, z.array(VisitSchema)),
  });

/** The patient's photos with their analysis link; refreshed while an analysis is queued or running. */
export const usePhotos = (id: string): UseQueryResult<Photo[]> =>
  useQuery({
    queryKey: keys.photos(id),
    queryFn: () => api(`/api/patients/${id}/photos`, z.array(PhotoSchema)),
    refetchInterval: (q) =>
      (q.state.data ?? []).some((p) => p.jobStatus === 'queued' || p.jobStatus === 'running') ? 1500 : false,
  });

export const useAssessments = (id: string): UseQueryResult<AssessmentRecord[]> =>
  useQuery({
    queryKey: keys.assessments(id),
    queryFn: () => api(`/api/patients/${id}/assessments`, z.array(AssessmentRecordSchema)),
  });

export const usePlans = (id: string): UseQueryResult<Plan[]> =>
  useQuery({
    queryKey: keys.plans(id),
    queryFn: () => api(`/api/patients/${id}/plans`, z.array(PlanSchema)),
  });

export const useFollowUps = (id: string): UseQueryResult<FollowUp[]> =>
  useQuery({
    queryKey: keys.followUps(id),
    queryFn: () => api(`/api/patients/${id}/follow-ups`, z.array(FollowUpSchema)),
  });

export const useProcedure = (id: string | null): UseQueryResult<Procedure> =>
  useQuery({
    queryKey: keys.procedure(id ?? ''),
    queryFn: () => api(`/api/procedures/${id ?? ''}`, ProcedureSchema),
    enabled: id !== null,
  });

export const useProducts = (enabled = true): UseQueryResult<Product[]> =>
  useQuery({ queryKey: keys.products, queryFn: () => api('/api/products', z.array(ProductSchema)), enabled });

export const useLots = (productId: string): UseQueryResult<Lot[]> =>
  useQuery({
    queryKey: keys.lots(productId),
    queryFn: () => api(`/api/products/${productId}/lots`, z.array(LotSchema)),
  });

export const useUsers = (): UseQueryResult<User[]> =>
  useQuery({ queryKey: keys.users, queryFn: () => api('/api/users', z.array(UserSchema)) });

export const useProcedures = (patientId: string): UseQueryResult<Procedure[]> =>
  useQuery({
    queryKey: keys.procedures(patientId),
    queryFn: () => api(`/api/patients/${patientId}/procedures`, z.array(ProcedureSchema)),
  });

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first (`before`: the last `seq` of the previous page; null = newest). */
export const useAudit = (before: number | null): UseQueryResult<AuditEvent[]> =>
  useQuery({
    queryKey: keys.audit(before),
    queryFn: () =>
      api(
        `/api/audit?limit=${AUDIT_PAGE_SIZE}${before === null ? '' : `&before=${before}`}`,
        z.array(AuditEventSchema),
      ),
    placeholderData: keepPreviousData,
  });

// ---- photo -> analysis ---------------------------------------------------------------------------------------

export const photoAnalysisUrl = (photoId: string): string => `/api/photos/${photoId}/analysis`;

const finished = (s: string | null | undefined): boolean => s === 'succeeded' || s === 'failed';

/** The photo's analysis query (shared by every screen through its key); polls while the job runs. */
export const photoAnalysisQuery = (photoId: string) => ({
  queryKey: keys.photoAnalysis(photoId),
  queryFn: () => api(photoAnalysisUrl(photoId), PhotoAnalysisSchema),
  refetchInterval: (q: { state: { data?: PhotoAnalysis | undefined } }) => {
    const d = q.state.data;
    return d && (d.jobStatus === null || finished(d.jobStatus)) ? false : 500;
  },
});

export interface PhotoAnalysisState {
  readonly job: Job | undefined;
  readonly analysis: Analysis | undefined;
  /** The newest landmark version (a clinician's correction, or the detector's). */
  readonly latest: LandmarkVersion | undefined;
  /** The server has no analysis job for this photo. */
  readonly unknown: boolean;
  readonly loading: boolean;
  readonly error: unknown;
}

/**
 * A photo's analysis from the server (`GET /api/photos/:id/analysis`): the same in every browser, for photos
 * uploaded anywhere. Polls until the analysis job has finished.
 */
export function usePhotoAnalysis(photo: Photo | undefined): PhotoAnalysisState {
  const q = useQuery({ ...photoAnalysisQuery(photo?.id ?? ''), enabled: photo !== undefined });
  const d = q.data;
  return {
    job: d?.job ?? undefined,
    analysis: d?.analysis ?? undefined,
    latest: d?.analysis?.landmarkVersions.at(-1),
    unknown: d !== undefined && d.job === null && d.analysis === null,
    loading: q.isLoading || (d !== undefined && d.job !== null && !finished(d.job.status)),
    error: q.error,
  };
}

// ---- mutations -----------------------------------------------------------------------------------------------

export function useCreatePatient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPatient) => api('/api/patients', PatientSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.patients }),
  });
}

export function useUpdatePatient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PatientPatch) => api(`/api/patients/${id}`, PatientSchema, { method: 'PATCH', body }),
    onSuccess: (p) => {
      qc.setQueryData(keys.patient(id), p);
      return Promise.all([
        qc.invalidateQueries({ queryKey: keys.patients }),
        qc.invalidateQueries({ queryKey: keys.patientVersions(id) }),
      ]);
    },
  });
}

export function useCreateVisit(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewVisit) =>
      api(`/api/patients/${patientId}/visits`, VisitSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.visits(patientId) }),
  });
}

export function useUploadPhoto(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (input: {
      view: View;
      visitId: string;
      file: Blob;
      name: string;
      burstId?: string;
    }) => {
      const form = new FormData();
      form.append('view', input.view);
      form.append('visitId', input.visitId);
      if (input.burstId) form.append('burstId', input.burstId);
      form.append('file', input.file, input.name);
      return api(`/api/patients/${patientId}/photos`, UploadResultSchema, { method: 'POST', form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.photos(patientId) }),
  });
}

export function useCorrectLandmarks(analysisId: string, photoId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LandmarkCorrection) =>
      api(`/api/analyses/${analysisId}/landmarks`, LandmarkVersionSchema, { method: 'POST', body }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.analysis(analysisId) }),
        qc.invalidateQueries({ queryKey: keys.photoAnalysis(photoId) }),
        qc.invalidateQueries({ queryKey: ['patient'] }),
      ]),
  });
}

export function useSaveAssessment(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAssessment) =>
      api(`/api/patients/${patientId}/assessments`, AssessmentRecordSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.assessments(patientId) }),
  });
}

/** A correction of a saved assessment (reason required); the server keeps the previous version. */
export function useCorrectAssessment(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AssessmentCorrection }) =>
      api(`/api/assessments/${id}`, AssessmentRecordSchema, { method: 'PUT', body }),
    onSuccess: (a) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: keys.assessments(patientId) }),
        qc.invalidateQueries({ queryKey: ['record-history', 'assessments', a.id] }),
      ]),
  });
}

/** Archives (read-only) or restores a patient's record: admins. */
export function useArchivePatient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (verb: 'archive' | 'restore') =>
      api(`/api/patients/${id}/${verb}`, PatientSchema, { method: 'POST' }),
    onSuccess: (p) => {
      qc.setQueryData(keys.patient(id), p);
      return qc.invalidateQueries({ queryKey: keys.patients });
    },
  });
}

export function useSavePlan(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { plan: Plan | undefined; state: PlanScreenState }) =>
      savePlan(api, patientId, input.plan, input.state),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.plans(patientId) }),
  });
}

/** The chart audit of the plan's current version (refetched whenever the sign dialog opens). */
export function usePlanChecklist(planId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['plan-checklist', planId ?? ''],
    queryFn: () => fetchChecklist(api, planId ?? ''),
    enabled: enabled && planId !== undefined,
    staleTime: 0,
  });
}

export function useSignPlan(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { plan: Plan; password: string; acknowledge: readonly Acknowledgement[] }) =>
      signPlan(api, input.plan, input.password, input.acknowledge),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.plans(patientId) }),
  });
}

export function useRecordProcedure(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProcedure) =>
      api(`/api/patients/${patientId}/procedures`, ProcedureSchema, { method: 'POST', body }),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ['lots'] }),
        qc.invalidateQueries({ queryKey: keys.procedures(patientId) }),
      ]),
  });
}

export function useBookFollowUp(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewFollowUp) =>
      api(`/api/patients/${patientId}/follow-ups`, FollowUpSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.followUps(patientId) }),
  });
}

export function useCreateProduct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewProduct) => api('/api/products', ProductSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.products }),
  });
}

export function useAddLot(productId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewLot) => api(`/api/products/${productId}/lots`, LotSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.lots(productId) }),
  });
}

/** Admins: disable (sessions end, sign-in refused) or enable a user. */
export function useSetUserDisabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; disabled: boolean }) =>
      api(`/api/users/${v.id}/status`, UserSchema, {
        method: 'PATCH',
        body: { version: v.version, disabled: v.disabled },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}

/** Admins: a user's new password; every session of that user ends. */
export function useSetUserPassword() {
  return useMutation({
    mutationFn: (v: { id: string; password: string }) =>
      api(`/api/users/${v.id}/password`, UserSchema, { method: 'PUT', body: { password: v.password } }),
  });
}

/** Admins: end every session of a user. */
export function useRevokeSessions() {
  return useMutation({
    mutationFn: (id: string) => api(`/api/users/${id}/sessions`, RevokedSessionsSchema, { method: 'DELETE' }),
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api('/api/users', UserSchema, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}
