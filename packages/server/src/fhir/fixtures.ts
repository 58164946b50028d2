import { Readable } from 'node:stream';
import {
  HISTORY_FLAGS,
  measureView,
  METRIC_BANDS,
  planCase,
  syntheticFace,
  SYNTHETIC_IMAGE,
  withBands,
  type CaseFile,
} from '@liftplan/domain';
import sharp from 'sharp';
import { systemContext } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import type { NewPlan } from '../schemas.js';
import type { PhotoStore } from '../storage/photo-store.js';
import { jowlCase, signConsent } from '../testing/consent-fixtures.js';
import { newPatient, type Clinic } from '../testing/fixtures.js';

const PASSWORD = 'correct horse battery staple';

/** A front photo of the visit: a real JPEG in the store, its derivative, and an analysis with banded metrics. */
async function analysedPhoto(
  repos: Repositories,
  store: PhotoStore,
  clinic: Clinic,
  patientId: string,
  visitId: string,
  shade: number,
): Promise<{ photoId: string; analysisId: string }> {
  const doctor = clinic.as('doctor');
  const jpeg = await sharp({
    create: { width: 32, height: 40, channels: 3, background: { r: shade, g: 120, b: 90 } },
  })
    .jpeg()
    .toBuffer();
  const original = await store.put(Readable.from([jpeg]), 1_000_000);
  const { job } = await repos.photos.recordUpload(doctor, {
    patientId,
    visitId,
    view: 'front',
    sha256: original.sha256,
    size: original.size,
    contentType: 'image/jpeg',
    originalName: 'front.jpg',
  });
  const system = systemContext(clinic.organisationId, 'test', 'fixture');
  const derivative = await store.put(
    Readable.from([await sharp(jpeg).jpeg({ quality: 80 }).toBuffer()]),
    1_000_000,
  );
  await repos.photos.recordDerivative(system, original.sha256, {
    sha256: derivative.sha256,
    size: derivative.size,
    width: 32,
    height: 40,
  });
  let claimed = await repos.jobs.claimNext(system);
  while (claimed && claimed.id !== job.id) claimed = await repos.jobs.claimNext(system);
  const landmarks = syntheticFace();
  const view = measureView(landmarks, 'front');
  // The synthetic face has no measured repeatability of its own: the detector's bands stand in for it here.
  const measurements = {
    ...view,
    metrics: withBands(view.metrics, 1, view.calibration.relativeUncertainty, METRIC_BANDS),
  };
  const analysisId = await repos.jobs.succeed(system, job.id, {
    detector: landmarks.detector,
    landmarks,
    passed: true,
    measurements,
    image: { ...SYNTHETIC_IMAGE },
  });
  return { photoId: job.photoId, analysisId };
}

export interface SeededRecord {
  readonly patientId: string;
  readonly chartNumber: string;
  readonly displayName: string;
  readonly birthDate: string;
  readonly visitIds: readonly string[];
  readonly planVersionId: string;
}

/**
 * One patient with three visits, as a clinic records them: consultation (analysed front photo, assessment,
 * signed plan, signed consent with the given research scope), procedure (threads from a catalogue lot), and a
 * follow-up (analysed photo, GAIS and satisfaction scored, a complication).
 */
export async function seedThreeVisitPatient(
  repos: Repositories,
  store: PhotoStore,
  clinic: Clinic,
  options: { research?: boolean; chartNumber?: string; displayName?: string; birthDate?: string } = {},
): Promise<SeededRecord> {
  const doctor = clinic.as('doctor');
  const coord = clinic.as('coordinator');
  const admin = clinic.as('admin');
  const patient = await repos.patients.create(
    coord,
    newPatient({
      history: Object.fromEntries(HISTORY_FLAGS.map((f) => [f, false])),
      ...(options.chartNumber ? { chartNumber: options.chartNumber } : {}),
      ...(options.displayName ? { displayName: options.displayName } : {}),
      ...(options.birthDate ? { birthDate: options.birthDate } : {}),
    }),
  );
  const consult = await repos.visits.create(doctor, patient.id, { kind: 'consultation', date: '2025-03-01' });
  const photo = await analysedPhoto(repos, store, clinic, patient.id, consult.id, 180);
  await repos.assessments.create(doctor, patient.id, {
    visitId: consult.id,
    assessment: { ...jowlCase().assessment },
  });
  const edits = {
    visitId: consult.id,
    photos: [{ photoId: photo.photoId, analysisId: photo.analysisId, landmarkVersion: 1 }],
    intake: { concerns: [], expectations: 'realistic' as const },
  };
  const created = await repos.plans.create(doctor, patient.id, { ...edits, placements: [] });
  const caseFile = created.versions[0]?.payload['caseFile'] as CaseFile | null;
  if (!caseFile) throw new Error('fixture: the plan has no case');
  const placements = planCase(caseFile).placements;
  const draft = await repos.plans.saveDraft(doctor, created.id, {
    ...edits,
    version: created.version,
    placements: JSON.parse(JSON.stringify(placements)) as NewPlan['placements'],
  });
  const signed = await repos.plans.sign(doctor, draft.id, { version: draft.version, password: PASSWORD });
  const planVersionId = signed.versions.find((x) => x.status === 'signed')?.id;
  if (!planVersionId) throw new Error('fixture: plan not signed');
  await signConsent(repos, coord, planVersionId, doctor.actor.userId, {
    record: true,
    marketing: false,
    research: options.research ?? true,
  });

  const product = await repos.catalogue.createProduct(admin, {
    name: `Cog 19G ${patient.chartNumber}`,
    manufacturer: 'Acme',
    threadKind: 'bidirectional-cog',
    material: 'PDO',
    gauge: '0',
    lengthMm: 60,
  });
  const lot = await repos.catalogue.addLot(admin, product.id, {
    lotNumber: `L-${patient.chartNumber}`,
    expiryDate: '2027-12-31',
    stock: 20,
  });
  const procVisit = await repos.visits.create(doctor, patient.id, { kind: 'procedure', date: '2025-03-08' });
  const procedure = await repos.procedures.record(coord, patient.id, {
    visitId: procVisit.id,
    planVersionId,
    performedBy: doctor.actor.userId,
    performedOn: '2025-03-08',
    anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1% with epinephrine', doseMl: 4 },
    threads: placements.map((p) => ({
      placementId: p.id,
      region: p.region,
      side: p.side,
      lotId: lot.id,
      count: p.count,
      deviations: 'product from the clinic catalogue',
    })),
    events: [{ at: '10:05', kind: 'bruising noticed', note: 'left jowl, small' }],
  });

  const fuVisit = await repos.visits.create(doctor, patient.id, { kind: 'follow-up', date: '2025-06-08' });
  await analysedPhoto(repos, store, clinic, patient.id, fuVisit.id, 200);
  const fu = await repos.followUps.book(coord, patient.id, {
    procedureId: procedure.id,
    dueDate: '2025-06-08',
  });
  await repos.followUps.score(doctor, fu.id, {
    version: fu.version,
    visitId: fuVisit.id,
    gaisClinician: 2,
    gaisPatient: 1,
    satisfaction: 4,
  });
  await repos.followUps.addComplication(doctor, patient.id, {
    followUpId: fu.id,
    kind: 'bruising',
    severity: 'mild',
    onsetDate: '2025-03-09',
    management: 'cold compress',
    resolution: 'resolved',
    resolvedDate: '2025-03-20',
  });
  return {
    patientId: patient.id,
    chartNumber: patient.chartNumber,
    displayName: patient.displayName,
    birthDate: patient.birthDate,
    visitIds: [consult.id, procVisit.id, fuVisit.id],
    planVersionId,
  };
}
