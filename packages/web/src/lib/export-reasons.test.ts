import { describe, expect, it } from 'vitest';
import {
  documentUrl,
  fhirDownloadUrl,
  isDownloadReason,
  isExportReason,
  recordCopyUrls,
} from './export-reasons.js';

describe('FHIR download address', () => {
  it('carries the chosen reason and only the bounds given', () => {
    expect(fhirDownloadUrl('p-1', 'patient-request')).toBe('/api/patients/p-1/fhir?reason=patient-request');
    expect(fhirDownloadUrl('p/1', 'transfer-of-care', { from: '2025-01-01', to: '' })).toBe(
      '/api/patients/p%2F1/fhir?reason=transfer-of-care&from=2025-01-01',
    );
    expect(isExportReason('because')).toBe(false);
    expect(isExportReason('research')).toBe(true);
  });
});

describe('printed document address', () => {
  it('is no address until a reason is chosen, then carries the reason with the other parameters', () => {
    expect(documentUrl('/api/visits/v-1/report.pdf', '', { lang: 'ko' })).toBeNull();
    expect(documentUrl('/api/visits/v-1/report.pdf', 'patient-care', { lang: 'ko' })).toBe(
      '/api/visits/v-1/report.pdf?lang=ko&reason=patient-care',
    );
    expect(documentUrl('/api/consents/c-1/consent.pdf', 'legal-request')).toBe(
      '/api/consents/c-1/consent.pdf?reason=legal-request',
    );
    expect(isDownloadReason('patient-care')).toBe(true);
    expect(isDownloadReason('')).toBe(false);
  });
});

describe('record copy addresses', () => {
  it('wait for the language; the FHIR file goes with the reason patient-request', () => {
    expect(recordCopyUrls('p-1', '')).toBeNull();
    expect(recordCopyUrls('p-1', 'ko')).toEqual({
      pdf: '/api/patients/p-1/record-copy.pdf?lang=ko',
      fhir: '/api/patients/p-1/fhir?reason=patient-request',
    });
  });
});
