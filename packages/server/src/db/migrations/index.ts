import type { Migration } from 'kysely';
import { initial } from './0001-initial.js';
import { derivatives } from './0002-derivatives.js';
import { lookups } from './0003-lookups.js';
import { clinicDetails } from './0004-clinic-details.js';
import { signedRecord } from './0005-signed-record.js';
import { consentProcedure } from './0006-consent-procedure.js';
import { landmarkProvenance } from './0008-landmark-provenance.js';
import { photoBurst } from './0012-photo-burst.js';
import { fhirImport } from './0010-fhir-import.js';
import { outcomeChanges } from './0010b-outcome-changes.js';
import { accessReviews } from './0010c-access-reviews.js';
import { tenancy } from './0013-tenancy.js';
import { integrity } from './0014-integrity.js';
import { records } from './0015-records.js';
import { sessionNotify } from './0017-session-notify.js';
import { readIndexes } from './0018-read-indexes.js';

/** Every migration, in order. Names sort lexically; never rename or edit one that has shipped. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-derivatives': derivatives,
  '0003-lookups': lookups,
  '0004-clinic-details': clinicDetails,
  '0005-signed-record': signedRecord,
  '0006-consent-procedure': consentProcedure,
  '0008-landmark-provenance': landmarkProvenance,
  '0010-fhir-import': fhirImport,
  '0010b-outcome-changes': outcomeChanges,
  '0010c-access-reviews': accessReviews,
  '0012-photo-burst': photoBurst,
  '0013-tenancy': tenancy,
  '0014-integrity': integrity,
  '0015-records': records,
  '0017-session-notify': sessionNotify,
  '0018-read-indexes': readIndexes,
};
