import { makeCase, planCase, type ThreadPlacement } from '@liftplan/domain';
import { CONSENT_TEMPLATE } from '@liftplan/report';
import type { RepoContext } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';

/** A short pointer signature in the pad's frame (a zig-zag). */
export const A_SIGNATURE = 'M 20 150 L 80 60 L 140 150 L 200 60 L 260 150 L 320 70';

/** Only the jowl graded: the planner places one row per side. */
export const jowlCase = (visitDate = '2025-03-01') =>
  makeCase({
    caseId: 'care-1',
    visitDate,
    grades: { brow: 0, midface: 0, nasolabial: 0, jowl: 3, marionette: 0, neck: 0 },
  });

/**
 * A signed plan version from a real case (placements optionally edited by `edit`), for the patient, signed
 * by `doctor`. Returns the version id and its placements.
 */
export async function signedPlan(
  repos: Repositories,
  doctor: RepoContext,
  patientId: string,
  edit: (p: ThreadPlacement) => ThreadPlacement = (p) => p,
): Promise<{ planVersionId: string; placements: ThreadPlacement[] }> {
  const caseFile = jowlCase();
  const planned = planCase(caseFile);
  const placements = planned.placements.map(edit);
  const plan = await repos.plans.create(doctor, patientId, {
    ruleSetVersion: planned.ruleSetVersion,
    payload: { caseFile, placements, justifications: [] },
  });
  const signed = await repos.plans.sign(doctor, plan.id, plan.version);
  const v = signed.versions.find((x) => x.status === 'signed');
  if (!v) throw new Error('plan not signed');
  return { planVersionId: v.id, placements };
}

/** The patient signs the consent of a plan version, the photo scopes as given (record only by default). */
export async function signConsent(
  repos: Repositories,
  ctx: RepoContext,
  planVersionId: string,
  performingDoctorId: string,
  scopes = { record: true, marketing: false, research: false },
) {
  const form = await repos.consents.preview(ctx, planVersionId, 'ko', [performingDoctorId]);
  return repos.consents.sign(ctx, planVersionId, {
    locale: 'ko',
    templateVersion: CONSENT_TEMPLATE.version,
    documentSha256: form.documentSha256,
    performingDoctorIds: [performingDoctorId],
    procedureAgreed: true,
    photoScopes: scopes,
    signerName: '환자 본인',
    signaturePath: A_SIGNATURE,
  });
}
