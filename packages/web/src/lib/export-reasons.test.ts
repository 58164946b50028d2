import { describe, expect, it } from 'vitest';
import { fhirDownloadUrl, isExportReason } from './export-reasons.js';

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
