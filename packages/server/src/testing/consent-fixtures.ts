import { randomBytes } from 'node:crypto';
import {
  HISTORY_FLAGS,
  makeCase,
  planCase,
  syntheticFace,
  SYNTHETIC_IMAGE,
  type CaseFile,
  type ThreadPlacement,
} from '@liftplan/domain';
import { CONSENT_TEMPLATE } from '@liftplan/report';
import { systemContext, type RepoContext } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import type { NewPlan } from '../schemas.js';

/** The password `seedClinic` gives every user. */
const SEEDED_PASSWORD = 'correct horse battery staple';

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
 * A signed plan version built the way the server builds every plan: a visit, a front photo analysed
 * (synthetic landmarks), the contraindication checklist reviewed, an assessment with only the jowl graded
 * (the planner places one row per side), the planner's placements (optionally edited by `edit`) saved and
 * signed with the doctor's password. Returns the version id and its placements.
 */
export async function signedPlan(
  repos: Repositories,
  doctor: RepoContext,
  patientId: string,
  edit: (p: ThreadPlacement, caseFile: CaseFile) => ThreadPlacement = (p) => p,
  password = SEEDED_PASSWORD,
): Promise<{ planVersionId: string; placements: ThreadPlacement[] }> {
  const patient = await repos.patients.get(doctor, patientId);
  await repos.patients.update(doctor, patientId, {
    version: patient.version,
    history: Object.fromEntries(HISTORY_FLAGS.map((f) => [f, false])),
  });
  const visit = await repos.visits.create(doctor, patientId, { kind: 'consultation', date: '2025-03-01' });
  const { job } = await repos.photos.recordUpload(doctor, {
    patientId,
    visitId: visit.id,
    view: 'front',
    sha256: randomBytes(32).toString('hex'),
    size: 10,
    contentType: 'image/png',
    originalName: 'front.png',
  });
  const system = systemContext(doctor.actor.organisationId, 'test', 'fixture');
  let claimed = await repos.jobs.claimNext(system);
  while (claimed && claimed.id !== job.id) claimed = await repos.jobs.claimNext(system);
  const landmarks = syntheticFace();
  const analysisId = await repos.jobs.succeed(system, job.id, {
    detector: landmarks.detector,
    landmarks,
    passed: true,
    measurements: null,
    image: { ...SYNTHETIC_IMAGE },
  });
  await repos.assessments.create(doctor, patientId, {
    visitId: visit.id,
    assessment: { ...jowlCase().assessment },
  });
  const edits = {
    visitId: visit.id,
    photos: [{ photoId: job.photoId, analysisId, landmarkVersion: 1 }],
    intake: { concerns: [], expectations: 'realistic' as const },
  };
  const created = await repos.plans.create(doctor, patientId, { ...edits, placements: [] });
  // No case (e.g. a minor, refused by the case schema): an empty draft, so signing lists the reasons.
  const caseFile = created.versions[0]?.payload['caseFile'] as CaseFile | null;
  const placements = caseFile ? planCase(caseFile).placements.map((p) => edit(p, caseFile)) : [];
  const draft = await repos.plans.saveDraft(doctor, created.id, {
    ...edits,
    version: created.version,
    placements: JSON.parse(JSON.stringify(placements)) as NewPlan['placements'],
  });
  const signed = await repos.plans.sign(doctor, draft.id, { version: draft.version, password });
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
