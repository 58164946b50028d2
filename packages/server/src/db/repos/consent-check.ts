/**
 * The consent item of the sign checklist. Consent is signed by the patient on a signed plan version (the form
 * describes what was signed), so it always follows the doctor's signature: the item says so instead of being
 * pretended complete or blocking. When an earlier signed version of the plan had the patient's consent, the
 * item says that consent does not carry over to the version being signed; a version the patient consented to
 * is complete. Procedures are refused until the
 * version they follow has its consent (consent_required).
 */
import type { Reason } from '../../errors.js';
import type { ChecklistCheck } from './sign-checklist.js';

export const consentCheck: ChecklistCheck = async (trx, ctx, subject) => {
  const earlier = await trx
    .selectFrom('consents')
    .innerJoin('plan_versions', 'plan_versions.id', 'consents.plan_version_id')
    .select(['plan_versions.id as versionId', 'plan_versions.number as number'])
    .where('consents.organisation_id', '=', ctx.actor.organisationId)
    .where('plan_versions.plan_id', '=', subject.plan.id)
    .orderBy('plan_versions.number', 'desc')
    .executeTakeFirst();
  if (earlier?.versionId === subject.version.id) return { id: 'consent', state: 'complete', reasons: [] };
  const reason: Reason = earlier
    ? {
        code: 'consent-again',
        params: { signedVersion: earlier.number },
        message: `the patient consented to version ${earlier.number}; this version needs the patient's signed consent again before the procedure`,
      }
    : {
        code: 'consent-after-signing',
        params: {},
        message:
          'the patient signs the consent of this version after you sign it; no procedure is recorded before that',
      };
  return { id: 'consent', state: 'after-signing', reasons: [reason] };
};
