/**
 * What the consultation and patient mode show, from the plan version as the verified record stands for it
 * (the same `verifyPlan` the server signs and prints with): the plan, the front photo's landmarks, the plan
 * drawn on them, the front measurements and the aftercare schedule from the procedure day.
 */
import {
  buildAftercareSchedule,
  faceCrop,
  measureView,
  projectPlan,
  verifyPlan,
  type LandmarkSet,
} from '@liftplan/domain';
import { useMemo } from 'react';
import { usePhotoAnalysis } from '../../api/hooks.js';
import type { Patient, Photo, PlanVersion } from '@liftplan/api';
import { useImageSize } from '../../components/face/FaceCanvas.js';
import { savedRecord } from '../../lib/plan-draft.js';
import { photoUrl } from '../visit/PhotosStep.js';

/** The face-size picture rectangle (domain `faceCrop`, the PDF's 4:5 shape) in FaceCanvas' box form. */
export function faceCropBox(lm: LandmarkSet, size: { readonly width: number; readonly height: number }) {
  const r = faceCrop(lm, size);
  return { x: r.x, y: r.y, w: r.width, h: r.height };
}

export function useConsultationData(input: {
  readonly patient: Patient;
  readonly visitDate: string;
  readonly front: Photo | undefined;
  readonly version: PlanVersion | undefined;
  /** The day the procedure was (or will be) done: aftercare dates count from it. */
  readonly procedureDate?: string | undefined;
}) {
  const { version, front, patient } = input;
  const record = useMemo(() => savedRecord(version), [version]);
  const payload = useMemo(() => (record ? (verifyPlan(record).plan ?? undefined) : undefined), [record]);
  const a = usePhotoAnalysis(front);
  const size = useImageSize(front ? photoUrl(front) : undefined);
  const lm = a.latest?.landmarks;
  const projected = useMemo(
    () => (payload && lm ? projectPlan({ placements: payload.placements }, lm) : undefined),
    [payload, lm],
  );
  const pd = record?.intake.pupillaryDistanceMm;
  const measured = useMemo(() => (lm ? measureView(lm, 'front', pd) : undefined), [lm, pd]);
  const procedureDate = input.procedureDate ?? input.visitDate;
  const schedule = useMemo(
    () =>
      payload
        ? buildAftercareSchedule({ placements: payload.placements, procedureDate, sex: patient.sex })
        : undefined,
    [payload, procedureDate, patient.sex],
  );
  return { payload, analysis: a, size, lm, projected, measured, schedule };
}
