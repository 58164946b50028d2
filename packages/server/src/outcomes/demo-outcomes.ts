import { Readable } from 'node:stream';
import {
  HISTORY_FLAGS,
  JOWL_POINTS,
  planCase,
  SIDES,
  syntheticFace,
  SYNTHETIC_IMAGE,
  type CaseFile,
  type LandmarkSet,
} from '@liftplan/domain';
import sharp from 'sharp';
import { systemContext, type RepoContext } from '../db/context.js';
import type { Repositories } from '../db/repositories.js';
import { CONSENT_TEMPLATE } from '@liftplan/report';
import type { NewPlan } from '../schemas.js';
import type { PhotoStore } from '../storage/photo-store.js';

/**
 * Synthetic demo patients with KNOWN effects, for trying the outcomes screen and for testing that the
 * pipeline (landmarks → follow-up change in the baseline's frame → summary → SQL aggregation) recovers them.
 * Every face is the canonical mesh (no real person); the follow-up jowl is moved by the schedule below plus
 * per-visit noise. The demo faces are labelled with their own detector id so that the measured MediaPipe
 * bands apply to them (the synthetic detector has none): their bands are the real detector's, their faces
 * are not real. Never mixed into a real clinic (the CLI seeds only the demo clinic).
 */
export const DEMO_DETECTOR = { id: 'liftplan-demo-synthetic', version: '1' } as const;

/**
 * The demo's jowl-depth change from baseline (mm, negative = less jowl) at each follow-up: liftplan-default
 * demo values shaped like the published course of PDO threads (improvement largely gone by 12 months,
 * clinical-facts `pdo-duration`); not a clinical claim.
 */
export const DEMO_JOWL_EFFECT: readonly {
  readonly months: number;
  readonly days: number;
  readonly changeMm: number;
}[] = [
  { months: 1, days: 30, changeMm: -2.4 },
  { months: 3, days: 91, changeMm: -1.8 },
  { months: 6, days: 183, changeMm: -1.0 },
  { months: 12, days: 365, changeMm: -0.3 },
];
/** Half-width of the uniform per-visit noise added to the demo effect (mm). */
export const DEMO_NOISE_MM = 0.5;
/** Chance of bruising and of swelling recorded at the first follow-up of a demo patient. */
export const DEMO_COMPLICATION_RATES = { bruising: 0.2, swelling: 0.3 } as const;
/** The clinician's GAIS of a demo follow-up, by months after the procedure: weights of scores 1…5. */
export const DEMO_GAIS_WEIGHTS: Readonly<Record<number, readonly number[]>> = {
  1: [0.3, 0.5, 0.15, 0.05, 0],
  3: [0.2, 0.5, 0.25, 0.05, 0],
  6: [0.1, 0.4, 0.4, 0.1, 0],
  12: [0.05, 0.2, 0.45, 0.3, 0],
};

/** A small deterministic PRNG (mulberry32): the same seed gives the same demo clinic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (weights: readonly number[], u: number): number => {
  let acc = 0;
  for (const [i, w] of weights.entries()) {
    acc += w;
    if (u < acc) return i + 1;
  }
  return weights.length;
};

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The demo face, its jowl raised by `liftMm` (jowl depth changes by −liftMm). */
function demoFace(liftMm: number): LandmarkSet {
  const displace = new Map<number, readonly [number, number, number]>();
  for (const side of SIDES) for (const i of JOWL_POINTS[side]) displace.set(i, [0, liftMm, 0]);
  return { ...syntheticFace({ displace }), detector: { ...DEMO_DETECTOR } };
}

export interface DemoActors {
  readonly doctor: RepoContext;
  readonly coordinator: RepoContext;
  readonly admin: RepoContext;
  /** The doctor's password (plans are signed as in the clinic). */
  readonly doctorPassword: string;
}

export interface DemoOutcomeResult {
  readonly patients: number;
  readonly followUps: number;
  readonly complications: Readonly<Record<string, number>>;
}

async function analysed(
  repos: Repositories,
  store: PhotoStore | null,
  a: DemoActors,
  patientId: string,
  visitId: string,
  landmarks: LandmarkSet,
  jpeg: Buffer | null,
): Promise<{ photoId: string; analysisId: string }> {
  let sha256: string;
  let size: number;
  if (store && jpeg) {
    const blob = await store.put(Readable.from([jpeg]), 1_000_000);
    sha256 = blob.sha256;
    size = blob.size;
  } else {
    const { createHash } = await import('node:crypto');
    sha256 = createHash('sha256').update(`${visitId}:front`).digest('hex');
    size = 1;
  }
  const { job } = await repos.photos.recordUpload(a.coordinator, {
    patientId,
    visitId,
    view: 'front',
    sha256,
    size,
    contentType: 'image/jpeg',
    originalName: 'demo-front.jpg',
  });
  const system = systemContext(a.doctor.actor.organisationId, 'demo', 'demo-outcomes', a.doctor.clock);
  let claimed = await repos.jobs.claimNext(system);
  while (claimed && claimed.id !== job.id) claimed = await repos.jobs.claimNext(system);
  const analysisId = await repos.jobs.succeed(system, job.id, {
    detector: landmarks.detector,
    landmarks,
    passed: true,
    measurements: null,
    image: { ...SYNTHETIC_IMAGE },
  });
  return { photoId: job.photoId, analysisId };
}

/**
 * Seeds `patients` demo patients, each with a consultation (front photo, jowl-only assessment, signed plan,
 * signed consent with the research scope), a procedure with a lot of `productId`, and follow-ups at 1, 3, 6 and
 * 12 months (front photo with the known effect, GAIS, satisfaction; complications at the first follow-up at the
 * demo rates). Deterministic for a seed.
 */
export async function seedDemoOutcomes(
  repos: Repositories,
  store: PhotoStore | null,
  a: DemoActors,
  options: { readonly patients: number; readonly seed?: number; readonly firstChart?: number },
): Promise<DemoOutcomeResult> {
  const rnd = prng(options.seed ?? 13);
  const jpeg = store
    ? await sharp({ create: { width: 32, height: 40, channels: 3, background: { r: 190, g: 160, b: 140 } } })
        .jpeg()
        .toBuffer()
    : null;
  const product = await repos.catalogue.createProduct(a.admin, {
    name: 'Demo cog PDO 19G 100 mm',
    manufacturer: 'Demo',
    threadKind: 'bidirectional-cog',
    material: 'PDO',
    gauge: '0',
    lengthMm: 100,
  });
  const lot = await repos.catalogue.addLot(a.admin, product.id, {
    lotNumber: `DEMO-${options.seed ?? 13}-${Date.now()}`,
    expiryDate: '2099-12-31',
    stock: options.patients * 20 + 10,
  });
  const complications: Record<string, number> = {};
  let followUps = 0;
  const first = options.firstChart ?? 1;
  for (let n = 0; n < options.patients; n++) {
    const chart = `DEMO-O${String(first + n).padStart(4, '0')}`;
    const patient = await repos.patients.create(a.coordinator, {
      chartNumber: chart,
      displayName: `Demo ${chart}`,
      birthDate: `19${60 + Math.floor(rnd() * 25)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      sex: rnd() < 0.85 ? 'female' : 'male',
      history: Object.fromEntries(HISTORY_FLAGS.map((f) => [f, false])),
      notes: 'Synthetic demo patient (canonical face, known effects): not a real person.',
    });
    const day = addDays('2024-01-08', Math.floor(rnd() * 300));
    const consult = await repos.visits.create(a.doctor, patient.id, { kind: 'consultation', date: day });
    const base = await analysed(repos, store, a, patient.id, consult.id, demoFace(0), jpeg);
    await repos.assessments.create(a.doctor, patient.id, {
      visitId: consult.id,
      assessment: {
        grades: { brow: 0, midface: 0, nasolabial: 0, jowl: 3, marionette: 0, neck: 0 },
        skinThickness: 'normal',
        elasticity: 'fair',
        fat: 'balanced',
        glogau: 'II',
        fitzpatrick: 'III',
      },
    });
    const edits = {
      visitId: consult.id,
      photos: [{ photoId: base.photoId, analysisId: base.analysisId, landmarkVersion: 1 }],
      intake: { concerns: [], expectations: 'realistic' as const },
    };
    const created = await repos.plans.create(a.doctor, patient.id, { ...edits, placements: [] });
    const caseFile = created.versions[0]?.payload['caseFile'] as CaseFile | null;
    if (!caseFile) throw new Error(`demo patient ${chart}: the plan has no case`);
    const placements = planCase(caseFile).placements;
    const draft = await repos.plans.saveDraft(a.doctor, created.id, {
      ...edits,
      version: created.version,
      placements: JSON.parse(JSON.stringify(placements)) as NewPlan['placements'],
    });
    const signed = await repos.plans.sign(a.doctor, draft.id, {
      version: draft.version,
      password: a.doctorPassword,
    });
    const planVersionId = signed.versions.find((v) => v.status === 'signed')?.id;
    if (!planVersionId) throw new Error(`demo patient ${chart}: plan not signed`);
    const form = await repos.consents.preview(a.coordinator, planVersionId, 'ko', [a.doctor.actor.userId]);
    await repos.consents.sign(a.coordinator, planVersionId, {
      locale: 'ko',
      templateVersion: CONSENT_TEMPLATE.version,
      documentSha256: form.documentSha256,
      performingDoctorIds: [a.doctor.actor.userId],
      procedureAgreed: true,
      photoScopes: { record: true, marketing: false, research: true },
      signerName: '환자 본인',
      signaturePath: 'M 20 150 L 80 60 L 140 150 L 200 60 L 260 150 L 320 70',
    });
    const procDay = addDays(day, 7);
    const procVisit = await repos.visits.create(a.doctor, patient.id, { kind: 'procedure', date: procDay });
    const procedure = await repos.procedures.record(a.coordinator, patient.id, {
      visitId: procVisit.id,
      planVersionId,
      performedBy: a.doctor.actor.userId,
      performedOn: procDay,
      anaesthesia: { kind: 'local-infiltration', agent: 'lidocaine 1% with epinephrine', doseMl: 4 },
      threads: placements.map((p) => ({
        placementId: p.id,
        region: p.region,
        side: p.side,
        lotId: lot.id,
        count: p.count,
        deviations: 'demo catalogue product',
      })),
    });
    for (const [k, step] of DEMO_JOWL_EFFECT.entries()) {
      const date = addDays(procDay, step.days);
      const visit = await repos.visits.create(a.doctor, patient.id, { kind: 'follow-up', date });
      const noise = (rnd() * 2 - 1) * DEMO_NOISE_MM;
      await analysed(repos, store, a, patient.id, visit.id, demoFace(-(step.changeMm + noise)), jpeg);
      const fu = await repos.followUps.book(a.coordinator, patient.id, {
        procedureId: procedure.id,
        dueDate: date,
      });
      await repos.followUps.score(a.doctor, fu.id, {
        version: fu.version,
        visitId: visit.id,
        gaisClinician: pick(DEMO_GAIS_WEIGHTS[step.months] ?? [1], rnd()),
        gaisPatient: pick(DEMO_GAIS_WEIGHTS[step.months] ?? [1], rnd()),
        satisfaction: Math.min(5, 6 - pick(DEMO_GAIS_WEIGHTS[step.months] ?? [1], rnd())),
      });
      followUps++;
      if (k === 0) {
        for (const [kind, rate] of Object.entries(DEMO_COMPLICATION_RATES)) {
          if (rnd() >= rate) continue;
          complications[kind] = (complications[kind] ?? 0) + 1;
          await repos.followUps.addComplication(a.doctor, patient.id, {
            followUpId: fu.id,
            kind,
            severity: 'mild',
            onsetDate: addDays(procDay, 1),
            management: 'observation',
            resolution: 'resolved',
            resolvedDate: addDays(procDay, 10),
          });
        }
      }
    }
  }
  return { patients: options.patients, followUps, complications };
}
