/**
 * Report inputs for tests and the benchmark: a synthetic case (MediaPipe canonical face, not a patient) with
 * front and both oblique views, its plan and aftercare schedule, and stand-in "photos" rendered from the
 * synthetic mesh (JPEG, 1000×1200) so the overlay has something to sit on.
 */
import sharp from 'sharp';
import {
  buildAftercareSchedule,
  buildFaceFrame,
  calibrate,
  FACE_OVAL,
  makeCase,
  planCase,
  renderSvg,
  syntheticFace,
  SYNTHETIC_IMAGE,
  type CaseFile,
  type Photo,
} from '@liftplan/domain';
import type { ReportInput, ReportPhoto } from '../src/types.js';

export const CLINIC = {
  name: 'Seoul Example Clinic (서울 예시 의원)',
  address: '123 Teheran-ro, Gangnam-gu, Seoul',
  phone: '02-555-0100',
};
export const DOCTOR = { name: 'Dr. Kim Minji (김민지)', licence: '12345' };

const obliquePhoto = (view: 'oblique-left' | 'oblique-right'): Photo => ({
  view,
  image: { ...SYNTHETIC_IMAGE },
  landmarks: syntheticFace({ iris: true, yawDeg: view === 'oblique-left' ? 35 : -35 }),
});

/** 56-year-old with heavy lower-face tissue: anchored jowl/midface threads, age-related risks. */
export function anchoredCase(): CaseFile {
  return makeCase({
    caseId: 'CASE-REPORT-001',
    visitDate: '2026-03-04',
    age: 56,
    sex: 'female',
    fat: 'heavy',
    grades: { brow: 1, midface: 3, nasolabial: 2, jowl: 3, marionette: 2, neck: 0 },
    extraPhotos: [obliquePhoto('oblique-left'), obliquePhoto('oblique-right')],
  });
}

/** Colour of the face in the stand-in photos (lighter than the background, so tests can find the face). */
export const FACE_FILL = { r: 232, g: 198, b: 176 } as const;

/** A stand-in photo: the synthetic face (oval filled, mesh drawn) on a darker background. */
export async function meshPhoto(c: CaseFile, view: Photo['view']): Promise<Uint8Array> {
  const photo = c.photos.find((p) => p.view === view);
  if (!photo) throw new Error(`no ${view} photo in the case`);
  const frame = buildFaceFrame(photo.landmarks, calibrate(photo.landmarks));
  const svg = renderSvg({
    image: { width: photo.image.width, height: photo.image.height },
    landmarks: photo.landmarks,
    frame,
    show: { mesh: true, landmarks: false, regions: false, zones: false, plan: false, midline: false },
  });
  const { width, height } = photo.image;
  const oval = FACE_OVAL.map((i) => {
    const p = photo.landmarks.mesh[i];
    return p ? `${p[0]},${p[1]}` : '';
  }).join(' ');
  const face = `<polygon points="${oval}" fill="rgb(${FACE_FILL.r},${FACE_FILL.g},${FACE_FILL.b})"/>`;
  const mesh = await sharp(Buffer.from(svg.replace(/(<svg[^>]*>)/, `$1${face}`)))
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 196, g: 160, b: 140 } } })
    .composite([{ input: mesh }])
    .jpeg({ quality: 88 })
    .toBuffer();
}

export interface FixtureOptions {
  readonly caseFile?: CaseFile;
  /** Attach photo files for these views (default: none). */
  readonly photoViews?: readonly Photo['view'][];
  /** The recorded procedure day (default: the visit date); null: no procedure recorded yet. */
  readonly procedureDate?: string | null;
}

export async function reportInput(options: FixtureOptions = {}): Promise<ReportInput> {
  const caseFile = options.caseFile ?? anchoredCase();
  const plan = planCase(caseFile);
  const photos: ReportPhoto[] = [];
  for (const view of options.photoViews ?? []) photos.push({ view, bytes: await meshPhoto(caseFile, view) });
  return {
    clinic: CLINIC,
    doctor: DOCTOR,
    patient: { id: caseFile.patient.id, age: caseFile.patient.age, sex: caseFile.patient.sex },
    visitDate: caseFile.visitDate,
    ...(options.procedureDate === null ? {} : { procedureDate: options.procedureDate ?? caseFile.visitDate }),
    caseFile,
    plan,
    photos,
    aftercare: buildAftercareSchedule({
      placements: plan.placements,
      procedureDate: caseFile.visitDate,
      sex: caseFile.patient.sex,
    }),
    planVersion: { version: 1, signedBy: DOCTOR.name, signedAt: '2026-03-04T06:20:00.000Z' },
  };
}

export const THREE_VIEWS = ['front', 'oblique-left', 'oblique-right'] as const;
