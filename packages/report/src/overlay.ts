/**
 * The plan drawn over a photo as an SVG string (pure): the domain's renderSvg with the projected plan only
 * (no danger zones or clinician legend in a patient document). Without a photo file the face outline is drawn
 * so the threads have a face to sit on.
 */
import {
  buildFaceFrame,
  calibrate,
  projectPlan,
  renderSvg,
  type CaseFile,
  type ThreadPlacement,
  type PlanFinding,
} from '@liftplan/domain';

export function planOverlaySvg(
  plan: { readonly placements: readonly ThreadPlacement[]; readonly findings: readonly PlanFinding[] },
  photo: CaseFile['photos'][number],
  pupillaryDistanceMm: number | undefined,
  background: 'photo' | 'plain',
): string {
  const landmarks = photo.landmarks;
  const frame = buildFaceFrame(landmarks, calibrate(landmarks, pupillaryDistanceMm));
  const svg = renderSvg({
    image: { width: photo.image.width, height: photo.image.height },
    landmarks,
    frame,
    plan: projectPlan(plan, landmarks),
    show: {
      mesh: false,
      landmarks: background === 'plain',
      regions: false,
      zones: false,
      plan: true,
      midline: false,
    },
  });
  // The legend names danger-zone severities for clinicians; the report explains lines and dots in the caption.
  return svg.replace(/<g class="legend">[\s\S]*?<\/g>/, '');
}
