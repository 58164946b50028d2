import type { DownloadReason, ExportReason } from '@liftplan/api';

/** Why a record leaves the clinic (the API contract's vocabulary): chosen by the user, never pre-selected. */
export { EXPORT_REASONS, isExportReason, type ExportReason } from '@liftplan/api';
/** Why a printed document is downloaded (the export reasons and the patient's copy during care). */
export { DOWNLOAD_REASONS, isDownloadReason, type DownloadReason } from '@liftplan/api';

/** The download address of a patient's FHIR R4 Bundle (optionally one visit or a date range). */
export function fhirDownloadUrl(
  patientId: string,
  reason: ExportReason,
  range: { readonly from?: string; readonly to?: string; readonly visitId?: string } = {},
): string {
  const q = new URLSearchParams({ reason });
  if (range.visitId) q.set('visitId', range.visitId);
  if (range.from) q.set('from', range.from);
  if (range.to) q.set('to', range.to);
  return `/api/patients/${encodeURIComponent(patientId)}/fhir?${q.toString()}`;
}

/**
 * The address of a printed document (`/api/visits/…/report.pdf`, `/api/consents/…/consent.pdf`, …) with the
 * reason the user chose; `null` until a reason is chosen, so no download starts without one.
 */
export function documentUrl(
  path: string,
  reason: DownloadReason | '',
  params: Readonly<Record<string, string>> = {},
): string | null {
  if (reason === '') return null;
  const q = new URLSearchParams(params);
  q.set('reason', reason);
  return `${path}?${q.toString()}`;
}

/**
 * The patient's copy of their record (Art. 21): the PDF in the chosen language and the FHIR Bundle, both with
 * the reason `patient-request`; `null` until a language is chosen.
 */
export function recordCopyUrls(
  patientId: string,
  lang: 'ko' | 'en' | '',
): { readonly pdf: string; readonly fhir: string } | null {
  if (lang === '') return null;
  return {
    pdf: `/api/patients/${encodeURIComponent(patientId)}/record-copy.pdf?lang=${lang}`,
    fhir: fhirDownloadUrl(patientId, 'patient-request'),
  };
}
