import { createHash } from 'node:crypto';

/** Code systems and identifiers used in liftplan's FHIR R4 export (docs/fhir.md). */
export const SYSTEM = {
  snomed: 'http://snomed.info/sct',
  ucum: 'http://unitsofmeasure.org',
  loinc: 'http://loinc.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ActReason',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  mediaType: 'http://terminology.hl7.org/CodeSystem/media-type',
  signatureType: 'urn:iso-astm:E1762-95:2013',
  /** The HL7 extensions for a value's uncertainty (standard uncertainty and its distribution). */
  uncertainty: 'http://hl7.org/fhir/StructureDefinition/iso21090-uncertainty',
  uncertaintyType: 'http://hl7.org/fhir/StructureDefinition/iso21090-uncertaintyType',
  // liftplan's own code systems and identifiers (URNs: nothing to resolve over the network).
  metric: 'urn:liftplan:fhir:metric',
  region: 'urn:liftplan:fhir:region',
  chartNumber: 'urn:liftplan:fhir:chart-number',
  sha256: 'urn:liftplan:fhir:sha256',
  licence: 'urn:liftplan:fhir:doctor-licence',
  gaisQuestionnaire: 'urn:liftplan:fhir:questionnaire:follow-up-scores',
  mdcExtension: 'urn:liftplan:fhir:extension:minimal-detectable-change',
  bandSourceExtension: 'urn:liftplan:fhir:extension:band-source',
  estimateExtension: 'urn:liftplan:fhir:extension:estimated-scale',
  historyExtension: 'urn:liftplan:fhir:extension:patient-history',
  recordShaExtension: 'urn:liftplan:fhir:extension:record-sha256',
  placementExtension: 'urn:liftplan:fhir:extension:placement',
  exportTag: 'urn:liftplan:fhir:export',
} as const;

/** SNOMED CT laterality qualifiers. */
export const LATERALITY = {
  left: { system: SYSTEM.snomed, code: '7771000', display: 'Left' },
  right: { system: SYSTEM.snomed, code: '24028007', display: 'Right' },
  bilateral: { system: SYSTEM.snomed, code: '51440002', display: 'Right and left' },
} as const;

/** UCUM codes of the metric units. */
export const UCUM = {
  mm: { unit: 'mm', code: 'mm' },
  deg: { unit: '°', code: 'deg' },
  ratio: { unit: 'ratio', code: '1' },
} as const;

/** A stable FHIR id (UUID form) for a resource that has no row of its own: same parts, same id. */
export function derivedId(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const urn = (id: string): string => `urn:uuid:${id}`;
export const ref = (id: string, display?: string): { reference: string; display?: string } =>
  display === undefined ? { reference: urn(id) } : { reference: urn(id), display };
