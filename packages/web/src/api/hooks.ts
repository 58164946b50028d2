import type { Assessment, LandmarkSet, View } from '@liftplan/domain';
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { api } from './client.js';
import { fetchChecklist, savePlan, signPlan, type PlanScreenState } from '../lib/plan-draft.js';
import type {
  Analysis,
  AssessmentRecord,
  AuditEvent,
  Consent,
  ConsentPreview,
  ConsentStatus,
  Doctor,
  FollowUp,
  Job,
  LandmarkVersion,
  Lot,
  Patient,
  PatientVersion,
  Photo,
  PhotoAnalysis,
  Plan,
  Procedure,
  ProcedureThreadInput,
  Product,
  Sex,
  UploadResult,
  User,
  Visit,
  VisitKind,
  Role,
} from './types.js';

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
    queryFn: () => api<PatientVersion[]>(`/api/patients/${id}/versions`),
  });

export const useDoctors = (): UseQueryResult<Doctor[]> =>
  useQuery({ queryKey: keys.doctors, queryFn: () => api<Doctor[]>('/api/doctors') });

export const useConsentStatus = (planVersionId: string | undefined): UseQueryResult<ConsentStatus> =>
  useQuery({
    queryKey: keys.consentStatus(planVersionId ?? ''),
    queryFn: () => api<ConsentStatus>(`/api/plan-versions/${planVersionId ?? ''}/consent`),
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
      api<ConsentPreview>(
        `/api/plan-versions/${planVersionId ?? ''}/consent-form?lang=${lang}&performers=${performers.join(',')}`,
      ),
    enabled: planVersionId !== undefined,
  });

export interface NewConsentBody {
  readonly locale: 'ko' | 'en';
  readonly templateVersion: number;
  readonly documentSha256: string;
  readonly performingDoctorIds: readonly string[];
  readonly procedureAgreed: true;
  readonly photoScopes: Readonly<Record<'record' | 'marketing' | 'research', boolean>>;
  readonly signerName: string;
  readonly signerRelation: string | null;
  readonly signaturePath: string;
}

export function useSignConsent(planVersionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewConsentBody) =>
      api<Consent>(`/api/plan-versions/${planVersionId}/consents`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.consentStatus(planVersionId) }),
  });
}

export const usePatients = (): UseQueryResult<Patient[]> =>
  useQuery({ queryKey: keys.patients, queryFn: () => api<Patient[]>('/api/patients?limit=200') });

export const usePatient = (id: string): UseQueryResult<Patient> =>
  useQuery({ queryKey: keys.patient(id), queryFn: () => api<Patient>(`/api/patients/${id}`) });

export const useVisits = (id: string): UseQueryResult<Visit[]> =>
  useQuery({ queryKey: keys.visits(id), queryFn: () => api<Visit[]>(`/api/patients/${id}/visits`) });

/** The patient's photos with their analysis link; refreshed while an analysis is queued or running. */
export const usePhotos = (id: string): UseQueryResult<Photo[]> =>
  useQuery({
    queryKey: keys.photos(id),
    queryFn: () => api<Photo[]>(`/api/patients/${id}/photos`),
    refetchInterval: (q) =>
      (q.state.data ?? []).some((p) => p.jobStatus === 'queued' || p.jobStatus === 'running') ? 1500 : false,
  });

export const useAssessments = (id: string): UseQueryResult<AssessmentRecord[]> =>
  useQuery({
    queryKey: keys.assessments(id),
    queryFn: () => api<AssessmentRecord[]>(`/api/patients/${id}/assessments`),
  });

export const usePlans = (id: string): UseQueryResult<Plan[]> =>
  useQuery({ queryKey: keys.plans(id), queryFn: () => api<Plan[]>(`/api/patients/${id}/plans`) });

export const useFollowUps = (id: string): UseQueryResult<FollowUp[]> =>
  useQuery({
    queryKey: keys.followUps(id),
    queryFn: () => api<FollowUp[]>(`/api/patients/${id}/follow-ups`),
  });

export const useProcedure = (id: string | null): UseQueryResult<Procedure> =>
  useQuery({
    queryKey: keys.procedure(id ?? ''),
    queryFn: () => api<Procedure>(`/api/procedures/${id ?? ''}`),
    enabled: id !== null,
  });

export const useProducts = (enabled = true): UseQueryResult<Product[]> =>
  useQuery({ queryKey: keys.products, queryFn: () => api<Product[]>('/api/products'), enabled });

export const useLots = (productId: string): UseQueryResult<Lot[]> =>
  useQuery({ queryKey: keys.lots(productId), queryFn: () => api<Lot[]>(`/api/products/${productId}/lots`) });

export const useUsers = (): UseQueryResult<User[]> =>
  useQuery({ queryKey: keys.users, queryFn: () => api<User[]>('/api/users') });

export const useProcedures = (patientId: string): UseQueryResult<Procedure[]> =>
  useQuery({
    queryKey: keys.procedures(patientId),
    queryFn: () => api<Procedure[]>(`/api/patients/${patientId}/procedures`),
  });

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first (`before`: the last `seq` of the previous page; null = newest). */
export const useAudit = (before: number | null): UseQueryResult<AuditEvent[]> =>
  useQuery({
    queryKey: keys.audit(before),
    queryFn: () =>
      api<AuditEvent[]>(`/api/audit?limit=${AUDIT_PAGE_SIZE}${before === null ? '' : `&before=${before}`}`),
    placeholderData: keepPreviousData,
  });

// ---- photo -> analysis ---------------------------------------------------------------------------------------

export const photoAnalysisUrl = (photoId: string): string => `/api/photos/${photoId}/analysis`;

const finished = (s: string | null | undefined): boolean => s === 'succeeded' || s === 'failed';

/** The photo's analysis query (shared by every screen through its key); polls while the job runs. */
export const photoAnalysisQuery = (photoId: string) => ({
  queryKey: keys.photoAnalysis(photoId),
  queryFn: () => api<PhotoAnalysis>(photoAnalysisUrl(photoId)),
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
    mutationFn: (body: {
      chartNumber: string;
      displayName: string;
      birthDate: string;
      sex: Sex;
      history?: Record<string, boolean>;
      notes?: string | null;
      phone?: string | null;
      email?: string | null;
      address?: string | null;
    }) => api<Patient>('/api/patients', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.patients }),
  });
}

export function useUpdatePatient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      version: number;
      history?: Record<string, boolean>;
      notes?: string | null;
      displayName?: string;
      birthDate?: string;
      sex?: Sex;
      phone?: string | null;
      email?: string | null;
      address?: string | null;
      reason?: string | null;
    }) => api<Patient>(`/api/patients/${id}`, { method: 'PATCH', body }),
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
    mutationFn: (body: { kind: VisitKind; date: string; notes?: string | null }) =>
      api<Visit>(`/api/patients/${patientId}/visits`, { method: 'POST', body }),
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
      return api<UploadResult>(`/api/patients/${patientId}/photos`, { method: 'POST', form });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.photos(patientId) }),
  });
}

export function useCorrectLandmarks(analysisId: string, photoId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { baseNumber: number; landmarks: LandmarkSet; note: string | null }) =>
      api<LandmarkVersion>(`/api/analyses/${analysisId}/landmarks`, { method: 'POST', body }),
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
    mutationFn: (body: { visitId: string; assessment: Assessment }) =>
      api<AssessmentRecord>(`/api/patients/${patientId}/assessments`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.assessments(patientId) }),
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
    mutationFn: (input: { plan: Plan; password: string; acknowledge: readonly 'provisional-photos'[] }) =>
      signPlan(api, input.plan, input.password, input.acknowledge),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.plans(patientId) }),
  });
}

export function useRecordProcedure(patientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      visitId: string;
      planVersionId: string;
      performedBy: string;
      performedOn: string;
      anaesthesia: {
        kind: 'topical' | 'local-infiltration' | 'nerve-block' | 'none';
        agent: string | null;
        doseMl: number | null;
      };
      threads: ProcedureThreadInput[];
      notPlaced: { placementId: string; reason: string }[];
      notes: string | null;
    }) => api<Procedure>(`/api/patients/${patientId}/procedures`, { method: 'POST', body }),
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
    mutationFn: (body: { procedureId: string | null; dueDate: string }) =>
      api<FollowUp>(`/api/patients/${patientId}/follow-ups`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.followUps(patientId) }),
  });
}

export function useCreateProduct() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<Product, 'id'>) => api<Product>('/api/products', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.products }),
  });
}

export function useAddLot(productId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { lotNumber: string; expiryDate: string; stock: number }) =>
      api<Lot>(`/api/products/${productId}/lots`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.lots(productId) }),
  });
}

/** Admins: disable (sessions end, sign-in refused) or enable a user. */
export function useSetUserDisabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; version: number; disabled: boolean }) =>
      api<User>(`/api/users/${v.id}/status`, {
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
      api<User>(`/api/users/${v.id}/password`, { method: 'PUT', body: { password: v.password } }),
  });
}

/** Admins: end every session of a user. */
export function useRevokeSessions() {
  return useMutation({
    mutationFn: (id: string) => api<{ revoked: number }>(`/api/users/${id}/sessions`, { method: 'DELETE' }),
  });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; displayName: string; role: Role; password: string }) =>
      api<User>('/api/users', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.users }),
  });
}
