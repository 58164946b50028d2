/** Why a record leaves the clinic (the server's EXPORT_REASONS): chosen by the user, never pre-selected. */
export const EXPORT_REASONS = [
  'transfer-of-care',
  'patient-request',
  'legal-request',
  'clinic-backup',
  'quality-review',
  'research',
] as const;
export type ExportReason = (typeof EXPORT_REASONS)[number];

export const isExportReason = (v: string): v is ExportReason =>
  (EXPORT_REASONS as readonly string[]).includes(v);

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
