import {
  ageInYears,
  CASE_FORMAT_VERSION,
  HISTORY_FLAGS,
  planningAgeRefusal,
  type Assessment,
  type CaseFile,
  type HistoryFlag,
  type Justification,
  type LandmarkSet,
  type Patient as CasePatient,
  type View,
  type Bilingual,
} from '@liftplan/domain';
import type { Patient } from '@liftplan/api';
import { ageOn } from './format.js';

export interface CasePhotoInput {
  readonly view: View;
  readonly width: number;
  readonly height: number;
  readonly landmarks: LandmarkSet;
  /** Of the stored original: ties the case's photo to the file the server prints. */
  readonly sha256?: string;
  /** The other shots of a burst of this view (their metrics median with this one's, as on the server). */
  readonly burst?: readonly Omit<CasePhotoInput, 'view' | 'burst'>[];
}

export interface IntakeState {
  readonly concerns: CasePatient['concerns'];
  readonly expectations: CasePatient['expectations'];
  readonly pupillaryDistanceMm?: number;
}

export function historyOf(p: Patient): Record<HistoryFlag, boolean> {
  return Object.fromEntries(HISTORY_FLAGS.map((f) => [f, p.history[f] === true])) as Record<
    HistoryFlag,
    boolean
  >;
}

/**
 * The case file the domain plans from, built in the browser from the server's records: the patient (age on the
 * visit date, sex, history), the intake, the clinician's assessment and one photo per view with its latest
 * (possibly corrected) landmarks. The chart number, not the name, is the case's patient id.
 */
export function buildCase(input: {
  readonly patient: Patient;
  readonly visitId: string;
  readonly visitDate: string;
  readonly intake: IntakeState;
  readonly assessment: Assessment;
  readonly photos: readonly CasePhotoInput[];
  readonly justifications?: readonly Justification[];
}): CaseFile {
  const { patient, intake } = input;
  const casePatient: CasePatient = {
    id: patient.chartNumber,
    // The true age, never clamped: the domain refuses a minor (or an age beyond the case format) itself.
    age: ageOn(patient.birthDate, input.visitDate),
    sex: patient.sex,
    history: historyOf(patient),
    previousProcedures: [],
    concerns: [...intake.concerns],
    expectations: intake.expectations,
    ...(intake.pupillaryDistanceMm === undefined ? {} : { pupillaryDistanceMm: intake.pupillaryDistanceMm }),
  };
  const seen = new Set<View>();
  const photos = input.photos.filter((p) => (seen.has(p.view) ? false : (seen.add(p.view), true)));
  const c: CaseFile = {
    format: 'liftplan.case',
    version: CASE_FORMAT_VERSION,
    caseId: input.visitId,
    visitDate: input.visitDate,
    patient: casePatient,
    assessment: input.assessment,
    photos: photos.map((p) => ({
      view: p.view,
      image: { width: p.width, height: p.height, ...(p.sha256 ? { sha256: p.sha256 } : {}) },
      landmarks: p.landmarks,
      ...(p.burst && p.burst.length > 0
        ? {
            burst: p.burst.map((b) => ({
              image: { width: b.width, height: b.height, ...(b.sha256 ? { sha256: b.sha256 } : {}) },
              landmarks: b.landmarks,
            })),
          }
        : {}),
    })),
  };
  return input.justifications && input.justifications.length > 0
    ? { ...c, justifications: [...input.justifications] }
    : c;
}

/**
 * Why this patient cannot be planned on the visit date, in the domain's own words (a minor, or an age the
 * case format does not accept), or null. Screens show it instead of planning.
 */
export function caseAgeRefusal(patient: Pick<Patient, 'birthDate'>, visitDate: string): Bilingual | null {
  const age = ageInYears(patient.birthDate, visitDate);
  if (age === null) {
    return {
      en: `birth date ${patient.birthDate} is not a date`,
      ko: `생년월일 ${patient.birthDate}이(가) 날짜가 아닙니다`,
    };
  }
  return planningAgeRefusal(age);
}
