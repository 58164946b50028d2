/**
 * Builds valid case files around a synthetic (canonical-mesh) face, for tests and clearly-labelled example
 * cases. Everything has a neutral default; pass only what a test is about.
 */
import type { Assessment, CaseFile, Justification, Patient, Photo } from '../case/schema.js';
import { CASE_FORMAT_VERSION } from '../case/schema.js';
import { HISTORY_FLAGS, REGIONS, type HistoryFlag, type Region } from '../case/vocab.js';
import { syntheticFace, type SyntheticFaceOptions } from '../face/synthetic.js';

export interface MakeCaseOptions {
  readonly caseId?: string;
  readonly visitDate?: string;
  readonly note?: string;
  readonly age?: number;
  readonly sex?: Patient['sex'];
  readonly history?: Partial<Record<HistoryFlag, boolean>>;
  readonly previousProcedures?: Patient['previousProcedures'];
  readonly concerns?: Patient['concerns'];
  readonly expectations?: Patient['expectations'];
  readonly pupillaryDistanceMm?: number;
  readonly grades?: Partial<Record<Region, number>>;
  readonly skinThickness?: Assessment['skinThickness'];
  readonly elasticity?: Assessment['elasticity'];
  readonly fat?: Assessment['fat'];
  readonly glogau?: Assessment['glogau'];
  readonly fitzpatrick?: Assessment['fitzpatrick'];
  /** Options for the synthetic front face (iris points are on unless turned off). */
  readonly face?: SyntheticFaceOptions;
  /** false: no front photo at all. */
  readonly frontPhoto?: boolean;
  readonly extraPhotos?: readonly Photo[];
  readonly justifications?: readonly Justification[];
}

export const SYNTHETIC_IMAGE = { width: 1000, height: 1200 } as const;

const DEFAULT_GRADES: Record<Region, number> = {
  brow: 1,
  midface: 2,
  nasolabial: 2,
  jowl: 2,
  marionette: 1,
  neck: 0,
};

export function makeCase(o: MakeCaseOptions = {}): CaseFile {
  const history = Object.fromEntries(HISTORY_FLAGS.map((f) => [f, o.history?.[f] ?? false])) as Record<
    HistoryFlag,
    boolean
  >;
  const grades = Object.fromEntries(REGIONS.map((r) => [r, o.grades?.[r] ?? DEFAULT_GRADES[r]])) as Record<
    Region,
    number
  >;
  const photos: Photo[] = [];
  if (o.frontPhoto !== false) {
    photos.push({
      view: 'front',
      image: { ...SYNTHETIC_IMAGE },
      landmarks: syntheticFace({ iris: true, ...o.face }),
    });
  }
  photos.push(...(o.extraPhotos ?? []));
  const patient: Patient = {
    id: 'P-SYNTH-001',
    age: o.age ?? 45,
    sex: o.sex ?? 'female',
    history,
    previousProcedures: [...(o.previousProcedures ?? [])],
    concerns: [...(o.concerns ?? [{ region: 'jowl', side: 'both' }])],
    expectations: o.expectations ?? 'realistic',
    ...(o.pupillaryDistanceMm === undefined ? {} : { pupillaryDistanceMm: o.pupillaryDistanceMm }),
  };
  const c: CaseFile = {
    format: 'liftplan.case',
    version: CASE_FORMAT_VERSION,
    caseId: o.caseId ?? 'CASE-SYNTH-001',
    visitDate: o.visitDate ?? '2026-11-20',
    note: o.note ?? 'SYNTHETIC case built from the MediaPipe canonical face (not a patient)',
    patient,
    assessment: {
      grades,
      skinThickness: o.skinThickness ?? 'normal',
      elasticity: o.elasticity ?? 'good',
      fat: o.fat ?? 'balanced',
      glogau: o.glogau ?? 'II',
      fitzpatrick: o.fitzpatrick ?? 'III',
      assessedBy: 'synthetic',
    },
    photos,
  };
  return o.justifications ? { ...c, justifications: [...o.justifications] } : c;
}
